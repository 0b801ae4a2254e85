"""Triage: every rule of rules.yaml evaluated on the facts; the highest level reached wins.

Why the order of passes matters:
1. Ordinary rules.
2. ``unless`` suppressions (S2 does not apply when a routine explanation such as TAPS fits);
   red-flag rules cannot carry ``unless`` (kb lint), so nothing here can lower a red flag.
3. The UKONS combination (amber features in two or more domains -> red), which reads the
   domains of the urgent rules that fired, exposed as the fact ``triage.amber_domains``.
4. Concern (``escalate``) raises the level one step, up to urgent, never lowers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge import LEVELS, KnowledgeBase, Level
from ..knowledge._models import Rule

RANK: dict[str, int] = {lvl: i for i, lvl in enumerate(LEVELS)}
COMBINATION_FACT = "triage.amber_domains"


@dataclass(slots=True)
class TriageResult:
    level: Level
    fired: list[Rule]  # most urgent first, in rules.yaml order within a level
    undecided: list[tuple[Rule, list[str]]]  # rules that could still fire, with the unknown facts that decide them


def _plan(kb: KnowledgeBase) -> tuple[list[Rule], list[Rule]]:
    return kb.plan("triage", _split_rules)


def _split_rules(kb: KnowledgeBase) -> tuple[list[Rule], list[Rule]]:
    """First-pass rules (in the kb's rules batch) and combination rules."""
    first = [kb.rules[k[1]] for k in kb.batches["rules"][0]]
    in_first = {r.id for r in first}
    return first, [r for r in kb.rules.values() if r.id not in in_first]


def triage(facts: dict[str, Any], kb: KnowledgeBase) -> TriageResult:
    first, combo = _plan(kb)
    fired: list[Rule] = []
    undecided: list[Rule] = []
    conditions = kb.conditions
    for r, v in zip(first, kb.batches["rules"][1](facts)):
        if v:
            fired.append(r)
        elif v is None:
            undecided.append(r)
    fired_ids = {r.id for r in fired}
    fired = [r for r in fired if not (r.unless and fired_ids.intersection(r.unless))]

    other = facts.get("systemic.other_amber_domains") or ()
    domains = {r.amber_domain for r in fired if r.amber_domain and r.level == "urgent"}
    domains.update(d for d in other if d not in ("pain", "back pain"))
    facts[COMBINATION_FACT] = len(domains)
    for r in combo:
        v = conditions[("rule", r.id)].evaluate(facts)
        if v:
            fired.append(r)
        elif v is None:
            undecided.append(r)

    level_rank = max((RANK[r.level] for r in fired if not r.escalate), default=0)
    if any(r.escalate for r in fired):
        level_rank = max(level_rank, min(level_rank + 1, RANK["urgent"]))
    level = LEVELS[level_rank]
    fired.sort(key=lambda r: -RANK[_effective(r, level)])
    # only rules that could raise the level need their unknowns: found after the level is known
    undecided = [(r, conditions[("rule", r.id)].unknowns(facts)) for r in undecided
                 if RANK[r.level] > level_rank and not r.escalate]
    return TriageResult(level=level, fired=fired, undecided=undecided)


def _effective(rule: Rule, level: Level) -> Level:
    return level if rule.escalate else rule.level
