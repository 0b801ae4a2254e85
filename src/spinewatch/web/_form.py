"""The patient self-report form: questions in plain words, red flags first, and their mapping
onto report fields.

Each yes/no question allows "not sure", which becomes None (unknown) rather than "no": the
engine treats unknown red flags as questions to ask, never as reassurance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..report import Report, ReportError, parse_report


@dataclass(frozen=True)
class Question:
    field: str  # dotted report path
    text: str
    hint: str | None = None
    kind: str = "yesno"  # yesno | scale | sites | course | temperature

    @property
    def name(self) -> str:
        return self.field.replace(".", "__")


RED_FLAGS = [
    Question("neurology.leg_weakness", "Are your legs weak or heavy, or do they give way?"),
    Question("neurology.gait_difficulty", "Is walking newly difficult, or are you unsteady or falling?"),
    Question("neurology.numbness", "Do you have numbness or pins and needles in your legs, body or bottom?"),
    Question("neurology.saddle_anaesthesia", "Is there numbness between your legs or around your bottom?"),
    Question("neurology.bladder_dysfunction", "Any new problem passing urine, leaking urine, or not feeling when you need to go?"),
    Question("neurology.bowel_dysfunction", "Any new leaking from your bowels, or not feeling when you need to go?"),
    Question("pain.band_like", "Does the pain go round your chest or tummy like a band?"),
    Question("pain.radiating_down_limb", "Does pain shoot down an arm or a leg?"),
    Question("neurology.worsening_over_hours", "Are any of these getting worse over hours?"),
    Question("systemic.rigors", "Are you shivering or shaking?"),
    Question("systemic.feels_feverish", "Do you feel feverish or hot and cold, whatever the thermometer says?"),
    Question("systemic.feeling_unwell", "Do you suddenly feel very unwell?"),
    Question("systemic.temperature_c", "If you took your temperature today, what was it?",
             "In °C, for example 37.8. Leave empty if you did not take it.", kind="temperature"),
]

PAIN = [
    Question("pain.nrs", "How bad has your pain been at its worst in the last 24 hours?",
             "0 means no pain, 10 means the worst pain you can imagine.", kind="scale"),
    Question("pain.sites", "Where is the pain?", "Choose all that apply.", kind="sites"),
    Question("pain.course", "Over the last few days, is the pain…", kind="course"),
    Question("pain.night_pain", "Does the pain wake you up or stop you sleeping?"),
    Question("pain.worse_on_straining", "Is it worse when you cough, sneeze or strain on the toilet?"),
    Question("pain.worse_on_movement", "Is it worse when you stand, sit or move?"),
    Question("pain.not_controlled_by_analgesia", "Are your painkillers not controlling the pain?"),
    Question("concern", "Are you worried that something is seriously wrong?"),
]

SITES = [("cervical", "Neck"), ("thoracic", "Upper or middle back"), ("lumbar", "Lower back"),
         ("sacral", "Bottom of the spine"), ("pelvis", "Pelvis"), ("hip", "Hip")]
COURSES = [("improving", "Getting better"), ("stable", "About the same"), ("worsening", "Getting worse")]
QUESTIONS = {q.name: q for q in RED_FLAGS + PAIN}
NOTES_FIELD = "notes"
MAX_NOTES = 4000
_YESNO = {"yes": True, "no": False, "unsure": None, "": None}


class FormError(ValueError):
    """Answers that cannot be read; ``problems`` maps form field names to plain messages."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def _set(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for p in parents:
        data = data.setdefault(p, {})
    data[leaf] = value


def _value(q: Question, raw: list[str]) -> Any:
    first = raw[0].strip() if raw else ""
    if q.kind == "yesno":
        if first not in _YESNO:
            raise ValueError("choose yes, no or not sure")
        return _YESNO[first]
    if q.kind == "scale":
        if first == "":
            return None
        if not first.isdigit() or not 0 <= int(first) <= 10:
            raise ValueError("choose a number from 0 to 10")
        return int(first)
    if q.kind == "temperature":
        if first == "":
            return None
        try:
            return float(first.replace(",", "."))
        except ValueError:
            raise ValueError("write the temperature as a number, for example 37.8") from None
    if q.kind == "sites":
        allowed = {s for s, _ in SITES}
        if not set(raw) <= allowed:
            raise ValueError("choose from the places listed")
        return sorted(set(raw)) or None
    if q.kind == "course":
        if first not in {"", *(c for c, _ in COURSES)}:
            raise ValueError("choose one of the answers listed")
        return first or None
    raise AssertionError(q.kind)


def form_to_report(fields: dict[str, list[str]]) -> tuple[Report, str]:
    """Turn submitted answers into a Report and the free-text notes; FormError names bad ones."""
    data: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for name, q in QUESTIONS.items():
        try:
            value = _value(q, fields.get(name, []))
        except ValueError as err:
            problems[name] = str(err)
            continue
        if value is not None:
            _set(data, q.field, value)
    notes = (fields.get(NOTES_FIELD) or [""])[0].strip()
    if len(notes) > MAX_NOTES:
        problems[NOTES_FIELD] = f"please keep this under {MAX_NOTES} characters"
    if problems:
        raise FormError(problems)
    try:
        return parse_report(data), notes
    except ReportError as err:
        by_field = {q.field: q.name for q in QUESTIONS.values()}
        raise FormError({by_field.get(path, path): msg for path, msg in err.problems}) from None
