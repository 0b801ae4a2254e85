"""Reading a report from JSON, refusing bad input with a message that names the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ._model import Report

MAX_REPORT_BYTES = 256 * 1024  # a real report is a few kB; anything near this is not a report


class ReportError(ValueError):
    """Invalid report input. ``problems`` lists (field path, message) pairs for forms and APIs."""

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


def describe_validation_error(err: ValidationError) -> list[tuple[str, str]]:
    """Turn pydantic's errors into (dotted field path, plain message) pairs."""
    problems = []
    for e in err.errors(include_url=False):
        path = ".".join(str(p) for p in e["loc"]) or "(report)"
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling)"
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        problems.append((path, msg))
    return problems


def parse_report(data: Any) -> Report:
    """Validate an already-decoded JSON object as a Report."""
    if not isinstance(data, dict):
        raise ReportError(f"a report must be a JSON object, not {type(data).__name__}")
    try:
        return Report.model_validate(data)
    except ValidationError as err:
        problems = describe_validation_error(err)
        text = "; ".join(f"{p}: {m}" for p, m in problems)
        raise ReportError(f"invalid report: {text}", problems) from None


def parse_report_json(raw: bytes | str) -> Report:
    """Decode and validate JSON text, refusing oversized input before parsing it."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_REPORT_BYTES:
        raise ReportError(f"report is {size} bytes; the limit is {MAX_REPORT_BYTES} bytes")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ReportError(f"report is not valid JSON: {err}") from None
    return parse_report(data)


def load_report(path: str | Path) -> Report:
    """Read a report file; the size is checked before the file is read."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise ReportError(f"cannot read {p}: {err.strerror}") from None
    if size > MAX_REPORT_BYTES:
        raise ReportError(f"{p} is {size} bytes; the limit for a report is {MAX_REPORT_BYTES} bytes")
    return parse_report_json(p.read_bytes())
