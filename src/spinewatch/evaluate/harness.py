"""Scoring the engine against expected answers (``spinewatch evaluate``).

Undertriage (less urgent than expected) is the error that harms; it is reported on its own,
and emergency sensitivity is the share of expected emergencies the engine called emergency.
Lines with free text run through the intake when it is installed; otherwise they are counted
as skipped, never silently dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..engine import assess
from ..knowledge import LEVELS, KnowledgeBase
from ..report import ReportError, parse_report

RANK = {lvl: i for i, lvl in enumerate(LEVELS)}
MAX_FILE_BYTES = 50 * 1024 * 1024


class EvaluationError(ValueError):
    pass


def _parse_line(n: int, line: str) -> dict[str, Any]:
    try:
        case = json.loads(line)
    except json.JSONDecodeError as err:
        raise EvaluationError(f"line {n}: not valid JSON ({err.msg})") from None
    if not isinstance(case, dict):
        raise EvaluationError(f"line {n}: expected a JSON object")
    if "id" not in case:
        raise EvaluationError(f"line {n}: missing 'id'")
    if "report" not in case and "text" not in case:
        raise EvaluationError(f"line {n} ({case['id']}): give 'report' or 'text'")
    # a line with both is a text case whose structured report is its reference: the text is assessed
    lvl = case.get("expected_level")
    if lvl not in RANK:
        raise EvaluationError(f"line {n} ({case['id']}): expected_level must be one of {', '.join(LEVELS)}")
    return case


def _text_extractor():
    try:
        from ..intake import extract
    except ImportError:
        return None
    return extract


def evaluate_cases(cases: list[dict[str, Any]], kb: KnowledgeBase) -> dict[str, Any]:
    extract = None
    results = []
    skipped = []
    for case in cases:
        if "text" in case:
            extract = extract or _text_extractor()
            if extract is None:
                skipped.append(case["id"])
                continue
            from datetime import datetime
            when = case.get("reported_at")
            report = extract(case["text"], reported_at=datetime.fromisoformat(when) if when else None).report
        else:
            try:
                report = parse_report(case["report"])
            except ReportError as err:
                raise EvaluationError(f"case {case['id']}: {err}") from None
        a = assess(report, kb)
        results.append((case, a.level, [c.id for c in a.causes]))
    return _metrics(results, skipped)


def _metrics(results: list[tuple], skipped: list[str]) -> dict[str, Any]:
    n = len(results)
    confusion = {exp: {got: 0 for got in LEVELS} for exp in LEVELS}
    correct = under = over = 0
    emerg_total = emerg_hit = 0
    with_cause = top1 = top3 = 0
    cases_out = []
    for case, level, ranked in results:
        exp = case["expected_level"]
        confusion[exp][level] += 1
        diff = RANK[level] - RANK[exp]
        correct += diff == 0
        under += diff < 0
        over += diff > 0
        if exp == "emergency":
            emerg_total += 1
            emerg_hit += level == "emergency"
        ok_causes = {c for c in [case.get("expected_cause"), *case.get("acceptable_causes", [])] if c}
        hit1 = hit3 = None
        if ok_causes:
            with_cause += 1
            hit1 = ranked[0] in ok_causes
            hit3 = bool(ok_causes.intersection(ranked[:3]))
            top1 += hit1
            top3 += hit3
        cases_out.append({"id": case["id"], "level": level, "expected_level": exp, "causes": ranked,
                          "expected_cause": case.get("expected_cause"), "top1": hit1, "top3": hit3})

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "n": n,
        "skipped": len(skipped),
        "skipped_ids": skipped,
        "triage_accuracy": ratio(correct, n),
        "undertriage_rate": ratio(under, n),
        "overtriage_rate": ratio(over, n),
        "emergency_sensitivity": ratio(emerg_hit, emerg_total),
        "top1": ratio(top1, with_cause),
        "top3": ratio(top3, with_cause),
        "confusion": confusion,
        "cases": cases_out,
    }


def evaluate_file(path: str | Path, kb: KnowledgeBase) -> dict[str, Any]:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise EvaluationError(f"{p} is larger than {MAX_FILE_BYTES} bytes")
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise EvaluationError(f"cannot read {p}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise EvaluationError(f"{p} is not UTF-8 text") from None
    cases = [_parse_line(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not cases:
        raise EvaluationError(f"{p} has no cases")
    ids = [c["id"] for c in cases]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise EvaluationError(f"duplicate case ids: {', '.join(map(str, dupes[:5]))}")
    return evaluate_cases(cases, kb)


def render_metrics(m: dict[str, Any], console) -> None:
    from rich.table import Table

    def fmt(v):
        return "n/a" if v is None else f"{v:.3f}"

    console.print(f"cases: {m['n']} assessed, {m['skipped']} skipped (free text without the intake)")
    for key in ("triage_accuracy", "undertriage_rate", "overtriage_rate", "emergency_sensitivity", "top1", "top3"):
        console.print(f"  {key:22} {fmt(m[key])}")
    t = Table(title="confusion (rows expected, columns assessed)", title_justify="left")
    t.add_column("expected")
    for lvl in reversed(LEVELS):
        t.add_column(lvl, justify="right")
    for exp in reversed(LEVELS):
        t.add_row(exp, *(str(m["confusion"][exp][got]) for got in reversed(LEVELS)))
    console.print(t)
    wrong = [c for c in m["cases"] if c["level"] != c["expected_level"] or c["top3"] is False]
    if wrong:
        console.print("[bold]Cases that differ[/bold]")
        for c in wrong:
            console.print(f"  {c['id']}: level {c['level']} (expected {c['expected_level']}), "
                          f"top causes {', '.join(c['causes'][:3])} (expected {c['expected_cause']})")
