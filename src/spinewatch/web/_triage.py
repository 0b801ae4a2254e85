"""Submitting a report (store it as submitted, assess it, store the assessment) and
acknowledging one: the two writes that the API and the pages share.

The report is committed before the engine runs, so a crash, a bug or a missing component in
assessment leaves the report in the database, where it shows as "needs manual triage". Every
failure of assessment is caught here on purpose: for the person reporting, the answer is then
"a nurse will look at this", never an error page.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from .. import store
from ..report import Report
from . import _engine
from ._auth import Principal
from ._merge import merge_reports
from ._worsening import red_flags, worsening

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submission:
    """What arrived: ``body`` is stored verbatim; ``report`` and/or ``text`` are what is assessed."""

    kind: str  # structured | text | form
    body: str
    report: Report | None = None
    text: str | None = None
    reported_at: datetime | None = None


def _findings(extraction: Any) -> list[dict[str, Any]]:
    """What the intake read from the text, with the words it read it from (for the clinician)."""
    keys = ("finding", "value", "context", "text", "start", "end", "red_flag")
    return [{k: getattr(f, k, None) for k in keys} for f in getattr(extraction, "findings", [])]


def _engine_input(sub: Submission, submitted_at: datetime) -> tuple[Report, dict[str, Any]]:
    """The Report the engine sees, and what the free text yielded ('findings') or why it was not
    read ('text_not_read'); both are stored with the assessment under 'intake'.

    A form's answers are assessed even when its notes cannot be read, so that someone who
    ticked a red flag gets the emergency advice; the clinician is told the notes were not read.
    """
    if sub.text is None:
        assert sub.report is not None
        return sub.report, {}
    try:
        extraction = _engine.extract(sub.text, sub.reported_at or submitted_at)
    except Exception as err:
        if sub.report is None:
            raise
        log.warning("free text of a form could not be read: %s", err)
        return sub.report, {"text_not_read": f"{type(err).__name__}: {err}"[:500]}
    report = extraction.report if sub.report is None else merge_reports(sub.report, extraction.report)
    return report, {"findings": _findings(extraction)}


def _assess(db: Session, row: store.Report, sub: Submission) -> store.Assessment:
    try:
        report, text_info = _engine_input(sub, row.submitted_at)
        result = _engine.assess(report)
        result_json = _engine.assessment_json(result)
    except Exception as err:  # any failure at all means a person must triage this report
        if isinstance(err, _engine.EngineUnavailable):
            log.warning("report %s needs manual triage: %s", row.id, err)
        else:
            log.exception("assessment failed for report %s", row.id)
        return store.Assessment(report_id=row.id, status="failed", worsening=False,
                                error=f"{type(err).__name__}: {err}"[:2000])
    nrs, flags = report.pain.nrs, red_flags(result.reasons)
    prev = store.previous_assessment(db, row.patient_id, row)
    why = worsening(prev.pain_nrs if prev else None, prev.level if prev else None,
                    json.loads(prev.red_flags or "{}") if prev else None, nrs, result.level, flags)
    # The engine's JSON is spliced in as it is, not parsed and written again.
    payload = (f'{{"assessment": {result_json}, '
               f'"engine_input": {report.model_dump_json(exclude_none=True)}, '
               f'"intake": {json.dumps(text_info, default=str)}}}')
    return store.Assessment(report_id=row.id, status="ok", level=result.level, pain_nrs=nrs,
                            worsening=bool(why), worsening_why="; ".join(why) or None,
                            red_flags=json.dumps(flags), result_json=payload,
                            kb_version=str(result.kb_version), engine_version=str(result.engine_version))


def submit(sessions: sessionmaker[Session], patient_id: str, sub: Submission, *, actor: str, source: str,
           ip: str | None = None, submitted_at: datetime | None = None) -> tuple[store.Report, store.Assessment]:
    """Store, then assess, then store the assessment; returns both rows (detached)."""
    with sessions.begin() as db:
        row = store.Report(patient_id=patient_id, kind=sub.kind, body=sub.body, source=source,
                           submitted_by=actor, submitted_at=submitted_at or store.utcnow())
        db.add(row)
        db.flush()
        store.audit(db, actor, "report.submitted", patient_id=patient_id, target=f"report:{row.id}",
                    detail=sub.kind, ip=ip)
    with sessions.begin() as db:
        assessment = _assess(db, row, sub)
        db.add(assessment)
        db.flush()
        outcome = assessment.level if assessment.status == "ok" else "needs manual triage"
        store.audit(db, "system", "report.assessed", patient_id=patient_id, target=f"report:{row.id}",
                    detail=outcome)
    return row, assessment


def acknowledge_report(db: Session, report: store.Report, who: Principal, note: str,
                       ip: str | None) -> store.Acknowledgement:
    """The acknowledgement and its audit row, in the caller's transaction."""
    ack = store.Acknowledgement(report_id=report.id, user_id=who.user.id, note=note)
    db.add(ack)
    db.flush()
    store.audit(db, who.actor, "report.acknowledged", patient_id=report.patient_id, target=f"report:{report.id}",
                detail=note, ip=ip)
    return ack
