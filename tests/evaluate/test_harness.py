"""The evaluation harness: metrics that count what matters, and clear errors for bad files."""

import json
import subprocess
import sys

import pytest

from spinewatch.evaluate import VIGNETTES, EvaluationError, evaluate_file

NOW = "2026-11-20T12:00:00+00:00"
WEAK = {"reported_at": NOW, "cancers": [{"type": "lung"}], "neurology": {"leg_weakness": True}}
MILD = {"reported_at": NOW, "cancers": [{"type": "breast"}], "pain": {"sites": ["lumbar"], "nrs": 2}}


def write(tmp_path, cases):
    p = tmp_path / "cases.jsonl"
    p.write_text("\n".join(json.dumps(c) for c in cases) + "\n")
    return p


def test_metrics_count_under_and_over_triage(kb, tmp_path):
    cases = [
        {"id": "a", "report": WEAK, "expected_level": "emergency", "expected_cause": "mscc"},
        {"id": "b", "report": WEAK, "expected_level": "urgent", "expected_cause": "taps"},  # over
        {"id": "c", "report": MILD, "expected_level": "emergency"},  # under
        {"id": "d", "report": MILD, "expected_level": "soon"},
    ]
    m = evaluate_file(write(tmp_path, cases), kb)
    assert m["n"] == 4
    assert m["triage_accuracy"] == 0.5
    assert m["undertriage_rate"] == 0.25 and m["overtriage_rate"] == 0.25
    assert m["emergency_sensitivity"] == 0.5
    assert m["confusion"]["emergency"]["soon"] == 1
    assert m["top3"] == 0.5  # mscc found, taps not, over the two cases with a cause
    assert [c["id"] for c in m["cases"]] == ["a", "b", "c", "d"]


@pytest.mark.parametrize("line,message", [
    ("{not json", "line 1"),
    (json.dumps({"id": "x", "report": MILD}), "expected_level"),
    (json.dumps({"report": MILD, "expected_level": "soon"}), "missing 'id'"),
    (json.dumps({"id": "x", "report": {"pain": {"nrs": 12}}, "expected_level": "soon"}), "pain.nrs"),
])
def test_bad_lines_name_the_problem(kb, tmp_path, line, message):
    p = tmp_path / "bad.jsonl"
    p.write_text(line + "\n")
    with pytest.raises(EvaluationError, match=message):
        evaluate_file(p, kb)


def test_duplicate_ids_are_refused(kb, tmp_path):
    case = {"id": "same", "report": MILD, "expected_level": "soon"}
    with pytest.raises(EvaluationError, match="duplicate"):
        evaluate_file(write(tmp_path, [case, case]), kb)


def test_shipped_vignettes_meet_the_done_criteria(kb):
    """Issue 2: emergency sensitivity 1.0, no undertriage, triage accuracy >= 0.9, top-3 >= 0.9."""
    m = evaluate_file(VIGNETTES, kb)
    assert m["n"] >= 60
    assert m["emergency_sensitivity"] == 1.0
    assert m["undertriage_rate"] == 0.0
    assert m["triage_accuracy"] >= 0.9
    assert m["top3"] >= 0.9


def test_cli_json_lists_every_case():
    p = subprocess.run([sys.executable, "-m", "spinewatch.cli", "evaluate", str(VIGNETTES), "--json"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert {"n", "triage_accuracy", "undertriage_rate", "overtriage_rate", "emergency_sensitivity", "top1", "top3", "confusion", "cases"} <= set(out)
    assert all({"id", "level", "causes"} <= set(c) for c in out["cases"])
