"""From a report to the flat facts that knowledge-base conditions read.

Names follow the report (``pain.nrs``, ``neurology.leg_weakness``) plus a few computed from
the knowledge base: cancer types, drug-class exposure and timing from dates. Clinical meaning
(what counts as the fever window, immunosuppression...) is *not* here: it lives in
``derived.yaml`` so a clinician can read it. Timing facts are whole days between the report
date and the treatment dates, the unit the guideline windows use (TAPS 1-4 days, G-CSF 0-5).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..knowledge import ABSENT, KnowledgeBase, referenced_facts
from ..report import Report

_SECTIONS = ("pain", "neurology", "systemic", "labs", "history")
_PROPENSITY_ORDER = ("low", "moderate", "high", "very_high")


# per section: the fact keys in field order, and which fields hold lists (read as sets)
_KEYS = {s: tuple(f"{s}.{n}" for n in Report.model_fields[s].annotation.model_fields) for s in _SECTIONS}
_LIST_KEYS = tuple(f"{s}.{n}" for s in _SECTIONS
                   for n, f in Report.model_fields[s].annotation.model_fields.items() if "list" in str(f.annotation))


def report_facts(report: Report, kb: KnowledgeBase) -> dict[str, Any]:
    """Facts taken straight from the report or computed from its dates; None means unknown."""
    facts: dict[str, Any] = {}
    for section in _SECTIONS:
        # pydantic keeps __dict__ in field order, so the keys line up with the values
        facts.update(zip(_KEYS[section], getattr(report, section).__dict__.values()))
    for key in _LIST_KEYS:
        value = facts[key]
        if value is not None:
            facts[key] = frozenset(value)
    facts["adl_limit"] = report.adl_limit
    facts["concern"] = report.concern
    today = report.report_date
    _cancer_facts(report, kb, facts)
    _treatment_facts(report, kb, facts, today)
    onset = report.pain.onset_date
    facts["pain.duration_days"] = (today - onset).days if onset else None
    facts["pain.present"] = _pain_present(report)
    facts["pain.back"] = _back_pain(report)
    pattern = report.neurology.numbness_pattern
    # Glove-and-stocking only is the CIPN pattern; anything else (or unknown) may be spinal.
    facts["neurology.numbness_peripheral_only"] = None if not pattern else set(pattern) == {"glove_and_stocking"}
    return facts


def _pain_present(report: Report) -> bool | None:
    """Any pain: said outright, or implied by a site, a score above 0 or a description of it."""
    p = report.pain
    if p.back_pain or p.sites or (p.nrs or 0) > 0:
        return True
    if p.course or p.character or p.onset or p.onset_date:
        return True  # a pain with a course or a character is a pain
    if p.nrs == 0 or p.back_pain is False:
        return False
    return None


def _back_pain(report: Report) -> bool | None:
    """Back, neck or pelvic pain specifically (a pain score alone may be neuropathic pain)."""
    p = report.pain
    if p.back_pain or p.sites:
        return True
    if p.back_pain is False or p.sites == [] or p.nrs == 0:
        return False
    return None


def _cancer_facts(report: Report, kb: KnowledgeBase, facts: dict[str, Any]) -> None:
    if report.cancers is None:
        facts["cancer.any"] = None
        facts["cancer.types"] = None
        facts["cancer.haematological"] = None
        facts["cancer.propensity"] = None
    else:
        ids = [kb.cancer_id(c.type) or "other" for c in report.cancers]
        facts["cancer.any"] = bool(ids)
        facts["cancer.types"] = frozenset(ids)
        entries = [kb.cancers[i] for i in ids if i in kb.cancers]
        facts["cancer.haematological"] = any(e.haematological for e in entries)
        props = [e.spinal_propensity for e in entries]
        facts["cancer.propensity"] = max(props, key=_PROPENSITY_ORDER.index) if props else ABSENT
        facts["cancer.active"] = any(c.status == "active" for c in report.cancers) or (
            None if any(c.status in (None, "unknown") for c in report.cancers) else False)
    mets = report.metastases
    facts["metastases.sites"] = None if mets is None else frozenset(mets)
    facts["metastases.bone"] = None if mets is None else bool({"bone", "spine"} & set(mets))


# The class an unrecognised drug's dates are filed under (drug_classes.yaml says why).
UNIDENTIFIED = "unidentified"

_TIMING_KEYS = ("exposed", "ongoing", "days_since", "days_since_start", "course_days", "onset_after", "n_ongoing")


def _templates(kb: KnowledgeBase) -> tuple[dict[str, Any], dict[str, Any]]:
    """Per-class facts when treatments are unknown, and when no drug of the class was given."""
    return kb.plan("fact_templates", _build_templates)


def _build_templates(kb: KnowledgeBase) -> tuple[dict[str, Any], dict[str, Any]]:
    # Only the class facts some condition reads: the rest would be written and never read.
    read = referenced_facts(kb.conditions.values())
    keys = [(k, c) for c in kb.drug_classes for k in _TIMING_KEYS if f"{k}.{c}" in read]
    unknown = {f"{k}.{c}": None for k, c in keys}
    absent = {f"{k}.{c}": ({"exposed": False, "ongoing": False, "n_ongoing": 0}.get(k, ABSENT)) for k, c in keys}
    return unknown, absent


def _class_plan(kb: KnowledgeBase) -> dict:
    """Which drug classes, and which of their timing facts, anything reads.

    Conditions, warnings and suggested treatments; the closure of paclitaxel has several
    classes and aggregating timing nobody reads would be most of the work of this module.
    Per drug, the needed part of its class closure is memoised here too.
    """
    return kb.plan("needed_classes", _build_class_plan)


def _build_class_plan(kb: KnowledgeBase) -> dict:
    read = set()
    for cond in kb.conditions.values():
        for fact in cond.facts:
            prefix, _, cls = fact.partition(".")
            if cls in kb.drug_classes and prefix in _TIMING_KEYS:
                read.add(cls)
    read.update(w.drug_class for w in kb.warnings.values())
    read.update(t.drug_class for t in kb.treatments.values() if t.drug_class)
    # timing facts read by conditions, plus the days since a dose that advice reads for any class
    read_keys = referenced_facts(kb.conditions.values())
    read_keys.update(f"days_since.{c}" for c in read)
    return {"_read": frozenset(read), "_read_keys": frozenset(read_keys)}


def _needed_classes(kb: KnowledgeBase, drug_id: str) -> frozenset[str]:
    plan = _class_plan(kb)
    found = plan.get(drug_id)
    if found is None:
        found = plan[drug_id] = kb.drug_class_closure(drug_id) & plan["_read"]
    return found


def _class_keys(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    names = ("exposed", "ongoing", "n_ongoing", "days_since", "days_since_start", "course_days", "onset_after")
    return kb.plan("class_fact_keys", lambda kb: {c: tuple(f"{n}.{c}" for n in names) for c in kb.drug_classes})


def _treatment_facts(report: Report, kb: KnowledgeBase, facts: dict[str, Any], today: date) -> None:
    """Per drug class: exposed, ongoing, days since last dose, days since start, course length."""
    treatments = report.treatments
    unknown, absent = _templates(kb)
    read = _class_plan(kb)["_read_keys"]
    unrecognised: list[str] = []
    if treatments is None:
        facts.update(unknown)
        facts["steroid.pred_eq_mg"] = None
        facts["steroid.peak_pred_eq_mg"] = None
        facts["treatment.unrecognised"] = frozenset()
        facts["treatment.classes"] = None
        return
    facts.update(absent)
    onset = report.pain.onset_date
    # each course's dates worked out once, then aggregated per class it belongs to
    per_class: dict[str, list] = {}
    pred_eq = 0.0
    pred_unknown = False
    peak = 0.0  # the highest daily dose of any course, finished or not (AVN follows past courses too)
    peak_unknown = False
    maybe: set[str] = set()
    for t in treatments:
        drug_id = kb.drug_id(t.drug)
        last = t.last_dose or (t.start if t.ongoing is False else None)
        end = today if t.ongoing else t.last_dose
        course = (end - t.start).days if t.start is not None and end is not None else None
        if drug_id is None:
            unrecognised.append(t.drug)
            # its dates still count where a rule reads the unidentified class (the fever window)
            if UNIDENTIFIED in _class_plan(kb)["_read"]:
                per_class.setdefault(UNIDENTIFIED, []).append((t.drug, t.ongoing, last, t.start, course, t))
            continue
        drug = kb.drugs[drug_id]
        maybe.update(drug.unknown_classes)
        if drug.daily and t.ongoing and last is None:
            last = today  # daily injections still going: the last one was today
        row = (drug_id, t.ongoing, last, t.start, course, t)
        for c in _needed_classes(kb, drug_id):
            per_class.setdefault(c, []).append(row)
        if drug.prednisolone_equivalent is not None:
            if t.dose_mg_per_day is None:
                peak_unknown = True
                pred_unknown = pred_unknown or t.ongoing is not False
            else:
                dose = t.dose_mg_per_day * drug.prednisolone_equivalent
                peak = max(peak, dose)
                if t.ongoing is not False:
                    pred_eq += dose
    class_keys = _class_keys(kb)
    for c, rows in per_class.items():
        k_exposed, k_ongoing, k_n, k_since, k_since_start, k_course, k_onset = class_keys[c]
        facts[k_exposed] = True
        ongoing = [r[1] for r in rows]
        facts[k_ongoing] = True if True in ongoing else (None if None in ongoing else False)
        # the rest only where some condition reads it (most classes need one or two of these)
        if k_n in read:  # distinct drugs of the class taken now (duloxetine plus another...)
            facts[k_n] = len({r[0] for r in rows if r[1]})
        if k_since in read:
            lasts = [r[2] for r in rows if r[2] is not None]
            facts[k_since] = (today - max(lasts)).days if lasts else None
        if k_since_start in read:
            starts = [r[3] for r in rows if r[3] is not None]
            facts[k_since_start] = (today - min(starts)).days if starts else None
        if k_course in read:
            courses = [r[4] for r in rows if r[4] is not None]
            facts[k_course] = max(courses) if courses else None
        if k_onset in read:
            facts[k_onset] = _onset_after([(r[5], r[0] in kb.drugs and kb.drugs[r[0]].daily) for r in rows], onset)
    if unrecognised:
        # A drug we cannot name might belong to any class (is it chemotherapy?): unknown, not "no",
        # so the drug windows become questions instead of silent noes.
        for key, value in absent.items():
            if facts.get(key) is value and key.split(".", 1)[1] not in per_class:
                facts[key] = None
    # A drug known only as anticancer treatment may still be neurotoxic: unknown, not "no".
    for cls in maybe.difference(per_class):
        for key in class_keys[cls]:
            if key in absent:
                facts[key] = None
    facts["steroid.pred_eq_mg"] = None if pred_unknown else pred_eq
    facts["steroid.peak_pred_eq_mg"] = None if peak_unknown and not peak else peak
    facts["treatment.unrecognised"] = frozenset(unrecognised)
    facts["treatment.classes"] = frozenset(per_class)


def _onset_after(items: list, onset: date | None) -> int | None:
    """Days from the last dose given on or before the pain began to the pain's onset.

    The drug windows (TAPS 1-4 days, G-CSF 0-5 days) are about when the pain *started*
    relative to a dose, not about today; a dose after the onset belongs to a later cycle.
    """
    if onset is None:
        return None
    before = [d for t, _ in items for d in (t.last_dose, t.start) if d is not None and d <= onset]
    # daily injections still going when the pain began: a dose was given that day
    before += [onset for t, daily in items if daily and t.ongoing and t.last_dose is None and t.start and t.start <= onset]
    if before:
        return (onset - max(before)).days
    # every course dated and all after the onset: the pain came first, so no drug window applies
    return ABSENT if all(t.start or t.last_dose for t, _ in items) else None
