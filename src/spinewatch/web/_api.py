"""REST API, version 1. Every route names who may call it; bad input is a 4xx naming the field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import store
from ..report import ReportError, parse_report
from ._auth import Principal, api_principal, client_ip, get_db, may_see_patient, require_clinician
from ._errors import FieldError
from ._schemas import (
    AcknowledgementIn,
    AcknowledgementOut,
    AuditEventOut,
    NewPatientOut,
    PatientIn,
    PatientOut,
    QueueItemOut,
    ReportIn,
    ReportOut,
    check_strings,
)
from ._triage import Submission, acknowledge_report, submit
from ._views import patient_dict, report_dict

router = APIRouter(prefix="/api/v1")
Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get("/health", tags=["service"])
def health() -> dict[str, str]:
    return {"status": "ok"}


def _patient_or_404(db: Session, who: Principal, patient_id: str) -> store.Patient:
    patient = db.get(store.Patient, patient_id) if may_see_patient(who, patient_id) else None
    if patient is None:
        raise HTTPException(404, "no such patient")
    return patient


def _report_or_404(db: Session, who: Principal, report_id: str) -> store.Report:
    report = db.get(store.Report, report_id)
    if report is None or not may_see_patient(who, report.patient_id):
        raise HTTPException(404, "no such report")
    return report


@router.post("/patients", status_code=201, response_model=NewPatientOut, tags=["patients"])
def create_patient(body: PatientIn, request: Request, who: Principal = Depends(require_clinician),
                   db: Session = Depends(get_db)) -> dict:
    if body.reference and db.scalar(select(store.Patient).where(store.Patient.reference == body.reference)):
        raise FieldError("reference", "a patient with this reference already exists", status=409)
    patient, token = store.create_patient(db, body.display_name, body.reference)
    store.audit(db, who.actor, "patient.created", patient_id=patient.id, ip=client_ip(request))
    db.commit()
    return {**patient_dict(patient), "link_token": token, "link_path": f"/p/{token}"}


@router.get("/patients", response_model=list[PatientOut], tags=["patients"])
def list_patients(request: Request, who: Principal = Depends(require_clinician), db: Session = Depends(get_db),
                  limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict]:
    store.audit(db, who.actor, "patients.listed", ip=client_ip(request))
    db.commit()
    return [patient_dict(p) for p in db.scalars(select(store.Patient).order_by(store.Patient.created_at).limit(limit))]


@router.get("/patients/{patient_id}", response_model=PatientOut, tags=["patients"])
def get_patient(patient_id: Id, request: Request, who: Principal = Depends(api_principal),
                db: Session = Depends(get_db)) -> dict:
    patient = _patient_or_404(db, who, patient_id)
    store.audit(db, who.actor, "patient.viewed", patient_id=patient_id, ip=client_ip(request))
    db.commit()
    return patient_dict(patient)


def _submission(body: ReportIn) -> Submission:
    reported_at = body.reported_at
    if reported_at is not None:
        reported_at = reported_at if reported_at.tzinfo else reported_at.replace(tzinfo=UTC)
        if (reported_at - datetime.now(UTC)).total_seconds() > 600:
            raise FieldError("reported_at", "is in the future")
    if body.text is not None:
        return Submission(kind="text", body=body.text, text=body.text, reported_at=reported_at)
    try:
        check_strings(body.report)
        report = parse_report(body.report)
    except ReportError as err:
        problems = [(f"report.{p}", m) for p, m in err.problems] or [("report", str(err))]
        raise FieldError.many(problems) from None
    except ValueError as err:
        path, _, msg = str(err).partition(": ")
        raise FieldError(path, msg) from None
    return Submission(kind="structured", body=json.dumps(body.report, ensure_ascii=False), report=report)


@router.post("/patients/{patient_id}/reports", status_code=201, response_model=ReportOut, tags=["reports"])
def submit_report(patient_id: Id, body: ReportIn, request: Request, who: Principal = Depends(api_principal),
                  db: Session = Depends(get_db)) -> dict:
    """Store the report as submitted, assess it, and return both. Assessment failure -> level 'manual'."""
    _patient_or_404(db, who, patient_id)
    sub = _submission(body)
    db.close()  # hand the connection back first: submit() commits in its own sessions
    row, assessment = submit(request.app.state.sessions, patient_id, sub, actor=who.actor, source="api",
                             ip=client_ip(request))
    return report_dict(row, [assessment], [])


@router.get("/patients/{patient_id}/reports", response_model=list[ReportOut], tags=["reports"])
def list_reports(patient_id: Id, request: Request, who: Principal = Depends(api_principal),
                 db: Session = Depends(get_db)) -> list[dict]:
    _patient_or_404(db, who, patient_id)
    store.audit(db, who.actor, "reports.listed", patient_id=patient_id, ip=client_ip(request))
    db.commit()
    return [report_dict(r) for r in store.patient_reports(db, patient_id)]


@router.get("/reports/{report_id}", response_model=ReportOut, tags=["reports"])
def get_report(report_id: Id, request: Request, who: Principal = Depends(api_principal),
               db: Session = Depends(get_db)) -> dict:
    report = _report_or_404(db, who, report_id)
    store.audit(db, who.actor, "report.viewed", patient_id=report.patient_id, target=f"report:{report_id}",
                ip=client_ip(request))
    db.commit()
    return report_dict(report)


@router.get("/queue", response_model=list[QueueItemOut], tags=["triage"])
def queue(request: Request, who: Principal = Depends(require_clinician), db: Session = Depends(get_db)) -> list[dict]:
    """Unacknowledged reports: emergency, needs manual triage, urgent, soon, routine; oldest first within."""
    now = store.utcnow()
    items = store.triage_queue(db)
    store.audit(db, who.actor, "queue.viewed", ip=client_ip(request))
    db.commit()
    return [{"report_id": i.report.id, "patient": patient_dict(i.patient), "level": i.level,
             "worsening": bool(i.assessment and i.assessment.worsening), "submitted_at": i.waiting_since,
             "waiting_seconds": int((now - i.waiting_since).total_seconds())} for i in items]


@router.post("/reports/{report_id}/acknowledgements", status_code=201, response_model=AcknowledgementOut,
             tags=["triage"])
def acknowledge(report_id: Id, body: AcknowledgementIn, request: Request,
                who: Principal = Depends(require_clinician), db: Session = Depends(get_db)) -> dict:
    report = _report_or_404(db, who, report_id)
    ack = acknowledge_report(db, report, who, body.note, client_ip(request))
    db.commit()
    return {"id": ack.id, "by": who.user.username, "note": ack.note, "created_at": ack.created_at}


@router.get("/audit", response_model=list[AuditEventOut], tags=["audit"])
def audit_log(request: Request, who: Principal = Depends(require_clinician), db: Session = Depends(get_db),
              patient_id: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9_-]+$")] = None,
              action: Annotated[str | None, Query(max_length=60, pattern=r"^[a-z_.]+$")] = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[store.AuditEvent]:
    rows = store.audit_events(db, patient_id=patient_id, action=action, limit=limit)
    store.audit(db, who.actor, "audit.viewed", patient_id=patient_id, ip=client_ip(request))
    db.commit()
    return rows
