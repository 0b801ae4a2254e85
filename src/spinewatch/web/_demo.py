"""Demonstration data for ``spinewatch serve --demo``: four people with short histories.

Reports go through the same submit path as real ones (stored, then assessed by the real
engine), backdated so that the queue shows waiting times and the charts show trajectories.
The demo clinician's password is new on every start and printed, never fixed in the code.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .. import store
from ..report import parse_report
from ._triage import Submission, submit

DEMO_USER = "nurse"

_BREAST = {"cancers": [{"type": "breast", "status": "active"}], "metastases": ["bone"]}
_PROSTATE = {"cancers": [{"type": "prostate", "status": "active"}], "metastases": []}
_LUNG = {"cancers": [{"type": "lung", "status": "active"}], "metastases": []}

# (reference, name, [(days ago, structured report or free text)])
PATIENTS: list[tuple[str, str, list[tuple[float, dict[str, Any] | str]]]] = [
    ("DEMO-1", "Ann Example", [
        (20, {**_BREAST, "pain": {"sites": ["lumbar"], "nrs": 3, "course": "stable"}}),
        (9, {**_BREAST, "pain": {"sites": ["thoracic"], "nrs": 5, "night_pain": True}}),
        (0.2, {**_BREAST, "pain": {"sites": ["thoracic"], "nrs": 8, "band_like": True, "course": "worsening"},
               "neurology": {"leg_weakness": True}}),
    ]),
    ("DEMO-2", "Bob Example", [
        (6, {**_PROSTATE, "pain": {"sites": ["lumbar"], "nrs": 4, "course": "stable"}}),
        (1, {**_PROSTATE, "pain": {"sites": ["lumbar"], "nrs": 2, "course": "improving", "obvious_trigger": True},
             "neurology": {"leg_weakness": False, "numbness": False}, "systemic": {"temperature_c": 36.8}}),
    ]),
    ("DEMO-3", "Cara Example", [
        (3, {"cancers": [{"type": "myeloma", "status": "active"}], "pain": {"sites": ["thoracic"], "nrs": 6}}),
        (0.5, ("My mid back has hurt for two weeks, it is worse at night and about 7 out of 10 now. "
               "I have myeloma. No weakness in my legs.")),
    ]),
    ("DEMO-4", "Dev Example", [
        (0.1, {**_LUNG, "pain": {"sites": ["lumbar"], "nrs": 5}, "systemic": {"temperature_c": 38.3, "rigors": True},
               "treatments": [{"drug": "carboplatin", "ongoing": True}]}),
    ]),
]


@dataclass(frozen=True)
class DemoAccess:
    username: str
    password: str
    patient_links: list[tuple[str, str]]  # (name, path)


def _submission(item: dict[str, Any] | str, at: datetime) -> Submission:
    if isinstance(item, str):
        return Submission(kind="text", body=item, text=item, reported_at=at)
    data = {**item, "reported_at": at.isoformat()}
    return Submission(kind="structured", body=json.dumps(data), report=parse_report(data))


def _seed(sessions: sessionmaker[Session], now: datetime) -> None:
    for ref, name, history in PATIENTS:
        with sessions.begin() as db:
            if db.scalar(select(store.Patient).where(store.Patient.reference == ref)):
                continue
            patient, _ = store.create_patient(db, name, ref)
            store.audit(db, "system", "patient.created", patient_id=patient.id, detail="demo")
        for days, item in history:
            at = now - timedelta(days=days)
            submit(sessions, patient.id, _submission(item, at), actor="system:demo", source="api", submitted_at=at)


def load_demo(sessions: sessionmaker[Session]) -> DemoAccess:
    """Seed demo data once; give the demo nurse a fresh password and patients fresh links."""
    _seed(sessions, store.utcnow())
    password = secrets.token_urlsafe(9)
    links = []
    with sessions.begin() as db:
        user = db.scalar(select(store.User).where(store.User.username == DEMO_USER))
        if user is None:
            store.create_user(db, DEMO_USER, password, "Demo Nurse")
        else:
            store.set_password(db, user, password)
        refs = [ref for ref, _, _ in PATIENTS]
        for patient in db.scalars(select(store.Patient).where(store.Patient.reference.in_(refs))
                                  .order_by(store.Patient.reference)):
            links.append((patient.display_name, f"/p/{store.new_link_token(db, patient)}"))
    return DemoAccess(DEMO_USER, password, links)
