"""Rows to plain dicts, shared by the API and the pages so they never disagree."""

from __future__ import annotations

import json
from typing import Any

from .. import store


def assessment_dict(a: store.Assessment) -> dict[str, Any]:
    return {"id": a.id, "status": a.status, "level": a.level, "pain_nrs": a.pain_nrs, "worsening": a.worsening,
            "worsening_why": a.worsening_why, "kb_version": a.kb_version, "engine_version": a.engine_version,
            "created_at": a.created_at, "error": a.error,
            "result": json.loads(a.result_json) if a.result_json else None}


def patient_dict(p: store.Patient) -> dict[str, Any]:
    return {"id": p.id, "display_name": p.display_name, "reference": p.reference, "created_at": p.created_at}


def report_dict(r: store.Report, assessments: list[store.Assessment] | None = None,
                acknowledgements: list[store.Acknowledgement] | None = None) -> dict[str, Any]:
    """``assessments``/``acknowledgements`` default to the report's own (loaded from the database);
    the submit path passes the rows it has just written instead of reading them back."""
    assessments = r.assessments if assessments is None else assessments
    acknowledgements = r.acknowledgements if acknowledgements is None else acknowledgements
    level = store.level_of(assessments)
    return {"id": r.id, "patient_id": r.patient_id, "kind": r.kind, "body": r.body, "source": r.source,
            "submitted_at": r.submitted_at, "level": level, "needs_manual_triage": level == "manual",
            "assessments": [assessment_dict(a) for a in assessments],
            "acknowledgements": [{"id": k.id, "by": k.user.username, "note": k.note, "created_at": k.created_at}
                                 for k in acknowledgements]}
