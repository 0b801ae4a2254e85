"""The two calls into the rest of spinewatch: the engine and the free-text intake.

Imported lazily so that the service starts, stores reports and shows them as needing manual
triage even when one of them cannot be imported (e.g. the text extras are not installed).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter

from ..report import Report


class EngineUnavailable(RuntimeError):
    """The engine or the intake could not be imported; reports wait for a person."""


def assess(report: Report) -> Any:
    try:
        from spinewatch import assess as _assess
    except ImportError as err:
        raise EngineUnavailable(f"assessment engine unavailable: {err}") from err
    return _assess(report)


def extract(text: str, reported_at: datetime | None) -> Any:
    try:
        from spinewatch.intake import extract as _extract
    except ImportError as err:
        raise EngineUnavailable(f"free-text intake unavailable: {err}") from err
    return _extract(text, reported_at=reported_at)


def warm_up() -> None:
    """Load the knowledge base and build the text pipeline now, not inside the first requests
    (building it in many request threads at once makes the first seconds of service slow)."""
    from ..report import Report

    try:
        assess(Report())
        extract("back pain", None)
    except Exception as err:  # noqa: BLE001 - a broken engine shows up per report, as manual triage
        import logging

        logging.getLogger(__name__).warning("warm-up failed: %s", err)


@lru_cache(maxsize=4)
def _adapter(cls: type) -> TypeAdapter:
    return TypeAdapter(cls)


def assessment_json(assessment: Any) -> str:
    """The assessment as JSON, the same shape as ``to_dict()``.

    pydantic serialises the engine's dataclasses about fifteen times faster than
    ``dataclasses.asdict`` + ``json.dumps``, which matters on the submit path; anything it
    cannot handle falls back to ``to_dict()``.
    """
    try:
        return _adapter(type(assessment)).dump_json(assessment).decode()
    except Exception:  # noqa: BLE001 - the slower path gives the same answer
        return json.dumps(assessment.to_dict(), default=str)
