"""The guided interview: safety order, skipping what is settled, free-text answers, tmux."""

import os
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from spinewatch.intake.interview import interpret, run_interview
from spinewatch.report import Report

from .conftest import REF


class Script:
    """Answers given in order; records the questions asked."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.asked = []

    def __call__(self, prompt):
        if not self.answers:
            return "done"
        return self.answers.pop(0)


class Out:
    def __init__(self):
        self.lines = []

    def write(self, s):
        self.lines.append(s)

    def flush(self):
        pass

    @property
    def text(self):
        return "".join(self.lines)


def _questions(out):
    return [line.split(") ", 1)[1].strip() for line in out.text.splitlines() if line.startswith("Q")]


def test_first_questions_are_cancer_then_treatment_then_neurological(kb, read):
    out = Out()
    run_interview(None, None, input_fn=Script(["yes, breast cancer", "no", "letrozole since March", "no", "no"]),
                  output=out, kb=kb, reported_at=REF)
    qs = _questions(out)
    assert "cancer" in qs[0].lower()
    groups = [kb.findings[f].group for f in _asked_findings(kb, qs)]
    order = ["cancer", "treatment", "neurological", "bladder_bowel", "fever"]
    seen = [g for g in groups if g in order]
    assert seen == sorted(seen, key=order.index), groups


def _asked_findings(kb, qs):
    by_text = {f.question: f.id for f in kb.findings.values() if f.question}
    return [by_text[q] for q in qs if q in by_text]


def test_red_flag_answer_ends_at_emergency_and_stops_asking(kb):
    out = Out()
    a = run_interview(None, None, input_fn=Script(["yes, prostate cancer", "yes, to my spine", "Zoladex",
                                                   "yes both legs are heavy and I wet myself this morning"]),
                      output=out, kb=kb, reported_at=REF)
    assert a.level == "emergency"
    # nothing can raise an emergency: no further questions after the red flag
    assert len(_questions(out)) <= 5


def test_free_text_answer_settles_other_questions(kb):
    out = Out()
    run_interview("breast cancer, on letrozole. I can't feel my legs and I've wet myself", None,
                  input_fn=Script([]), output=out, kb=kb, reported_at=REF)
    asked = _asked_findings(kb, _questions(out))
    assert "neurology.numbness" not in asked and "neurology.bladder_dysfunction" not in asked


def test_starts_from_a_report(kb):
    start = Report.model_validate({"reported_at": REF.isoformat(), "cancers": [{"type": "lung"}],
                                   "neurology": {"leg_weakness": True}})
    a = run_interview(None, start, input_fn=Script([]), output=Out(), kb=kb)
    assert a.level == "emergency"


def test_stops_when_no_answer_could_change_the_level(kb):
    out = Out()
    answers = ["no"] * 80
    a = run_interview(None, None, input_fn=Script(answers), output=out, kb=kb, reported_at=REF)
    # it ran out of questions before it ran out of answers
    assert len(_questions(out)) < 60 and not [q for q in a.questions if q.finding not in _asked_findings(kb, _questions(out))]


@pytest.mark.parametrize("finding, answer, expected", [
    ("systemic.temperature_c", "38.4", 38.4),
    ("systemic.temperature_c", "100.4F", 38.0),
    ("systemic.temperature_c", "about 99", 37.2),
    ("pain.nrs", "7", 7),
    ("pain.nrs", "about a 6", 6),
    ("pain.nrs", "8 out of 10", 8),
    ("neurology.leg_weakness", "yes", True),
    ("neurology.leg_weakness", "nope", False),
    ("neurology.leg_weakness", "a bit, yes", True),
    ("pain.course", "worse", "worsening"),
    ("pain.course", "getting worse by the hour", "worsening_over_hours"),
    ("pain.onset", "suddenly", "sudden"),
    ("adl_limit", "I can't get dressed", "self_care"),
    ("history.age", "67", 67),
])
def test_interpret_answers(kb, finding, answer, expected):
    frag = interpret(finding, answer, kb.findings[finding].kind if finding in kb.findings else "bool", REF, kb)
    value = frag
    for p in finding.split("."):
        value = value.get(p) if isinstance(value, dict) else None
    assert value == expected


def test_no_to_cancer_means_none(kb):
    assert interpret("cancers", "no", "list", REF, kb)["cancers"] == []


def test_a_free_text_no_with_a_red_flag_keeps_the_red_flag(kb):
    frag = interpret("neurology.leg_weakness", "no, but I wet myself this morning", "bool", REF, kb)
    assert frag["neurology"]["bladder_dysfunction"] is True and frag["neurology"]["leg_weakness"] is False


def test_out_of_range_answer_is_not_used(kb):
    out = Out()
    run_interview("back pain, breast cancer on letrozole", None, input_fn=Script(["skip"] * 3 + ["temp 55"] + ["done"]),
                  output=out, kb=kb, reported_at=REF)  # no traceback


# ------------------------------------------------------------------ a real terminal, driven by tmux
TMUX = shutil.which("tmux")


@pytest.mark.skipif(TMUX is None and os.environ.get("SPINEWATCH_REQUIRE_TMUX") != "1",
                    reason="tmux not installed (the CI test-deps script installs it)")
def test_interview_in_tmux(tmp_path):
    """Start `spinewatch interview` in a tmux pane, answer by send-keys, read the screen."""
    assert TMUX, "tmux is required (SPINEWATCH_REQUIRE_TMUX=1)"
    session = f"sw-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "screen.txt"
    cmd = f"{sys.executable} -m spinewatch.cli interview --text 'breast cancer, on letrozole, back pain'; sleep 30"
    env_cmd = f"COLUMNS=100 TERM=xterm {cmd}"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "100", "-y", "50", env_cmd], check=True)

    def screen():
        return subprocess.run([TMUX, "capture-pane", "-p", "-J", "-S", "-2000", "-t", session],
                              capture_output=True, text=True).stdout

    def wait_for(pred, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            s = screen()
            if pred(s):
                return s
            time.sleep(0.3)
        raise AssertionError("timed out; screen:\n" + screen())

    try:
        wait_for(lambda s: s.rstrip().endswith(">"))
        first = screen()
        assert "Q1" in first
        for answer in ["no", "yes my legs feel heavy and I keep falling"]:
            subprocess.run([TMUX, "send-keys", "-t", session, answer, "Enter"], check=True)
            time.sleep(0.5)
        s = wait_for(lambda s: "EMERGENCY" in s.upper() and "spinewatch" in s)
        log.write_text(s)
        assert "EMERGENCY" in s
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
