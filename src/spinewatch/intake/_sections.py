"""Sections of clinical documents: what a past-medical-history list says is history.

Letters, discharge summaries and handover notes list old events under a heading ("PMH:",
"Past medical history", "Background:"): "L5 sciatica 2015 with foot drop, recovered" is not
today's red flag. A red flag found there is historical, so it is asked about ("is it there
now?"), never silently dropped; today's paragraph ("HPC:") is read as usual.
"""

from __future__ import annotations

import re

_HISTORY = (r"pmh|pmhx|p\.m\.h\.?|past medical history|past medical hx|past history|medical history|previous history|"
            r"background|relevant background|co-?morbidities|previous medical history|pmh/psh|psh|past surgical history")
_HEADING = re.compile(r"^[ \t]*(?:[-*•]\s*)?([A-Za-z][A-Za-z /&.()-]{0,40}?)[ \t]*:", re.M)
_IS_HISTORY = re.compile(r"(?:" + _HISTORY + r")", re.I)
_BULLET = re.compile(r"[ \t]*(?:[-*•]|\d{1,2}[.)])\s")


def history_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges under a past-history heading, up to the next heading or blank line."""
    spans = []
    for m in _HEADING.finditer(text):
        if not _IS_HISTORY.fullmatch(m.group(1).strip()):
            continue
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        # the list that follows: bullet lines, or lines that are not a new heading
        while end < len(text):
            nxt = text.find("\n", end + 1)
            line = text[end + 1:(len(text) if nxt == -1 else nxt)]
            if not line.strip() or (_HEADING.match(line) and not _BULLET.match(line)):
                break
            end = len(text) if nxt == -1 else nxt
        spans.append((start, end))
    return spans


def in_history(spans: list[tuple[int, int]], at: int) -> bool:
    return any(a <= at < b for a, b in spans)
