"""Is a new report worse than the one before? The remote-monitoring trials' alert rule.

Worse means: pain up by 2 or more points on the 0-10 scale, a red-flag reason that the
previous assessment did not have, or a higher triage level. Only successful assessments are
compared; the first report of a patient is never 'worsening' (there is nothing to compare).
"""

from __future__ import annotations

from typing import Any

_ORDER = ("routine", "soon", "urgent", "emergency")
PAIN_RISE = 2


def red_flags(result: dict[str, Any]) -> dict[str, str]:
    """Red-flag reasons of an assessment dict, rule id -> title."""
    return {r["rule"]: r.get("title") or r["rule"] for r in result.get("reasons", []) if r.get("red_flag")}


def worsening(prev_nrs: int | None, prev_level: str | None, prev_result: dict[str, Any] | None,
              nrs: int | None, level: str, result: dict[str, Any]) -> list[str]:
    """Plain reasons why this report is worse than the previous one; empty when it is not."""
    if prev_result is None:
        return []
    why = []
    if prev_nrs is not None and nrs is not None and nrs - prev_nrs >= PAIN_RISE:
        why.append(f"pain up from {prev_nrs} to {nrs}")
    new = {k: v for k, v in red_flags(result).items() if k not in red_flags(prev_result)}
    why.extend(f"new red flag: {title}" for title in new.values())
    if prev_level in _ORDER and level in _ORDER and _ORDER.index(level) > _ORDER.index(prev_level):
        why.append(f"level rose from {prev_level} to {level}")
    return why
