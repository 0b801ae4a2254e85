"""The annotated message set meets the issue's figures; the terminal view shows the words."""

import io
import json

import pytest
from rich.console import Console

from spinewatch.evaluate import text_metrics
from spinewatch.render.extraction import render_extraction


@pytest.fixture(scope="module")
def results(read):
    return {name: text_metrics.run(text_metrics.DATA.parent / f"{name}.jsonl")
            for name in ("text_cases", "text_cases_holdout")}


def test_set_is_large_and_well_formed():
    cases = text_metrics.load_cases()
    assert len(cases) >= 150
    assert len({c["id"] for c in cases}) == len(cases)
    for c in cases:
        assert set(c) >= {"id", "text", "reported_at", "expected_findings", "report", "expected_level", "expected_cause"}


@pytest.mark.parametrize("name", ["text_cases", "text_cases_holdout"])
def test_red_flag_recall_at_least_097(results, name):
    assert results[name]["red_flag_recall"] >= 0.97, results[name]["red_flag_missed"]


@pytest.mark.parametrize("name", ["text_cases", "text_cases_holdout"])
def test_text_never_less_urgent_than_structured_report(results, name):
    assert results[name]["text_less_urgent_than_report"] == []


@pytest.mark.parametrize("name", ["text_cases", "text_cases_holdout"])
def test_hypothetical_and_uncertain_red_flags_come_back_as_questions(results, name):
    assert results[name]["questions_missed"] == []


def test_compare_counts_a_wrong_value_as_miss_and_false_finding():
    counts = {}
    text_metrics.compare({"pain.nrs": 7}, {"pain.nrs": 5}, counts)
    assert counts["pain.nrs"] == [0, 1, 1]


def test_render_shows_words_values_contexts_and_offsets(read):
    x = read("had my Taxol Tuesday, can't feel my left foot, no temp. I worry I'll become incontinent.")
    buf = io.StringIO()
    render_extraction(x, Console(file=buf, width=140, force_terminal=False, color_system=None))
    out = buf.getvalue()
    assert "can't feel my left foot" in out and "neurology.numbness" in out and "22-45" in out
    assert "hypothetical" in out and "negated" in out
    assert "ask:" in out and "incontinent" in out


def test_render_in_colour_marks_red_flags(read):
    x = read("wet myself")
    buf = io.StringIO()
    render_extraction(x, Console(file=buf, width=100, force_terminal=True, color_system="standard"))
    assert "\x1b[" in buf.getvalue()


def test_extraction_json_has_offsets(read):
    d = json.loads(json.dumps(read("temp 38.4 and shivery").to_dict()))
    spans = {(f["finding"], f["start"], f["end"]) for f in d["findings"]}
    assert ("systemic.temperature_c", 5, 9) in spans and ("systemic.rigors", 14, 21) in spans
