"""The assessment: the engine's answer, with every reason traceable to its sources.

Plain dataclasses rather than pydantic models: the engine builds thousands per second and the
JSON shape is fixed by ``to_dict``. Reasons, evidence, actions, warnings and advice depend only on
the knowledge base and are shared between assessments, so they are frozen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..knowledge import Level


@dataclass(slots=True, frozen=True)
class Reason:
    rule: str
    level: Level
    title: str
    text: str
    sources: list[str]
    red_flag: bool = False
    patient_text: str | None = None


@dataclass(slots=True, frozen=True)
class Evidence:
    text: str
    lr: float
    sources: list[str]


@dataclass(slots=True)
class RankedCause:
    id: str
    name: str
    patient_name: str
    score: float  # share of the normalised posterior across all causes, 0-1
    log_odds: float
    evidence_for: list[Evidence]
    evidence_against: list[Evidence]
    sources: list[str]


@dataclass(slots=True, frozen=True)
class Action:
    id: str
    text: str
    timing: str | None
    sources: list[str]
    why: str  # the rule or cause that asked for it


@dataclass(slots=True, frozen=True)
class Warning:
    id: str
    drug_class: str
    severity: str
    text: str
    sources: list[str]
    patient_text: str | None = None


@dataclass(slots=True)
class Question:
    finding: str
    text: str
    group: str
    could_raise_to: Level
    rules: list[str]


@dataclass(slots=True, frozen=True)
class Advice:
    id: str
    kind: str
    text: str
    sources: list[str]


@dataclass(slots=True)
class Assessment:
    level: Level
    reasons: list[Reason]
    causes: list[RankedCause]
    actions: list[Action]
    warnings: list[Warning]
    questions: list[Question]
    patient_advice: list[Advice]
    clinician_summary: str
    kb_version: str
    engine_version: str
    report_id: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. unrecognised drug names

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
