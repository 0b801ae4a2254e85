"""Accounts and secrets: clinician users, patient link tokens, API tokens, login sessions.

Every secret handed out (link token, API token, session cookie) is random and only its SHA-256
is stored, so a copy of the database does not let anyone in. Passwords use argon2id, the
current OWASP recommendation, through argon2-cffi's defaults.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ._models import ApiToken, Patient, User, WebSession, utcnow

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def create_user(db: Session, username: str, password: str, display_name: str | None = None,
                role: str = "clinician") -> User:
    user = User(username=username, display_name=display_name or username,
                password_hash=_hasher.hash(password), role=role, active=True)
    db.add(user)
    db.flush()
    return user


def set_password(db: Session, user: User, password: str) -> None:
    user.password_hash = _hasher.hash(password)
    db.flush()


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The active user with this password, else None. Unknown names cost the same time."""
    user = db.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return user if user is not None and user.active else None


def create_patient(db: Session, display_name: str, reference: str | None = None) -> tuple[Patient, str]:
    """A new patient and their personal link token (returned once, stored only as a hash)."""
    token = new_token()
    patient = Patient(display_name=display_name, reference=reference, link_token_hash=token_hash(token))
    db.add(patient)
    db.flush()
    return patient, token


def new_link_token(db: Session, patient: Patient) -> str:
    """Replace a patient's link (e.g. a lost phone): the old link stops working at once."""
    token = new_token()
    patient.link_token_hash = token_hash(token)
    db.flush()
    return token


def patient_for_token(db: Session, token: str) -> Patient | None:
    return db.scalar(select(Patient).where(Patient.link_token_hash == token_hash(token)))


def create_api_token(db: Session, user: User, name: str) -> str:
    token = "sw_" + new_token()
    db.add(ApiToken(token_hash=token_hash(token), name=name, user_id=user.id, revoked=False))
    db.flush()
    return token


def user_for_api_token(db: Session, token: str) -> User | None:
    row = db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token), ApiToken.revoked.is_(False)))
    return row.user if row is not None and row.user.active else None


def start_session(db: Session, user: User, lifetime: timedelta) -> str:
    token = new_token()
    db.add(WebSession(token_hash=token_hash(token), user_id=user.id, expires_at=utcnow() + lifetime))
    db.flush()
    return token


def user_for_session(db: Session, token: str, now: datetime | None = None) -> User | None:
    row = db.get(WebSession, token_hash(token))
    if row is None or row.expires_at <= (now or utcnow()) or not row.user.active:
        return None
    return row.user


def end_session(db: Session, token: str) -> None:
    db.execute(delete(WebSession).where(WebSession.token_hash == token_hash(token)))
