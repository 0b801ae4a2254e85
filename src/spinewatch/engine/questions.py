"""Questions: unknown facts that could still make a more urgent rule fire.

Unknown is not "no". For every rule more urgent than the current level whose condition is
unknown, the facts that could decide it are asked about. Derived and computed facts are traced
back to the report item a person can answer. Order protects safety: cancer history and
treatment first, then neurological and bladder/bowel red flags, fever, then the rest; within a
group, the question that could raise the level most comes first.
"""

from __future__ import annotations

from typing import Any

from ..knowledge import KnowledgeBase
from ..knowledge._models import Rule
from .assessment import Question
from .triage import RANK

GROUP_ORDER = ("cancer", "treatment", "neurological", "bladder_bowel", "fever", "systemic", "pain",
               "function", "labs", "history", "other")
_GROUP_RANK = {g: i for i, g in enumerate(GROUP_ORDER)}

# computed facts -> the report item that answers them
_PREFIX_TO_FINDING = (
    ("exposed.", "treatments"), ("ongoing.", "treatments"), ("days_since", "treatments"),
    ("course_days.", "treatments"), ("steroid.", "treatments"), ("cancer.", "cancers"),
    ("metastases.", "metastases"),
)
_COMPUTED = {
    "pain.duration_days": "pain.onset_date",
    "pain.present": "pain.sites",
    "neurology.numbness_peripheral_only": "neurology.numbness_pattern",
}


def answerable(fact: str, facts: dict[str, Any], kb: KnowledgeBase, out: list[str], seen: set[str]) -> None:
    """Append the askable findings behind ``fact`` (recursing through derived facts)."""
    if fact in seen:
        return
    seen.add(fact)
    if fact in kb.derived:
        for inner in kb.conditions[("derived", fact)].unknowns(facts):
            answerable(inner, facts, kb, out, seen)
        return
    target = _COMPUTED.get(fact)
    if target is None:
        target = next((f for p, f in _PREFIX_TO_FINDING if fact.startswith(p)), fact)
    if target not in out:
        out.append(target)


def questions_for(undecided: list[Rule], facts: dict[str, Any], kb: KnowledgeBase) -> list[Question]:
    found: dict[str, Question] = {}
    for rule in undecided:
        askable: list[str] = []
        seen: set[str] = set()
        for fact in kb.conditions[("rule", rule.id)].unknowns(facts):
            answerable(fact, facts, kb, askable, seen)
        for fid in askable:
            finding = kb.findings.get(fid)
            if finding is None or finding.question is None:
                continue
            q = found.get(fid)
            if q is None:
                found[fid] = Question(finding=fid, text=finding.question, group=finding.group,
                                      could_raise_to=rule.level, rules=[rule.id])
            else:
                q.rules.append(rule.id)
                if RANK[rule.level] > RANK[q.could_raise_to]:
                    q.could_raise_to = rule.level
    return sorted(found.values(), key=lambda q: (_GROUP_RANK.get(q.group, 99), -RANK[q.could_raise_to]))
