"""Derived facts (derived.yaml) evaluated in file order on top of the report facts."""

from __future__ import annotations

from typing import Any

from ..knowledge import KnowledgeBase


def derive(facts: dict[str, Any], kb: KnowledgeBase) -> dict[str, Any]:
    kb.batches["derived"][1](facts)  # writes each derived fact, in file order
    return facts
