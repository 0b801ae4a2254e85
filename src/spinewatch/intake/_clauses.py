"""Sentence and clause bounds: the span a date, a negation or a score belongs to."""

from __future__ import annotations

import re

CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–]\s")
CLAUSE_APART = 50


def sent_bounds(doc, start_char: int) -> tuple[int, int]:
    span = doc.char_span(start_char, min(start_char + 1, len(doc.text)), alignment_mode="expand")
    if span is None or not len(span):
        return 0, len(doc.text)
    s = span[0].sent
    return s.start_char, s.end_char



def clause_bounds(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end], within its sentence s0..s1."""
    c0 = max((m.end() for m in CLAUSE_BREAK.finditer(text, s0, start)), default=s0)
    nxt = CLAUSE_BREAK.search(text, end, s1)
    return c0, (nxt.start() if nxt else s1)

