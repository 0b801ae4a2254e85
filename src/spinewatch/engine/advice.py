"""Advice: work-up and management with timing, drug-safety warnings, and patient text.

Actions come first from the rules that fired (their timing is the triage timing), then from
the leading causes (work-up and management). Warnings are checked for every drug class the
person takes now *or* that the advice would suggest, so a suggestion never goes out unchecked.
Patient text never offers self-care at emergency level: the only message then is to act now.
"""

from __future__ import annotations

from typing import Any

from ..knowledge import KnowledgeBase, Level
from ..knowledge._models import Rule
from .assessment import Action, Advice, RankedCause, Warning

TOP_CAUSES = 3
MIN_SHARE = 0.05  # causes below this share of the differential get no work-up of their own


def leading_causes(causes: list[RankedCause]) -> list[RankedCause]:
    lead = [c for c in causes[:TOP_CAUSES] if c.score >= MIN_SHARE]
    return lead or causes[:1]


def build_actions(fired: list[Rule], lead: list[RankedCause], facts: dict[str, Any],
                  kb: KnowledgeBase) -> list[Action]:
    out: dict[str, Action] = {}
    for rule in fired:
        for aid in rule.actions:
            if aid not in out:
                a = kb.actions[aid]
                out[aid] = Action(id=aid, text=a.text, timing=a.timing, sources=list(a.sources), why=rule.id)
    tests_asked = {kb.actions[aid].test for aid in out}
    for cause in lead:
        entry = kb.causes[cause.id]
        for tid in entry.workup:
            key = f"test:{tid}"
            if key not in out and tid not in tests_asked:
                t = kb.tests[tid]
                out[key] = Action(id=key, text=f"{t.name}: {t.text}", timing=None, sources=list(t.sources), why=cause.id)
        for mid in entry.management:
            key = f"treatment:{mid}"
            if key in out or not _treatment_applies(mid, facts, kb):
                continue
            t = kb.treatments[mid]
            out[key] = Action(id=key, text=f"{t.name}: {t.text}", timing=None, sources=list(t.sources), why=cause.id)
    return list(out.values())


def _treatment_applies(tid: str, facts: dict[str, Any], kb: KnowledgeBase) -> bool:
    cond = kb.conditions.get(("treatment", tid))
    return cond is None or cond.evaluate(facts) is not False


def relevant_classes(actions: list[Action], facts: dict[str, Any], kb: KnowledgeBase) -> set[str]:
    """Drug classes taken now (or within the last week) plus those the actions suggest."""
    classes = set()
    for cid in kb.drug_classes:
        if facts.get(f"ongoing.{cid}") is True:
            classes.add(cid)
        else:
            d = facts.get(f"days_since.{cid}")
            if isinstance(d, int) and d <= 7:
                classes.add(cid)
    for a in actions:
        if a.id.startswith("treatment:"):
            t = kb.treatments[a.id.split(":", 1)[1]]
            if t.drug_class:
                classes |= kb.class_closure([t.drug_class])
    return classes


def build_warnings(classes: set[str], facts: dict[str, Any], kb: KnowledgeBase) -> list[Warning]:
    out = []
    for w in kb.warnings.values():
        if w.drug_class in classes and kb.conditions[("warning", w.id)].evaluate(facts):
            out.append(Warning(id=w.id, drug_class=w.drug_class, severity=w.severity, text=w.text,
                               sources=list(w.sources), patient_text=w.patient_text))
    order = {"avoid": 0, "caution": 1, "review": 2}
    out.sort(key=lambda w: order[w.severity])
    return out


def build_patient_advice(level: Level, fired: list[Rule], lead: list[RankedCause], facts: dict[str, Any],
                         kb: KnowledgeBase) -> list[Advice]:
    out: list[Advice] = []
    seen: set[str] = set()

    def add(aid: str) -> None:
        if aid in seen:
            return
        a = kb.advice[aid]
        if a.levels and level not in a.levels:
            return
        if a.kind == "self_care" and level == "emergency":
            return
        cond = kb.conditions.get(("advice", a.id))
        if cond is not None and cond.evaluate(facts) is not True:
            return
        seen.add(aid)
        out.append(Advice(id=aid, kind=a.kind, text=a.text, sources=list(a.sources)))

    for a in kb.advice.values():
        if a.kind == "now":
            add(a.id)
    for rule in fired:
        if rule.patient_text:
            out.append(Advice(id=f"why:{rule.id}", kind="why", text=rule.patient_text, sources=list(rule.sources)))
    lead_ids = {c.id for c in lead}
    for cause in lead:
        for aid in kb.causes[cause.id].self_care:
            add(aid)
    for a in kb.advice.values():
        if a.kind in ("self_care", "coping", "support", "safety_net") and (
                not a.causes or lead_ids.intersection(a.causes)):
            add(a.id)
    kind_order = {"now": 0, "why": 1, "safety_net": 2, "self_care": 3, "coping": 4, "support": 5}
    out.sort(key=lambda a: kind_order.get(a.kind, 9))
    return out


def clinician_summary(level: Level, fired: list[Rule], lead: list[RankedCause], actions: list[Action],
                      n_questions: int) -> str:
    parts = [f"{level.upper()}."]
    if fired:
        parts.append("Rules: " + "; ".join(f"{r.id} {r.title}" for r in fired) + ".")
    else:
        parts.append("No triage rule fired.")
    if lead:
        parts.append("Differential: " + ", ".join(f"{c.name} ({c.score:.0%})" for c in lead) + ".")
    timed = [a for a in actions if a.timing]
    if timed:
        parts.append("Next: " + "; ".join(f"{a.text.split(' - ')[0].rstrip('.')} ({a.timing})" for a in timed[:3]) + ".")
    if n_questions:
        parts.append(f"{n_questions} unanswered question(s) could raise the level.")
    return " ".join(parts)
