"""Derived facts (derived.yaml) evaluated in file order on top of the report facts."""

from __future__ import annotations

from typing import Any

from ..knowledge import KnowledgeBase


def derive(facts: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    conditions = kb.conditions
    for fact_id in kb.derived:
        facts[fact_id] = conditions[("derived", fact_id)].evaluate(facts)
    return facts
