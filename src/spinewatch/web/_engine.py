"""The two calls into the rest of spinewatch: the engine and the free-text intake.

Imported lazily so that the service starts, stores reports and shows them as needing manual
triage even when one of them cannot be imported (e.g. the text extras are not installed).
"""

from __future__ import annotations

from datetime import datetime
from types import ModuleType
from typing import Any

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
        from spinewatch import intake
    except ImportError as err:
        raise EngineUnavailable(f"free-text intake unavailable: {err}") from err
    fn = getattr(intake, "extract", None)
    if isinstance(fn, ModuleType):
        # Importing the submodule spinewatch.intake.extract rebinds the package attribute of
        # the same name to the module; the function is then the module's own ``extract``.
        fn = getattr(fn, "extract", None)
    if not callable(fn):
        raise EngineUnavailable("free-text intake unavailable: spinewatch.intake has no extract function")
    return fn(text, reported_at=reported_at)
