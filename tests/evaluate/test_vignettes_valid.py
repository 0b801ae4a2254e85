"""The evaluation vignettes are well formed and cover what the evaluation needs.

These tests check the *set*, not the engine: every line parses as a Report, uses known
levels and cause ids, and the set covers every level, cause and triage rule
(triage-levels.md) often enough that an engine which escalates everything, or never
escalates, scores badly. Each rationale starts with the rules that apply, in brackets,
e.g. "[E1, U1] ..." or "[R2, concern] ..."; the highest rule (raised one step by
patient concern) must equal the expected level.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from spinewatch.report import parse_report

VIGNETTES = Path(__file__).resolve().parents[2] / "src" / "spinewatch" / "evaluate" / "data" / "vignettes.jsonl"

LEVELS = ["routine", "soon", "urgent", "emergency"]
CAUSES = {
    "mscc", "cauda_equina", "spinal_metastasis", "spinal_infection", "osteoporotic_fracture", "steroid_avn",
    "cipn", "taps", "gcsf_bone_pain", "electrolyte_cramps", "deconditioning", "ai_arthralgia",
    "herpes_zoster", "referred_visceral", "benign_mechanical",
}
RULES = (
    [f"E{i}" for i in range(1, 7)] + [f"U{i}" for i in range(1, 7)]
    + [f"S{i}" for i in range(1, 8)] + [f"R{i}" for i in range(1, 5)]
)
RULE_LEVEL = {"E": "emergency", "U": "urgent", "S": "soon", "R": "routine"}
KEYS = {"id", "report", "expected_level", "expected_cause", "acceptable_causes", "rationale"}
TAG = re.compile(r"^\[([A-Za-z0-9, ]+)\]\s+\S")
CUTOFF = datetime(2026, 11, 23, tzinfo=timezone.utc)

MIN_CASES = 70
MIN_PER_LEVEL = 12
MIN_PER_CAUSE = 3
MIN_PER_RULE = 2


def _load() -> list[dict]:
    lines = [ln for ln in VIGNETTES.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [json.loads(ln) for ln in lines]


CASES = _load()


def _tags(case: dict) -> list[str]:
    m = TAG.match(case["rationale"])
    assert m, f"{case['id']}: rationale must start with '[rules] ...'"
    return [t.strip() for t in m.group(1).split(",") if t.strip()]


def _level_from_tags(tags: list[str]) -> str:
    rules = [t for t in tags if t != "concern"]
    top = max(LEVELS.index(RULE_LEVEL[r[0]]) for r in rules)
    if "concern" in tags:
        top = min(top + 1, len(LEVELS) - 1)
    return LEVELS[top]


def test_enough_cases():
    assert len(CASES) >= MIN_CASES


def test_ids_unique_and_well_formed():
    ids = [c.get("id") for c in CASES]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    for i in ids:
        assert isinstance(i, str) and re.fullmatch(r"v\d{3}-[a-z0-9-]+", i), f"bad id {i!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.get("id", "?") for c in CASES])
def test_line_is_valid(case):
    assert set(case) <= KEYS, f"unknown keys {set(case) - KEYS}"
    assert {"id", "report", "expected_level", "expected_cause", "rationale"} <= set(case)
    report = parse_report(case["report"])
    assert report.reported_at is not None, "every case needs a fixed reported_at"
    when = report.reported_at if report.reported_at.tzinfo else report.reported_at.replace(tzinfo=timezone.utc)
    assert when.year == 2026 and when < CUTOFF
    assert case["expected_level"] in LEVELS
    assert case["expected_cause"] in CAUSES
    acc = case.get("acceptable_causes", [])
    assert isinstance(acc, list) and len(acc) == len(set(acc))
    assert set(acc) <= CAUSES, f"unknown acceptable causes {set(acc) - CAUSES}"
    assert case["expected_cause"] not in acc
    assert isinstance(case["rationale"], str) and len(case["rationale"]) > 30


@pytest.mark.parametrize("case", CASES, ids=[c.get("id", "?") for c in CASES])
def test_rule_tags_match_expected_level(case):
    tags = _tags(case)
    unknown = [t for t in tags if t not in RULES and t != "concern"]
    assert not unknown, f"unknown rule tags {unknown}"
    assert any(t != "concern" for t in tags), "at least one rule must be named"
    assert _level_from_tags(tags) == case["expected_level"]
    # concern is tagged only when the report says so
    if "concern" in tags:
        assert case["report"].get("concern") is True


def test_every_level_covered():
    counts = Counter(c["expected_level"] for c in CASES)
    for lvl in LEVELS:
        assert counts[lvl] >= MIN_PER_LEVEL, f"{lvl}: {counts[lvl]} < {MIN_PER_LEVEL}"


def test_every_cause_covered():
    counts = Counter(c["expected_cause"] for c in CASES)
    missing = {c: counts[c] for c in CAUSES if counts[c] < MIN_PER_CAUSE}
    assert not missing, f"causes under {MIN_PER_CAUSE}: {missing}"


def test_every_rule_covered():
    counts = Counter(t for c in CASES for t in _tags(c))
    missing = {r: counts[r] for r in RULES if counts[r] < MIN_PER_RULE}
    assert not missing, f"rules under {MIN_PER_RULE}: {missing}"
    assert counts["concern"] >= 2, "patient concern raising a level needs at least 2 cases"


def test_benign_share():
    """An engine that escalates everything must score badly: at least a third soon/routine."""
    counts = Counter(c["expected_level"] for c in CASES)
    assert counts["soon"] + counts["routine"] >= len(CASES) / 3


def test_people_without_cancer_are_included():
    no_cancer = [c for c in CASES if c["report"].get("cancers") == []]
    assert len(no_cancer) >= 3
    assert {c["expected_level"] for c in no_cancer} >= {"emergency", "urgent", "routine"}


# Plain red flags that no reading of triage-levels.md can put below emergency.
_RED_NEURO = ("leg_weakness", "arm_weakness", "gait_difficulty", "sensory_level", "saddle_anaesthesia",
              "bladder_dysfunction", "bowel_dysfunction", "sexual_dysfunction", "worsening_over_hours",
              "known_deficit_worsening")
_RED_SYSTEMIC = ("rigors", "feeling_unwell", "chest_pain", "breathless_at_rest", "collapse")


@pytest.mark.parametrize("case", CASES, ids=[c.get("id", "?") for c in CASES])
def test_red_flags_are_expected_emergency(case):
    r = parse_report(case["report"])
    n, s, p = r.neurology, r.systemic, r.pain
    reasons = []
    if not n.longstanding_assessed:
        reasons += [f for f in _RED_NEURO if getattr(n, f)]
        if n.numbness and n.numbness_pattern and set(n.numbness_pattern) & {"legs", "trunk", "buttocks"}:
            reasons.append("numbness in legs/trunk/buttocks")
    if (p.radiating_down_limb or p.band_like) and not s.rash_dermatomal_vesicular:
        reasons.append("radicular or band pain without a vesicular rash")
    reasons += [f for f in _RED_SYSTEMIC if getattr(s, f)]
    if len(s.other_amber_domains or []) >= 2:
        reasons.append("2+ amber domains")
    if reasons:
        assert case["expected_level"] == "emergency", f"{case['id']} has {reasons}"


@pytest.mark.parametrize("case", [c for c in CASES if c["expected_level"] in ("routine", "soon")],
                         ids=[c["id"] for c in CASES if c["expected_level"] in ("routine", "soon")])
def test_routine_and_soon_cases_have_no_urgent_feature(case):
    r = parse_report(case["report"])
    p = r.pain
    spinal = set(p.sites or []) & {"cervical", "thoracic", "lumbar", "sacral"}
    if spinal:
        assert not spinal & {"cervical", "thoracic"}, "thoracic/cervical spinal pain is U1"
        for f in ("night_pain", "worse_on_straining", "worse_on_movement", "localised_tenderness", "claudication"):
            assert not getattr(p, f), f"{f} is a U1 feature"
        assert p.course not in ("worsening", "worsening_over_hours")
    if not case["report"].get("concern"):
        assert p.nrs is None or p.nrs <= 6, "NRS 7-10 is U2"
    assert not p.not_controlled_by_analgesia
    assert r.adl_limit != "self_care"
    assert not r.systemic.weight_loss
    assert r.neurology.neuropathy_adl != "self_care"
    if case["expected_level"] == "routine":
        assert p.nrs is None or p.nrs <= 3, "routine pain is mild"


@pytest.mark.parametrize("name", ["heldout.jsonl", "heldout2.jsonl", "heldout3.jsonl"])
def test_held_out_sets_load_with_known_levels_and_causes(name):
    # the held-out sets are measured, not tuned on; they must at least all load, or the figure lies
    path = VIGNETTES.with_name(name)
    cases = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(cases) >= 40
    for c in cases:
        parse_report(c["report"])
        assert c["expected_level"] in LEVELS, c["id"]
        assert {c["expected_cause"], *c.get("acceptable_causes", [])} <= CAUSES, c["id"]


@pytest.mark.parametrize("name", ["heldout_text.jsonl", "heldout_text2.jsonl", "heldout_text3.jsonl", "heldout_text4.jsonl", "heldout_text5.jsonl", "heldout_text6.jsonl", "heldout_text7.jsonl", "heldout_text8.jsonl", "heldout_text9.jsonl", "heldout_text10.jsonl", "heldout_text11.jsonl", "heldout_text12.jsonl", "heldout_text13.jsonl", "heldout_text14.jsonl", "heldout_text15.jsonl", "heldout_text16.jsonl", "heldout_text17.jsonl", "heldout_text18.jsonl", "heldout_text19.jsonl", "heldout_text20.jsonl", "heldout_text21.jsonl", "heldout_text22.jsonl", "heldout_text23.jsonl", "heldout_text24.jsonl", "heldout_text25.jsonl", "heldout_text26.jsonl", "heldout_text27.jsonl", "heldout_text28.jsonl", "heldout_text29.jsonl", "heldout_text30.jsonl", "heldout_text31.jsonl", "heldout_text32.jsonl", "heldout_text33.jsonl", "heldout_text34.jsonl", "heldout_text35.jsonl", "heldout_text36.jsonl", "heldout_text37.jsonl", "heldout_text38.jsonl", "heldout_text39.jsonl", "heldout_text40.jsonl", "heldout_text41.jsonl", "heldout_text42.jsonl", "heldout_text43.jsonl", "heldout_text44.jsonl", "heldout_text45.jsonl", "heldout_text46.jsonl", "heldout_text47.jsonl", "heldout_text48.jsonl", "heldout_text49.jsonl", "heldout_text50.jsonl", "heldout_text51.jsonl", "heldout_text52.jsonl", "heldout_text53.jsonl", "heldout_text54.jsonl", "heldout_text55.jsonl", "heldout_text56.jsonl", "heldout_text57.jsonl", "heldout_text58.jsonl", "heldout_text59.jsonl", "heldout_text60.jsonl"])
def test_free_text_held_out_sets_have_text_and_known_levels_and_causes(name):
    path = VIGNETTES.with_name(name)
    cases = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(cases) >= 40
    for c in cases:
        assert isinstance(c["text"], str) and c["text"].strip(), c["id"]
        # a report time after today is refused, so the case would score differently by the day it runs
        assert datetime.fromisoformat(c["reported_at"]) <= datetime.now(timezone.utc), c["id"]
        assert c["expected_level"] in LEVELS, c["id"]
        assert {c["expected_cause"], *c.get("acceptable_causes", [])} <= CAUSES, c["id"]
