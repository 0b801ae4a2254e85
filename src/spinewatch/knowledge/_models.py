"""Pydantic models of knowledge-base entries: every file is checked against these on load.

Each clinical entry carries ``sources``: citations of the form ``source-id`` or
``source-id#section`` that must resolve in ``sources.yaml``. ``kb lint`` enforces it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=80)]
Citation = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.\-]*(#[\w.\-]+)?$")]
Level = Literal["emergency", "urgent", "soon", "routine"]
LEVELS: tuple[Level, ...] = ("routine", "soon", "urgent", "emergency")  # ascending urgency
Strength = Literal[
    "excludes", "strong_against", "moderate_against", "weak_against",
    "weak_for", "moderate_for", "strong_for", "very_strong_for",
]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Entry):
    sources: Annotated[list[Citation], Field(min_length=1)]


class Source(Entry):
    id: Id
    title: str
    kind: Literal["seed", "guideline", "trial", "review", "label", "secondary", "design"]
    grade: Literal["primary", "secondary", "ai_low", "seed", "design", "project"]
    url: str | None = None
    file: str | None = None
    note: str | None = None


class Alternative(Entry):
    value: float
    sources: list[Citation]
    note: str | None = None


class Threshold(Cited):
    id: Id
    value: float
    unit: str
    label: str
    design: bool = Field(False, description="a project choice that needs clinician sign-off")
    configurable: bool = True
    alternatives: list[Alternative] = []
    note: str | None = None


class Finding(Cited):
    """A fact the engine reads: a report field or a derived value. Questions are asked about these."""

    id: Id
    label: str = Field(description="what a nurse reads")
    kind: Literal["bool", "number", "category", "list", "date"]
    unit: str | None = None
    range: tuple[float, float] | None = None
    group: Literal["cancer", "treatment", "neurological", "bladder_bowel", "fever", "pain", "systemic",
                   "labs", "function", "history", "other"]
    question: str | None = Field(None, description="plain-language question; none for derived facts")
    derived: bool = False
    red_flag: bool = False


class DerivedFact(Cited):
    """A fact defined by a condition over other facts, e.g. the fever window."""

    id: Id
    label: str
    when: dict[str, Any]


class Rule(Cited):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    level: Level
    title: str
    text: str = Field(description="why this fired, in words a nurse reads")
    patient_text: str | None = None
    when: dict[str, Any]
    red_flag: bool = Field(False, description="a red flag: its level can never be lowered")
    amber_domain: str | None = Field(None, description="UKONS domain this amber (urgent) feature belongs to")
    causes: list[Id] = []
    actions: list[Id] = []
    unless: list[str] = Field([], description="rules whose firing means this one does not apply (never on red flags)")
    escalate: bool = Field(False, description="raises the level from the other rules by one step, up to urgent")
    note: str | None = None


class Evidence(Cited):
    when: dict[str, Any]
    strength: Strength | None = None
    lr: Annotated[float, Field(gt=0, le=100)] | None = Field(None, description="an explicit likelihood ratio from a source")
    text: str
    context: bool = Field(False, description="part of the prior (cancer type, treatment) rather than a symptom")

    @field_validator("lr")
    @classmethod
    def _one_of(cls, v, info):
        if v is not None and info.data.get("strength") is not None:
            raise ValueError("give either strength or lr, not both")
        return v


class Cause(Cited):
    id: Id
    name: str
    patient_name: str
    includes: list[str] = []
    mechanisms: list[Id] = []
    prior: Annotated[float, Field(gt=0, lt=1)] = Field(description="baseline probability among people with cancer and back pain")
    prior_note: str | None = None
    evidence: list[Evidence] = []
    workup: list[Id] = []
    management: list[Id] = []
    self_care: list[Id] = []
    typical_timing: str | None = None


class Mechanism(Cited):
    id: Id
    name: str
    text: str


class DrugClass(Cited):
    id: Id
    name: str
    parents: list[Id] = []
    text: str | None = None


class Drug(Cited):
    id: Id
    name: str
    brands: list[str] = []
    aliases: list[str] = Field([], description="other names and real misspellings")
    classes: list[Id]
    causes: list[Id] = Field([], description="back-pain causes this drug can lead to")
    timing: str | None = None
    prednisolone_equivalent: float | None = Field(None, description="mg prednisolone per mg of this drug")
    daily: bool = Field(False, description="given every day while 'ongoing', so an ongoing course's last dose is today")
    unknown_classes: list[Id] = Field(
        [], description="classes the drug may belong to that the kb has no source for (e.g. whether an "
                        "anticancer drug is neurotoxic): their facts stay unknown, never 'no'")


class Cancer(Cited):
    id: Id
    name: str
    aliases: list[str] = []
    spinal_propensity: Literal["very_high", "high", "moderate", "low"]
    usual_levels: list[str] = []
    lesion: Literal["osteolytic", "osteoblastic", "mixed", "not_bone", "varies"] | None = None
    haematological: bool = False
    note: str | None = None


class Test(Cited):
    id: Id
    name: str
    patient_name: str
    text: str


class Treatment(Cited):
    id: Id
    name: str
    kind: Literal["drug", "procedure", "therapy", "nondrug", "referral"]
    drug_class: Id | None = None
    text: str
    patient_text: str | None = None
    clinician_only: bool = Field(False, description="never suggested to patients directly")
    when: dict[str, Any] | None = Field(None, description="severity or context in which it is suggested")


class Action(Cited):
    """A work-up or management step a rule asks for, with its timing."""

    id: Id
    text: str
    timing: str | None = None
    test: Id | None = None
    treatment: Id | None = None
    audience: Literal["clinician", "patient", "both"] = "clinician"


class Warning(Cited):
    """A drug-safety check computed from the report."""

    id: Id
    drug_class: Id
    severity: Literal["avoid", "caution", "review"]
    when: dict[str, Any]
    text: str
    patient_text: str | None = None


class Advice(Cited):
    id: Id
    kind: Literal["self_care", "coping", "support", "safety_net", "now"]
    text: str = Field(description="plain language: short sentences, no jargon")
    when: dict[str, Any] | None = None
    causes: list[Id] = []
    levels: list[Level] = []


class Meta(Entry):
    version: str
    ctcae_version: str
    strength_lr: dict[Strength, float]
    strength_sources: list[Citation]
    fever_window_note: str | None = None
