"""API request and response shapes (they are also what /api/v1/openapi.json documents)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def clean_text(value: str) -> str:
    """Refuse NUL and lone surrogates: PostgreSQL cannot store the one, UTF-8 cannot encode the other."""
    if "\x00" in value:
        raise ValueError("contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains characters that are not valid Unicode text") from None
    return value


CleanStr = Annotated[str, AfterValidator(clean_text)]


def check_strings(value: Any, path: str = "report") -> None:
    """Apply ``clean_text`` to every string in decoded JSON, naming the first bad path."""
    if isinstance(value, str):
        try:
            clean_text(value)
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            check_strings(k, path)
            check_strings(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_strings(v, f"{path}.{i}")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportIn(_In):
    """Exactly one of ``report`` (structured, see the Report model) or ``text`` (free text)."""

    report: dict[str, Any] | None = Field(None, description="a structured report (fields as in spinewatch's Report)")
    text: Annotated[CleanStr, Field(min_length=1, max_length=20_000)] | None = Field(None, description="free text as the person wrote or said it")
    reported_at: datetime | None = Field(None, description="when the text was written; defaults to now")

    @model_validator(mode="after")
    def _one_of(self) -> ReportIn:
        if (self.report is None) == (self.text is None):
            raise ValueError("give exactly one of 'report' or 'text'")
        return self


class PatientIn(_In):
    display_name: Annotated[CleanStr, Field(min_length=1, max_length=120)]
    reference: Annotated[CleanStr, Field(min_length=1, max_length=80)] | None = None


class AcknowledgementIn(_In):
    note: Annotated[CleanStr, Field(min_length=1, max_length=4000)]


class AssessmentOut(BaseModel):
    id: int
    status: Literal["ok", "failed"]
    level: str | None
    pain_nrs: int | None
    worsening: bool
    worsening_why: str | None
    kb_version: str | None
    engine_version: str | None
    created_at: datetime
    error: str | None
    result: dict[str, Any] | None = Field(None, description="the engine's assessment, engine input and text findings")


class AcknowledgementOut(BaseModel):
    id: int
    by: str
    note: str
    created_at: datetime


class ReportOut(BaseModel):
    id: str
    patient_id: str
    kind: str
    body: str = Field(description="exactly as submitted")
    source: str
    submitted_at: datetime
    level: str = Field(description="current level, or 'manual' when the report needs manual triage")
    needs_manual_triage: bool
    assessments: list[AssessmentOut]
    acknowledgements: list[AcknowledgementOut]


class PatientOut(BaseModel):
    id: str
    display_name: str
    reference: str | None
    created_at: datetime


class NewPatientOut(PatientOut):
    link_token: str = Field(description="the patient's personal token; shown once, not retrievable later")
    link_path: str


class QueueItemOut(BaseModel):
    report_id: str
    patient: PatientOut
    level: str
    worsening: bool
    submitted_at: datetime
    waiting_seconds: int


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: datetime
    actor: str
    action: str
    patient_id: str | None
    target: str | None
    detail: str | None
