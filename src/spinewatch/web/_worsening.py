"""Is a new report worse than the one before? The remote-monitoring trials' alert rule.

Worse means: pain up by 2 or more points on the 0-10 scale, a red-flag reason that the
previous assessment did not have, or a higher triage level. Only successful assessments are
compared; the first report of a patient is never 'worsening' (there is nothing to compare).
"""

from __future__ import annotations

from typing import Any

_ORDER = ("routine", "soon", "urgent", "emergency")
PAIN_RISE = 2


def red_flags(reasons: list[Any]) -> dict[str, str]:
    """Red-flag reasons of an assessment (engine Reason objects), rule id -> title."""
    return {r.rule: r.title or r.rule for r in reasons if r.red_flag}


def worsening(prev_nrs: int | None, prev_level: str | None, prev_flags: dict[str, str] | None,
              nrs: int | None, level: str, flags: dict[str, str]) -> list[str]:
    """Plain reasons why this report is worse than the previous one; empty when it is not.

    ``prev_flags`` is None when there is no previous assessment.
    """
    if prev_flags is None:
        return []
    why = []
    if prev_nrs is not None and nrs is not None and nrs - prev_nrs >= PAIN_RISE:
        why.append(f"pain up from {prev_nrs} to {nrs}")
    why.extend(f"new red flag: {title}" for rule, title in flags.items() if rule not in prev_flags)
    if prev_level in _ORDER and level in _ORDER and _ORDER.index(level) > _ORDER.index(prev_level):
        why.append(f"level rose from {prev_level} to {level}")
    return why
