"""Advice: work-up and management with timing, drug-safety warnings, and patient text.

Actions come first from the rules that fired (their timing is the triage timing), then from
the leading causes (work-up and management). Warnings are checked for every drug class the
person takes now *or* that the advice would suggest, so a suggestion never goes out unchecked.
Patient text never offers self-care at emergency level: the only message then is to act now.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..knowledge import KnowledgeBase, Level
from ..knowledge._models import Rule
from .assessment import Action, Advice, RankedCause, Reason, Warning
from .triage import RANK

TOP_CAUSES = 3
MIN_SHARE = 0.05  # causes below this share of the differential get no work-up of their own


def leading_causes(causes: list[RankedCause]) -> list[RankedCause]:
    lead = [c for c in causes[:TOP_CAUSES] if c.score >= MIN_SHARE]
    return lead or causes[:1]


class _Static:  # noqa: B903 - a bag of precomputed parts
    """Output objects that depend only on the knowledge base, built once and shared.

    Assessments are read-only after they are built, so sharing these between them is safe
    and keeps an assessment well under a millisecond.
    """

    def __init__(self, kb: KnowledgeBase):
        self.rule_actions = {
            r.id: [(aid, Action(id=aid, text=kb.actions[aid].text, timing=kb.actions[aid].timing,
                                sources=list(kb.actions[aid].sources), why=r.id)) for aid in r.actions]
            for r in kb.rules.values()
        }
        self.cause_tests = {}
        self.cause_treatments = {}
        for c in kb.causes.values():
            self.cause_tests[c.id] = [
                (tid, Action(id=f"test:{tid}", text=f"{kb.tests[tid].name}: {kb.tests[tid].text}", timing=None,
                             sources=list(kb.tests[tid].sources), why=c.id))
                for tid in c.workup if tid in kb.tests]
            self.cause_treatments[c.id] = [
                (mid, Action(id=f"treatment:{mid}", text=f"{kb.treatments[mid].name}: {kb.treatments[mid].text}",
                             timing=None, sources=list(kb.treatments[mid].sources), why=c.id))
                for mid in c.management if mid in kb.treatments]
        self.action_test = {aid: a.test for aid, a in kb.actions.items()}
        self.treatment_classes = {
            tid: frozenset(kb.class_closure([t.drug_class])) if t.drug_class else frozenset()
            for tid, t in kb.treatments.items()}
        self.warnings = {w.id: Warning(id=w.id, drug_class=w.drug_class, severity=w.severity, text=w.text,
                                       sources=list(w.sources), patient_text=w.patient_text)
                         for w in kb.warnings.values()}
        self.warning_classes = frozenset(w.drug_class for w in kb.warnings.values())
        # action id of a suggested drug -> (clinician only?, its classes)
        self.suggested_classes = {f"treatment:{tid}": (t.clinician_only, self.treatment_classes[tid])
                                  for tid, t in kb.treatments.items() if self.treatment_classes[tid]}
        self.clinician_only_warnings = {wid: replace(w, patient_text=None) for wid, w in self.warnings.items()}
        self.advice = {a.id: Advice(id=a.id, kind=a.kind, text=" ".join(a.text.split()), sources=list(a.sources))
                       for a in kb.advice.values()}
        self.now_advice = [a.id for a in kb.advice.values() if a.kind == "now"]
        self.general_advice = [a.id for a in kb.advice.values()
                               if a.kind in ("self_care", "coping", "support", "safety_net")]
        self.reasons = {r.id: _reason(r, r.level) for r in kb.rules.values()}
        self.why = {r.id: Advice(id=f"why:{r.id}", kind="why", text=" ".join(r.patient_text.split()), sources=list(r.sources))
                    for r in kb.rules.values() if r.patient_text}


def reason_for(rule: Rule, level: Level, kb: KnowledgeBase) -> Reason:
    """The reason a fired rule gives (shared, except for escalation whose level varies)."""
    if rule.escalate:
        return _reason(rule, level)
    return _static(kb).reasons[rule.id]


def _reason(rule: Rule, level: Level) -> Reason:
    return Reason(rule=rule.id, level=level, title=rule.title, text=" ".join(rule.text.split()),
                  sources=list(rule.sources), red_flag=rule.red_flag, patient_text=rule.patient_text)


def _static(kb: KnowledgeBase) -> _Static:
    return kb.plan("advice", _Static)


def build_actions(fired: list[Rule], lead: list[RankedCause], facts: dict[str, Any],
                  kb: KnowledgeBase) -> list[Action]:
    st = _static(kb)
    out: dict[str, Action] = {}
    # Only the rules that set the level give actions: "review within a week" beside
    # "act now" would blur the one thing to do. Their reasons are still all listed.
    top = max((RANK[r.level] for r in fired if not r.escalate), default=0)
    for rule in fired:
        if RANK[rule.level] < top and not rule.escalate:
            continue
        for aid, action in st.rule_actions[rule.id]:
            if aid not in out:
                out[aid] = action
    tests_asked = {st.action_test[aid] for aid in out}
    for cause in lead:
        for tid, action in st.cause_tests[cause.id]:
            if action.id not in out and tid not in tests_asked:
                out[action.id] = action
        for mid, action in st.cause_treatments[cause.id]:
            if action.id not in out and _treatment_applies(mid, facts, kb):
                out[action.id] = action
    return list(out.values())


def _treatment_applies(tid: str, facts: dict[str, Any], kb: KnowledgeBase) -> bool:
    cond = kb.conditions.get(("treatment", tid))
    return cond is None or cond.evaluate(facts) is not False


def relevant_classes(actions: list[Action], facts: dict[str, Any], kb: KnowledgeBase
                     ) -> tuple[set[str], set[str], set[str]]:
    """Drug classes taken now (or within the last week), suggested to the patient, suggested to clinicians."""
    st = _static(kb)
    taken: set[str] = set()
    for cid in facts.get("treatment.classes") or ():
        if facts.get(f"ongoing.{cid}") is True:
            taken.add(cid)
        else:
            d = facts.get(f"days_since.{cid}")
            if isinstance(d, int) and d <= 7:
                taken.add(cid)
    for_patient: set[str] = set()
    for_clinician: set[str] = set()
    suggested = st.suggested_classes
    for a in actions:
        found = suggested.get(a.id)
        if found is not None:
            (for_clinician if found[0] else for_patient).update(found[1])
    return taken, for_patient, for_clinician


_SEVERITY_ORDER = {"avoid": 0, "caution": 1, "review": 2}


def build_warnings(classes: tuple[set[str], set[str], set[str]], facts: dict[str, Any], kb: KnowledgeBase,
                   level: Level = "routine") -> list[Warning]:
    """Every warning for a drug taken or suggested; patient words only for what the patient takes
    or may start themselves (never for a clinician-only suggestion, nor for any suggestion when
    the only advice is to act now)."""
    st = _static(kb)
    taken, for_patient, for_clinician = classes
    if level == "emergency":
        for_patient = set()
    relevant = taken | for_patient | for_clinician
    if st.warning_classes.isdisjoint(relevant):
        return []
    keys, batch = kb.batches["warnings"]
    out = []
    for (_, wid), v in zip(keys, batch(facts)):
        w = st.warnings[wid]
        if not v or w.drug_class not in relevant:
            continue
        if w.patient_text and w.drug_class not in taken and w.drug_class not in for_patient:
            w = st.clinician_only_warnings[wid]
        out.append(w)
    out.sort(key=lambda w: _SEVERITY_ORDER[w.severity])
    return out


_KIND_ORDER = ("now", "why", "safety_net", "self_care", "coping", "support")


def _by_level(kb: KnowledgeBase, st: "_Static") -> dict[str, dict[str, list[str]]]:
    """Advice ids per level and kind, in file order, with the static filters already applied."""
    cached = getattr(st, "by_level", None)
    if cached is None:
        cached = {}
        for level in ("emergency", "urgent", "soon", "routine"):
            kinds: dict[str, list[str]] = {k: [] for k in _KIND_ORDER}
            for a in kb.advice.values():
                if (a.levels and level not in a.levels) or (a.kind == "self_care" and level == "emergency"):
                    continue
                kinds.setdefault(a.kind, []).append(a.id)
            cached[level] = kinds
        st.by_level = cached
    return cached


def build_patient_advice(level: Level, fired: list[Rule], lead: list[RankedCause], facts: dict[str, Any],
                         kb: KnowledgeBase) -> list[Advice]:
    """Now, why, safety net, self-care (the leading causes' own first), coping, support."""
    st = _static(kb)
    kinds = _by_level(kb, st)[level]
    lead_ids = {c.id for c in lead}
    conditions = kb.conditions
    seen: set[str] = set()

    def usable(aid: str, general: bool) -> bool:
        if aid in seen:
            return False
        a = kb.advice[aid]
        if general and a.causes and lead_ids.isdisjoint(a.causes):
            return False
        if a.when is not None and conditions[("advice", aid)].evaluate(facts) is not True:
            return False
        seen.add(aid)
        return True

    out = [st.advice[aid] for aid in kinds["now"] if usable(aid, False)]
    # the person hears why this level: the rules that set it, not every lesser one beside them
    top = max((RANK[r.level] for r in fired if not r.escalate), default=0)
    out += [st.why[r.id] for r in fired if r.id in st.why and (RANK[r.level] == top or r.escalate)]
    out += [st.advice[aid] for aid in kinds["safety_net"] if usable(aid, True)]
    if level != "emergency":
        allowed = set(kinds["self_care"])
        for cause in lead:
            out += [st.advice[aid] for aid in kb.causes[cause.id].self_care
                    if aid in allowed and usable(aid, False)]
    out += [st.advice[aid] for aid in kinds["self_care"] if usable(aid, True)]
    for kind in ("coping", "support"):
        out += [st.advice[aid] for aid in kinds[kind] if usable(aid, True)]
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
