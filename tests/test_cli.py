"""The command line as a user meets it."""

import json
import subprocess
import sys

import pytest


def cli(*args):
    return subprocess.run([sys.executable, "-m", "spinewatch.cli", *args], capture_output=True, text=True, timeout=120)


def test_assess_example_prints_a_readable_assessment():
    p = cli("assess", "--example", "leg_weakness")
    assert p.returncode == 0, p.stderr
    assert "EMERGENCY" in p.stdout and "E1" in p.stdout


def test_assess_json_has_the_documented_shape():
    p = cli("assess", "--example", "taxane_aches", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    for key in ("level", "reasons", "causes", "actions", "warnings", "questions", "patient_advice", "kb_version"):
        assert key in out
    assert all({"rule", "text", "sources"} <= set(r) for r in out["reasons"])
    assert all({"id", "score", "evidence_for", "evidence_against"} <= set(c) for c in out["causes"])


def test_patient_view_is_plain_text():
    p = cli("assess", "--example", "leg_weakness", "--patient")
    assert p.returncode == 0, p.stderr
    assert "What to do now" in p.stdout


@pytest.mark.parametrize("args", [("assess",), ("assess", "--example", "nope"), ("kb", "show", "no-such-id"),
                                  ("evaluate", "/nonexistent.jsonl")])
def test_usage_errors_are_clear(args):
    p = cli(*args)
    assert p.returncode != 0
    assert "Traceback" not in p.stderr + p.stdout


def test_kb_lint_passes():
    p = cli("kb", "lint")
    assert p.returncode == 0, p.stdout + p.stderr


def test_kb_show_spells_out_sources():
    p = cli("kb", "show", "E1")
    assert p.returncode == 0 and "nice-cg75" in p.stdout and "Sources:" in p.stdout


def test_kb_show_finds_drugs_by_brand():
    p = cli("kb", "show", "Neulasta")
    assert p.returncode == 0 and "pegfilgrastim" in p.stdout


def test_kb_search_finds_a_threshold():
    p = cli("kb", "search", "37.5")
    assert p.returncode == 0 and "fever_c" in p.stdout


def test_admin_creates_a_clinician_in_the_serve_database(tmp_path):
    import os
    env = {**os.environ, "SPINEWATCH_DATA_DIR": str(tmp_path), "SPINEWATCH_NEW_PASSWORD": "a-long-enough-password"}
    p = subprocess.run([sys.executable, "-m", "spinewatch.cli", "admin", "add-user", "nurse", "--name", "N"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, p.stderr
    short = subprocess.run([sys.executable, "-m", "spinewatch.cli", "admin", "add-user", "other"],
                           capture_output=True, text=True, env={**env, "SPINEWATCH_NEW_PASSWORD": "short"}, timeout=120)
    assert short.returncode == 2 and "12 characters" in short.stderr
