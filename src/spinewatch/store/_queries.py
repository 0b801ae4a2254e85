"""Read-side questions the pages and the API ask: the triage queue and a patient's history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, defer, selectinload

from ._models import LEVEL_RANK, Acknowledgement, Assessment, Patient, Report


def latest_ok(assessments: list[Assessment]) -> Assessment | None:
    """The newest successful assessment; None means the report needs manual triage."""
    return next((a for a in reversed(assessments) if a.status == "ok"), None)


def level_of(assessments: list[Assessment]) -> str:
    """The report's level, or 'manual' when no assessment succeeded."""
    a = latest_ok(assessments)
    return a.level if a is not None and a.level else "manual"


def current_assessment(report: Report) -> Assessment | None:
    return latest_ok(report.assessments)


def triage_level(report: Report) -> str:
    return level_of(report.assessments)


@dataclass(frozen=True)
class QueueItem:
    report: Report
    patient: Patient
    assessment: Assessment | None
    level: str  # emergency | manual | urgent | soon | routine

    @property
    def waiting_since(self) -> datetime:
        return self.report.submitted_at


def triage_queue(db: Session, limit: int = 500) -> list[QueueItem]:
    """Unacknowledged reports, most urgent level first, then longest waiting first."""
    unacked = ~exists().where(Acknowledgement.report_id == Report.id)
    rows = db.scalars(
        select(Report).where(unacked).options(selectinload(Report.assessments), selectinload(Report.patient))
        .order_by(Report.submitted_at).limit(limit)
    )
    items = [QueueItem(r, r.patient, current_assessment(r), triage_level(r)) for r in rows]
    items.sort(key=lambda i: (LEVEL_RANK.get(i.level, 1), i.waiting_since))
    return items


def patient_reports(db: Session, patient_id: str) -> list[Report]:
    """A patient's reports, oldest first, with assessments and acknowledgements loaded."""
    return list(db.scalars(
        select(Report).where(Report.patient_id == patient_id)
        .options(selectinload(Report.assessments), selectinload(Report.acknowledgements).selectinload(Acknowledgement.user))
        .order_by(Report.submitted_at, Report.id)
    ))


def previous_assessment(db: Session, patient_id: str, before: Report) -> Assessment | None:
    """The newest successful assessment of an earlier report of this patient (for 'worsening')."""
    return db.scalar(
        select(Assessment).join(Report, Report.id == Assessment.report_id)
        .where(Report.patient_id == patient_id, Report.id != before.id, Report.submitted_at <= before.submitted_at,
               Assessment.status == "ok")
        .order_by(Report.submitted_at.desc(), Assessment.id.desc()).limit(1)
        .options(defer(Assessment.result_json))  # tens of kB that the comparison does not need
    )
