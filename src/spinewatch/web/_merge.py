"""Combining the form's answers with what the free-text box says.

A patient who ticks "no" to weakness but writes "my legs keep giving way" must not be
reassured by the tick: a "yes" from either source wins, and the text fills what the form left
unknown. Everything else the form says stands.
"""

from __future__ import annotations

from typing import Any

from ..report import Report


def _merge(form: dict[str, Any], text: dict[str, Any]) -> dict[str, Any]:
    out = dict(form)
    for key, tv in text.items():
        fv = form.get(key)
        if isinstance(fv, dict) and isinstance(tv, dict):
            out[key] = _merge(fv, tv)
        elif fv is None:
            out[key] = tv
        elif fv is False and tv is True:
            out[key] = True
    return out


def merge_reports(form: Report, text: Report) -> Report:
    return Report.model_validate(_merge(form.model_dump(), text.model_dump()))
