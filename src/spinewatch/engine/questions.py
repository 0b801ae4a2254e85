"""Questions: unknown facts that could still make a more urgent rule fire.

Unknown is not "no". For every rule more urgent than the current level whose condition is
unknown, the facts that could decide it are asked about. Derived and computed facts are traced
back to the report item a person can answer. Order protects safety: cancer history and
treatment first, then neurological and bladder/bowel red flags, fever, then the rest; within a
group, the question that could raise the level most comes first.
"""

from __future__ import annotations

from typing import Any

from ..knowledge import LEVELS, KnowledgeBase
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
    "neurology.numbness_peripheral_only": "neurology.numbness_pattern",
}


_TARGET: dict[str, str] = {}


def _target(fact: str) -> str:
    """The report item that answers a computed fact (memoised: names repeat across reports)."""
    target = _TARGET.get(fact)
    if target is None:
        target = _COMPUTED.get(fact) or next((f for p, f in _PREFIX_TO_FINDING if fact.startswith(p)), fact)
        _TARGET[fact] = target
    return target


def answerable(fact: str, facts: dict[str, Any], kb: KnowledgeBase, memo: dict[str, list[str]]) -> list[str]:
    """The askable findings behind ``fact``, recursing through derived facts."""
    found = memo.get(fact)
    if found is not None:
        return found
    if fact in ("pain.present", "pain.back"):
        # ask where the pain is; if the sites were answered (none), ask whether there is back pain
        memo[fact] = found = ["pain.sites" if facts.get("pain.sites") is None else "pain.back_pain"]
        return found
    if fact.startswith("onset_after."):
        # unknown either because the onset date or because the dose dates are missing
        memo[fact] = found = ["pain.onset_date" if facts.get("pain.onset_date") is None else "treatments"]
        return found
    if fact in kb.derived:
        memo[fact] = found = []  # guards against cycles
        inner_unknown: list[str] = []
        kb.conditions[("derived", fact)].collect(facts, inner_unknown)
        for inner in inner_unknown:
            for t in answerable(inner, facts, kb, memo):
                if t not in found:
                    found.append(t)
    else:
        memo[fact] = found = [_target(fact)]
    return found


class _Plan:
    """What questions need from the knowledge base, worked out once per kb.

    A plain report fact always traces to the same finding, so only derived and date facts
    (whose answer depends on the rest of the report) are traced per assessment. Each finding's
    sort key is precomputed for every level it could raise the triage to.
    """

    def __init__(self, kb: KnowledgeBase):
        special = {"pain.present", "pain.back"}
        self.plain: dict[str, list[str]] = {}
        for cond in kb.conditions.values():
            for fact in cond.facts:
                if fact not in kb.derived and fact not in special and not fact.startswith("onset_after."):
                    self.plain[fact] = [_target(fact)]
        self.asked: dict[str, tuple[str, str, list[tuple[int, int, int]]]] = {
            f.id: (f.question, f.group, [_safety_order(f.group, lvl) for lvl in LEVELS])
            for f in kb.findings.values() if f.question is not None}


def _plan(kb: KnowledgeBase) -> _Plan:
    return kb.plan("questions", _Plan)


def questions_for(undecided: list[tuple[Rule, list[str]]], facts: dict[str, Any], kb: KnowledgeBase) -> list[Question]:
    plan = _plan(kb)
    plain = plan.plain
    memo: dict[str, list[str]] = {}
    asked: dict[str, list] = {}  # finding -> [highest level rank it could reach, rule ids]
    for rule, unknown in undecided:
        rank = RANK[rule.level]
        seen: set[str] = set()
        for fact in unknown:
            for fid in plain.get(fact) or memo.get(fact) or answerable(fact, facts, kb, memo):
                if fid in seen:
                    continue
                seen.add(fid)
                entry = asked.get(fid)
                if entry is None:
                    asked[fid] = [rank, [rule.id]]
                else:
                    entry[1].append(rule.id)
                    if rank > entry[0]:
                        entry[0] = rank
    keyed = []
    askable = plan.asked
    for fid, (rank, rules) in asked.items():
        found = askable.get(fid)
        if found is not None:
            keyed.append((found[2][rank], fid, rank, rules, found))
    keyed.sort(key=_first)  # the key tuples are unique per finding group and level; ties keep order
    return [Question(fid, found[0], found[1], LEVELS[rank], rules) for _, fid, rank, rules, found in keyed]


def _first(item: tuple) -> tuple[int, int, int]:
    return item[0]


_RED_FLAG_GROUPS = {"cancer", "treatment", "neurological", "bladder_bowel", "fever"}


def _safety_order(group_name: str, level: str) -> tuple[int, int, int]:
    """Red-flag groups first when the answer could make it urgent or an emergency; then by level."""
    group, rank = _GROUP_RANK.get(group_name, 99), RANK[level]
    if group_name in _RED_FLAG_GROUPS and rank >= RANK["urgent"]:
        return (0, group, -rank)
    return (1, -rank, group)
