"""Who is asking: a clinician (session cookie or API token) or a patient (personal link token).

A patient principal is bound to one patient id; every route that takes a patient id checks it,
and answers 404 for any other patient, so a patient cannot even learn that another id exists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from .. import store

SESSION_COOKIE = "sw_session"


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


@dataclass(frozen=True)
class Principal:
    actor: str  # as written in the audit log
    user: store.User | None = None
    patient_id: str | None = None

    @property
    def is_clinician(self) -> bool:
        return self.user is not None


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def api_principal(request: Request, db: Session = Depends(get_db)) -> Principal:
    """Bearer token: a clinician's API token ('sw_...') or a patient's link token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    user = store.user_for_api_token(db, token)
    patient = store.patient_for_token(db, token) if user is None else None
    # End the read now: this dependency runs in its own worker thread, and a request that kept
    # its connection while queueing for the next thread could starve the pool under load.
    db.commit()
    if user is not None:
        return Principal(actor=f"user:{user.username}", user=user)
    if patient is not None:
        return Principal(actor=f"patient:{patient.id}", patient_id=patient.id)
    raise HTTPException(401, "invalid or revoked token", headers={"WWW-Authenticate": "Bearer"})


def require_clinician(principal: Principal = Depends(api_principal)) -> Principal:
    if not principal.is_clinician:
        raise HTTPException(403, "clinicians only")
    return principal


def may_see_patient(principal: Principal, patient_id: str) -> bool:
    return principal.is_clinician or principal.patient_id == patient_id


def session_user(request: Request, db: Session) -> store.User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    return store.user_for_session(db, token)
