"""What the intake returns: the report plus every finding with the words it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from ..report import Report

Context = Literal["present", "negated", "hypothetical", "historical", "other_person", "uncertain"]
CONTEXTS: tuple[str, ...] = ("present", "negated", "hypothetical", "historical", "other_person", "uncertain")


class IntakeError(ValueError):
    """The text cannot be read (binary data, far too long); the message says why in plain words."""


@dataclass(slots=True)
class ExtractedFinding:
    finding: str  # a Report field path: "neurology.leg_weakness", "treatments", "pain.nrs"
    value: Any  # what it sets when present (True, a number, a drug id, a category); False when negated
    context: Context
    text: str  # the words in the input
    start: int  # character offsets in the input
    end: int
    red_flag: bool = False
    entry: str | None = None  # lexicon entry or drug/cancer id
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if isinstance(d["value"], (date, datetime)):
            d["value"] = d["value"].isoformat()
        return d


@dataclass(slots=True)
class Extraction:
    text: str
    report: Report
    findings: list[ExtractedFinding]
    questions: list[str]  # red flags mentioned hypothetically, uncertainly, in the past or about someone else
    notes: list[str] = field(default_factory=list)  # plain-language remarks: nothing recognised, not English...
    question_findings: list[str] = field(default_factory=list)  # the report fields the questions are about

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.report.model_dump(mode="json", exclude_none=True),
            "findings": [f.to_dict() for f in self.findings],
            "questions": list(self.questions),
            "question_findings": list(self.question_findings),
            "notes": list(self.notes),
        }
