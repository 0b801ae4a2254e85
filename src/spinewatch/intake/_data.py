"""Loading and checking the intake's YAML data (lexicon, ConText rules and spellings)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DATA_DIR = Path(__file__).parent / "data"


class IntakeDataError(ValueError):
    """An intake data file is invalid; the message names the file and entry."""


class LexiconEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    finding: str = Field(description="a Report field path, e.g. neurology.leg_weakness")
    value: Any = True
    also: dict[str, Any] = {}
    red_flag: bool = False
    standalone: bool = Field(False, description="matched outside the ConText targets (its words are modifiers too)")
    only_negated: bool = Field(False, description="counts only when negated ('no temp')")
    lasting: bool = Field(False, description="a condition found in the past is there now ('thin bones on a scan two years ago')")
    sources: list[str] = Field(min_length=1)
    note: str | None = None
    phrases: list[str] = Field(min_length=1)


class ContextEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    category: Literal["NEGATED_EXISTENCE", "POSSIBLE_EXISTENCE", "HYPOTHETICAL", "HISTORICAL", "FAMILY",
                      "TERMINATE", "PSEUDO"]
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    max_scope: int | None = None
    list_scope: bool = False
    phrases: list[str] = Field(min_length=1)


class Spelling(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    word: str = Field(pattern=r"^[a-z]+$")
    written: list[str] = Field(min_length=1)


def load_spellings(path: Path | None = None) -> dict[str, str]:
    """How a word is written -> the word meant (one word for one word)."""
    out: dict[str, str] = {}
    for entry in _load(path or DATA_DIR / "spelling.yaml", Spelling):
        for w in (w.lower() for w in entry.written):
            if out.get(w, entry.word) != entry.word:
                raise IntakeDataError(f"spelling.yaml: {w!r} is listed for both {out[w]!r} and {entry.word!r}")
            out[w] = entry.word
    return out


def _load(path: Path, model: type[BaseModel]) -> list:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as err:
        raise IntakeDataError(f"{path.name}: cannot read: {err}") from None
    if not isinstance(raw, list):
        raise IntakeDataError(f"{path.name}: expected a list of entries")
    out = []
    for i, item in enumerate(raw):
        try:
            out.append(model.model_validate(item))
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            label = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
            raise IntakeDataError(f"{path.name}: entry {label}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    return out


def load_lexicon(path: Path | None = None) -> list[LexiconEntry]:
    entries = _load(path or DATA_DIR / "lexicon.yaml", LexiconEntry)
    ids = [e.id for e in entries]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise IntakeDataError(f"lexicon.yaml: duplicate ids {sorted(dup)}")
    return entries


def load_context_rules(path: Path | None = None) -> list[ContextEntry]:
    return _load(path or DATA_DIR / "context.yaml", ContextEntry)
