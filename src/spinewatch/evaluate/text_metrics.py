"""Free-text intake against the annotated message set (evaluate/data/text_cases.jsonl).

    python -m spinewatch.evaluate.text_metrics            # table
    python -m spinewatch.evaluate.text_metrics --json     # machine-readable
    python -m spinewatch.evaluate.text_metrics --show t017-comma-redflag   # one case in detail

Each line holds a message, the findings a careful reader takes from it (``expected_findings``:
report field paths; ``false`` = said to be absent; ``null`` = mentioned but not established, e.g.
hypothetical), the red flags that must come back as questions, the structured report of the same
case, and the level and cause a clinician following triage-levels.md would give.

Figures:
* per-finding precision, recall and F1 (list fields and drugs item by item; a wrong value counts as
  a miss and a false finding);
* red-flag recall: weakness, numbness, gait, saddle, bladder, bowel, fever (reading >= 37.5 or
  < 36.0 C, or a fever), rigors, band or radicular pain; the target is 0.97;
* questions: hypothetical/uncertain red flags that came back as questions;
* levels: text level vs the same case's structured report (text must never be less urgent), and
  both vs the expected level.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "text_cases.jsonl"
LIST_FIELDS = {"pain.sites", "pain.character", "neurology.numbness_pattern", "metastases", "systemic.other_amber_domains",
               "treatments", "cancers"}
# set together with another finding from the same words, and scored through it: the drug classes
# (history.on_ppi, on_laxative) through treatments, a felt fever through systemic.temperature_c
SKIP = {"reported_at", "history.on_ppi", "history.on_laxative", "id", "systemic.feels_feverish"}
RED_FLAGS = ["neurology.leg_weakness", "neurology.arm_weakness", "neurology.gait_difficulty", "neurology.numbness",
             "neurology.sensory_level", "neurology.saddle_anaesthesia", "neurology.bladder_dysfunction",
             "neurology.bowel_dysfunction", "systemic.temperature_c", "systemic.rigors", "pain.band_like",
             "pain.radiating_down_limb"]
RED_FLAG_TARGET = 0.97


def load_cases(path: Path = DATA) -> list[dict[str, Any]]:
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    cases.append(json.loads(line))
                except json.JSONDecodeError as err:
                    raise SystemExit(f"{path}:{n}: not valid JSON: {err.msg}") from None
    return cases


def _flatten(d: dict, prefix: str = "") -> dict[str, Any]:
    out = {}
    for k, v in d.items():
        path = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, path + "."))
        else:
            out[path] = v
    return out


def observed(report, kb) -> dict[str, Any]:
    """The report as the same kind of flat dict as ``expected_findings``."""
    data = report.model_dump(mode="json", exclude_none=True)
    treatments = data.pop("treatments", None)
    cancers = data.pop("cancers", None)
    flat = {k: v for k, v in _flatten(data).items() if k not in SKIP}
    if treatments is not None:
        ids = []
        dates: dict[str, dict] = {}
        for t in treatments:
            tid = kb.drug_id(t["drug"]) or t["drug"]
            ids.append(tid)
            dd = {x: t[x] for x in ("start", "last_dose") if x in t}
            if dd:
                dates[tid] = dd
        flat["treatments"] = sorted(set(ids))
        if dates:
            flat["treatment_dates"] = dates
    if cancers is not None:
        flat["cancers"] = sorted({kb.cancer_id(c["type"]) or c["type"] for c in cancers})
    return flat


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(a - b) <= 0.15
    return a == b


def compare(expected: dict[str, Any], got: dict[str, Any], counts: dict[str, list[int]]) -> list[str]:
    """Add TP/FP/FN per finding into counts; return the differences in words."""
    diffs = []
    keys = (set(expected) | set(got)) - SKIP
    for k in sorted(keys):
        e, g = expected.get(k), got.get(k)
        c = counts.setdefault(k, [0, 0, 0])  # tp, fp, fn
        if k == "treatment_dates":
            e, g = e or {}, g or {}
            for drug in set(e) | set(g):
                for fld in ("start", "last_dose"):
                    ev, gv = (e.get(drug) or {}).get(fld), (g.get(drug) or {}).get(fld)
                    if ev is None and gv is None:
                        continue
                    if ev == gv:
                        c[0] += 1
                    else:
                        if ev is not None:
                            c[2] += 1
                        if gv is not None:
                            c[1] += 1
                        diffs.append(f"{k}.{drug}.{fld}: expected {ev}, got {gv}")
            continue
        if k in LIST_FIELDS:
            es, gs = set(e or []), set(g or [])
            c[0] += len(es & gs)
            c[1] += len(gs - es)
            c[2] += len(es - gs)
            if e == [] and g is None or e is None and g == []:
                pass
            if es != gs:
                diffs.append(f"{k}: expected {sorted(es)}, got {sorted(gs)}")
            elif e == [] and g is None:
                c[2] += 1
                diffs.append(f"{k}: expected [] (none), got nothing")
            continue
        if e is None and g is None:
            continue
        if e is not None and g is not None and _same(e, g):
            c[0] += 1
            continue
        if e is not None:
            c[2] += 1
        if g is not None:
            c[1] += 1
        diffs.append(f"{k}: expected {e!r}, got {g!r}")
    return diffs


def _is_red(path: str, value: Any) -> bool:
    if path == "systemic.temperature_c":
        return isinstance(value, (int, float)) and (value >= 37.5 or value < 36.0)
    return value is True


def run(path: Path = DATA, show: str | None = None) -> dict[str, Any]:
    from ..engine import assess
    from ..knowledge import LEVELS, load_kb
    from ..report import Report
    from ..intake import extract_many
    from datetime import datetime

    kb = load_kb()
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    cases = load_cases(path)
    counts: dict[str, list[int]] = {}
    red_total = red_found = 0
    red_missed: list[str] = []
    q_total = q_found = 0
    q_missed: list[str] = []
    lv = defaultdict(int)
    text_below_report: list[str] = []
    text_below_expected: list[str] = []
    report_below_expected: list[str] = []
    details = {}
    for case in cases:
        ref = datetime.fromisoformat(case["reported_at"])
        x = extract_many([case["text"]], ref, kb=kb)[0]
        got = observed(x.report, kb)
        exp = case["expected_findings"]
        diffs = compare(exp, got, counts)
        for f in RED_FLAGS:
            ev = exp.get(f)
            if f == "systemic.temperature_c" and ev is not None and not _is_red(f, ev):
                continue
            if _is_red(f, ev):
                red_total += 1
                if _is_red(f, got.get(f)):
                    red_found += 1
                else:
                    red_missed.append(f"{case['id']}: {f}")
        for qf in case.get("expected_questions", []):
            q_total += 1
            if qf in x.question_findings:
                q_found += 1
            else:
                q_missed.append(f"{case['id']}: {qf}")
        a_text = assess(x.report, kb=kb) if _takes_kb(assess) else assess(x.report)
        structured = Report.model_validate(case["report"])
        a_rep = assess(structured, kb=kb) if _takes_kb(assess) else assess(structured)
        t, r, e = rank[a_text.level], rank[a_rep.level], rank[case["expected_level"]]
        lv["cases"] += 1
        lv["text_equals_report"] += t == r
        lv["text_equals_expected"] += t == e
        lv["report_equals_expected"] += r == e
        if t < r:
            text_below_report.append(f"{case['id']}: text {a_text.level} < report {a_rep.level}")
        if t < e:
            text_below_expected.append(f"{case['id']}: text {a_text.level} < expected {case['expected_level']}")
        if r < e:
            report_below_expected.append(f"{case['id']}: report {a_rep.level} < expected {case['expected_level']}")
        top = a_text.causes[0].id if a_text.causes else None
        lv["cause_top1_text"] += top == case.get("expected_cause")
        if show and case["id"] == show:
            details = {"case": case, "extracted": x.to_dict(), "observed": got, "differences": diffs,
                       "level_text": a_text.level, "level_report": a_rep.level, "top_cause_text": top}
    per = {}
    tp_all = fp_all = fn_all = 0
    for k, (tp, fp, fn) in sorted(counts.items()):
        if tp + fp + fn == 0:
            continue
        p = tp / (tp + fp) if tp + fp else None
        r = tp / (tp + fn) if tp + fn else None
        f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        per[k] = {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    result = {
        "cases": len(cases),
        "micro": {"precision": micro_p, "recall": micro_r,
                  "f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0},
        "per_finding": per,
        "red_flag_recall": red_found / red_total if red_total else None,
        "red_flag_total": red_total,
        "red_flag_missed": red_missed,
        "red_flag_target": RED_FLAG_TARGET,
        "question_recall": q_found / q_total if q_total else None,
        "questions_missed": q_missed,
        "levels": dict(lv),
        "text_less_urgent_than_report": text_below_report,
        "text_less_urgent_than_expected": text_below_expected,
        "report_less_urgent_than_expected": report_below_expected,
    }
    if show:
        result["show"] = details
    return result


def _takes_kb(fn) -> bool:
    import inspect

    try:
        return "kb" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _fmt(v):
    return "  -  " if v is None else f"{v:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--file", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", help="print one case in detail")
    args = ap.parse_args(argv)
    res = run(args.file, args.show)
    if args.json:
        print(json.dumps(res, indent=2, default=str))
        return 0
    if args.show:
        print(json.dumps(res["show"], indent=2, default=str))
        return 0
    print(f"cases: {res['cases']}")
    print(f"{'finding':40} {'tp':>4} {'fp':>4} {'fn':>4}  prec  rec   f1")
    for k, m in res["per_finding"].items():
        print(f"{k:40} {m['tp']:>4} {m['fp']:>4} {m['fn']:>4}  {_fmt(m['precision'])}  {_fmt(m['recall'])}  {_fmt(m['f1'])}")
    mi = res["micro"]
    print(f"{'ALL (micro)':40} {'':>14}  {mi['precision']:.2f}  {mi['recall']:.2f}  {mi['f1']:.2f}")
    rr = res["red_flag_recall"]
    print(f"\nred-flag recall: {rr:.3f} ({res['red_flag_total']} red flags; target {RED_FLAG_TARGET})")
    for m in res["red_flag_missed"]:
        print("  missed", m)
    if res["question_recall"] is not None:
        print(f"hypothetical/uncertain red flags returned as questions: {res['question_recall']:.3f}")
        for m in res["questions_missed"]:
            print("  missed", m)
    L = res["levels"]
    n = L["cases"]
    print(f"\nlevel from text == level from structured report: {L['text_equals_report']}/{n}")
    print(f"level from text less urgent than from report: {len(res['text_less_urgent_than_report'])} (must be 0)")
    for m in res["text_less_urgent_than_report"]:
        print("  ", m)
    print(f"level from text == expected level: {L['text_equals_expected']}/{n}; from report: {L['report_equals_expected']}/{n}")
    print(f"text less urgent than expected: {len(res['text_less_urgent_than_expected'])}; "
          f"report less urgent than expected: {len(res['report_less_urgent_than_expected'])}")
    for m in res["text_less_urgent_than_expected"]:
        print("  ", m)
    print(f"top cause from text == expected cause: {L['cause_top1_text']}/{n}")
    ok = (rr is None or rr >= RED_FLAG_TARGET) and not res["text_less_urgent_than_report"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
