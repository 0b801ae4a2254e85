"""One assessment: report -> facts -> triage -> differential -> questions -> advice."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..knowledge import KnowledgeBase, load_kb
from ..report import Report, parse_report
from .advice import reason_for, build_actions, build_patient_advice, build_warnings, clinician_summary, leading_causes, relevant_classes
from .assessment import Assessment
from .derive import derive
from .differential import rank_causes
from .facts import report_facts
from .questions import questions_for
from .triage import triage


def assess(report: Report | dict[str, Any], kb: KnowledgeBase | None = None) -> Assessment:
    """Assess one report. A dict is validated first (``ReportError`` names the bad field)."""
    kb = kb or load_kb()
    if not isinstance(report, Report):
        report = parse_report(report)
    facts = derive(report_facts(report, kb), kb)
    result = triage(facts, kb)
    causes = rank_causes(facts, kb)
    lead = leading_causes(causes)
    questions = questions_for(result.undecided, facts, kb)
    actions = build_actions(result.fired, lead, facts, kb)
    warnings = build_warnings(relevant_classes(actions, facts, kb), facts, kb, result.level)
    reasons = [reason_for(r, result.level, kb) for r in result.fired]
    notes = [f"Drug not recognised: {name!r}. Treated as possible anticancer treatment for the fever "
             "rules until confirmed; not used in the other drug rules"
             for name in sorted(facts.get("treatment.unrecognised") or ())]
    if facts.get("exposed.sact") is True and facts.get("days_since.sact") is None and facts.get("ongoing.sact") is not True:
        notes.append("Anticancer treatment without a date of the last dose: counted as within the 6-week fever "
                     "window until dated; ask when the last dose was")
    return Assessment(
        level=result.level,
        reasons=reasons,
        causes=causes,
        actions=actions,
        warnings=warnings,
        questions=questions,
        patient_advice=build_patient_advice(result.level, result.fired, lead, facts, kb),
        clinician_summary=clinician_summary(result.level, result.fired, lead, actions, len(questions)),
        kb_version=kb.version,
        engine_version=__version__,
        report_id=report.id,
        notes=notes,
    )
