"""Triage, rule by rule: each rule of triage-levels.md fires on the smallest report that
shows its feature, and the level is the highest any fired rule reaches."""

from datetime import datetime, timedelta, timezone

import pytest

from spinewatch import assess, parse_report

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)


def days_ago(n: int) -> str:
    return (NOW.date() - timedelta(days=n)).isoformat()


def run(kb, **report):
    report.setdefault("reported_at", NOW.isoformat())
    return assess(parse_report(report), kb)


def fired(a):
    return {r.rule for r in a.reasons}


CANCER = {"cancers": [{"type": "breast"}]}
ON_CHEMO = {"treatments": [{"drug": "paclitaxel", "last_dose": days_ago(3), "ongoing": True}]}

SPECS = [
    # (rule, expected level, report)
    ("E1", "emergency", {**CANCER, "neurology": {"leg_weakness": True}}),
    ("E1", "emergency", {**CANCER, "neurology": {"gait_difficulty": True}}),
    ("E1", "emergency", {**CANCER, "pain": {"band_like": True, "sites": ["thoracic"]}}),
    ("E1", "emergency", {**CANCER, "pain": {"radiating_down_limb": True}}),
    ("E1", "emergency", {**CANCER, "neurology": {"numbness": True, "numbness_pattern": ["buttocks"]}}),
    ("E1", "emergency", {"cancers": [], "neurology": {"leg_weakness": True}}),  # no cancer: still triaged
    ("E2", "emergency", {**CANCER, "neurology": {"bladder_dysfunction": True}}),
    ("E2", "emergency", {**CANCER, "neurology": {"saddle_anaesthesia": True}}),
    ("E2", "emergency", {**CANCER, "neurology": {"bowel_dysfunction": True}}),
    ("E3", "emergency", {**CANCER, **ON_CHEMO, "systemic": {"temperature_c": 37.6}}),
    ("E3", "emergency", {**CANCER, **ON_CHEMO, "systemic": {"temperature_c": 35.8}}),
    ("E3", "emergency", {**CANCER, **ON_CHEMO, "systemic": {"rigors": True}}),
    ("E4", "emergency", {**CANCER, "treatments": [{"drug": "prednisolone", "start": days_ago(60), "ongoing": True, "dose_mg_per_day": 10}],
                         "pain": {"nrs": 4, "sites": ["lumbar"]}, "systemic": {"temperature_c": 37.6}}),
    ("E5", "emergency", {**CANCER, "neurology": {"worsening_over_hours": True}}),
    ("E6", "emergency", {**CANCER, "systemic": {"chest_pain": True}}),
    ("E6_AMBER", "emergency", {**CANCER, "pain": {"nrs": 8, "sites": ["lumbar"]}, "neurology": {"neuropathy_adl": "self_care"}}),
    ("U1", "urgent", {**CANCER, "pain": {"sites": ["thoracic"], "nrs": 3}}),
    ("U1", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "worse_on_straining": True, "nrs": 3}}),
    ("U1", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "night_pain": True, "nrs": 3}}),
    ("U1", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "course": "worsening", "nrs": 3}}),
    ("U2", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 8}}),
    ("U2", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 5}, "adl_limit": "self_care"}),
    ("U3", "urgent", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 3}, "systemic": {"weight_loss": True}}),
    ("U4", "urgent", {**CANCER, "treatments": [{"drug": "anastrozole", "start": days_ago(400), "ongoing": True}],
                      "pain": {"sites": ["lumbar"], "nrs": 8, "onset": "sudden"}}),
    ("U5", "urgent", {**CANCER, **ON_CHEMO, "systemic": {"rash_dermatomal_vesicular": True}}),
    ("U6", "urgent", {**CANCER, "neurology": {"neuropathy_adl": "self_care"}}),
    ("S1", "soon", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 5}}),
    ("S2", "soon", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 2}}),
    ("S3", "soon", {**CANCER, "treatments": [{"drug": "docetaxel", "last_dose": days_ago(12)}],
                    "pain": {"sites": ["lumbar"], "nrs": 3, "onset_date": days_ago(11)}}),
    ("S4", "soon", {**CANCER, "neurology": {"numbness": True, "numbness_pattern": ["glove_and_stocking"], "neuropathy_adl": "instrumental"}}),
    ("S5", "soon", {**CANCER, "treatments": [{"drug": "letrozole", "start": days_ago(50), "ongoing": True}],
                    "pain": {"sites": ["lumbar"], "nrs": 3, "symmetrical_joint_pain": True}}),
    ("S6", "soon", {**CANCER, "treatments": [{"drug": "cisplatin", "last_dose": days_ago(10)}],
                    "pain": {"sites": ["lumbar"], "nrs": 3, "cramps_or_spasms": True}}),
    ("S7", "soon", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 2, "onset_date": days_ago(45)}}),
    ("R1", "routine", {**CANCER, "treatments": [{"drug": "paclitaxel", "last_dose": days_ago(2)}],
                       "pain": {"sites": ["lumbar"], "nrs": 2, "onset_date": days_ago(1)}}),
    ("R2", "routine", {**CANCER, "treatments": [{"drug": "pegfilgrastim", "last_dose": days_ago(2)}],
                       "pain": {"sites": ["pelvis"], "nrs": 3}}),
    ("R3", "routine", {**CANCER, "neurology": {"numbness": True, "numbness_pattern": ["glove_and_stocking"], "neuropathy_adl": "none"}}),
    ("R4", "routine", {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 2, "obvious_trigger": True, "course": "improving"}}),
]


@pytest.mark.parametrize("rule,level,report", SPECS, ids=[f"{s[0]}-{i}" for i, s in enumerate(SPECS)])
def test_rule_fires_and_sets_level(kb, rule, level, report):
    a = run(kb, **report)
    assert rule in fired(a)
    assert a.level == level


def test_every_rule_has_a_spec(kb):
    assert {r for r in kb.rules if r != "C1"} <= {s[0] for s in SPECS}


def test_fever_rules_need_the_fever_window(kb):
    finished_long_ago = {**CANCER, "treatments": [{"drug": "paclitaxel", "last_dose": days_ago(120), "ongoing": False}],
                         "systemic": {"temperature_c": 38.2}, "history": {"stem_cell_transplant": False}}
    assert "E3" not in fired(run(kb, **finished_long_ago))
    within = dict(finished_long_ago, treatments=[{"drug": "paclitaxel", "last_dose": days_ago(30), "ongoing": False}])
    assert "E3" in fired(run(kb, **within))


@pytest.mark.parametrize("treatment", [{"drug": "chemotherapy"}, {"drug": "paclitaxel", "ongoing": False},
                                       {"drug": "paclitaxel", "start": days_ago(200)}])
def test_a_fever_after_anticancer_treatment_not_yet_dated_is_an_emergency(kb, treatment):
    # the window is "during or within 6 weeks": unknown timing is not "outside" it
    a = run(kb, **CANCER, treatments=[treatment], systemic={"temperature_c": 38.0}, history={"stem_cell_transplant": False})
    assert "E3" in fired(a) and a.level == "emergency"
    assert any("last dose" in n for n in a.notes)


def test_glove_and_stocking_numbness_alone_is_not_cord_compression(kb):
    a = run(kb, **CANCER, neurology={"numbness": True, "numbness_pattern": ["glove_and_stocking"], "leg_weakness": False})
    assert "E1" not in fired(a)


@pytest.mark.parametrize("treatments, e1", [
    ([{"drug": "paclitaxel", "last_dose": "2026-11-01"}], False),  # CIPN can explain it
    ([{"drug": "tamoxifen", "ongoing": True}], True),              # nothing neurotoxic given: a new symptom
])
def test_tingling_feet_count_as_a_new_symptom_when_no_neurotoxic_chemotherapy_was_given(kb, treatments, e1):
    a = run(kb, **CANCER, treatments=treatments,
            neurology={"numbness": True, "numbness_pattern": ["glove_and_stocking"], "leg_weakness": False})
    assert ("E1" in fired(a)) == e1


ON_STEROIDS = {"treatments": [{"drug": "prednisolone", "start": days_ago(60), "ongoing": True, "dose_mg_per_day": 10}]}


@pytest.mark.parametrize("systemic, e4", [
    ({"temperature_c": 37.4, "feels_feverish": True}, True),   # "any degree": felt, under the threshold
    ({"temperature_c": 37.4, "feels_feverish": False}, False),
    ({"temperature_c": 37.4}, False),                           # unknown: asked, not assumed
])
def test_a_fever_felt_counts_for_spinal_infection_whatever_the_reading(kb, systemic, e4):
    a = run(kb, **CANCER, **ON_STEROIDS, pain={"nrs": 4, "sites": ["lumbar"]}, systemic=systemic)
    assert ("E4" in fired(a)) == e4
    assert (a.level == "emergency") == e4
    if "feels_feverish" not in systemic:
        assert any("feverish" in q.text for q in a.questions)


def test_a_fever_felt_is_not_the_chemotherapy_fever_threshold(kb):
    # E3 is defined by the reading (37.5 C); a felt fever with a normal reading is asked about, not E3
    a = run(kb, **CANCER, **ON_CHEMO, systemic={"temperature_c": 37.0, "feels_feverish": True})
    assert "E3" not in fired(a)


def test_numbness_of_unknown_pattern_is_treated_as_a_red_flag(kb):
    assert "E1" in fired(run(kb, **CANCER, neurology={"numbness": True}))


def test_longstanding_assessed_symptoms_are_not_new(kb):
    a = run(kb, **CANCER, neurology={"numbness": True, "numbness_pattern": ["legs"], "longstanding_assessed": True})
    assert "E1" not in fired(a)


def test_band_pain_with_rash_still_fires_cord_compression(kb):
    a = run(kb, **CANCER, **ON_CHEMO, pain={"band_like": True}, systemic={"rash_dermatomal_vesicular": True})
    assert {"E1", "U5"} <= fired(a)
    assert a.level == "emergency"


def test_routine_explanation_suppresses_the_nonspecific_review_rule(kb):
    a = run(kb, **SPECS[[s[0] for s in SPECS].index("R1")][2])
    assert "S2" not in fired(a) and a.level == "routine"


def test_concern_raises_one_level_never_lowers(kb):
    base = {**CANCER, "pain": {"sites": ["lumbar"], "nrs": 2}}
    assert run(kb, **base).level == "soon"
    assert run(kb, **base, concern=True).level == "urgent"
    assert run(kb, **base, concern=False).level == "soon"
    emergency = {**CANCER, "neurology": {"leg_weakness": True}}
    assert run(kb, **emergency, concern=True).level == "emergency"
    capped = {**CANCER, "pain": {"sites": ["thoracic"], "nrs": 3}}
    assert run(kb, **capped, concern=True).level == "urgent"


def test_fever_threshold_is_configurable(tmp_path):
    from spinewatch.knowledge import load_kb
    cfg = tmp_path / "seed-threshold.toml"
    cfg.write_text("[thresholds]\nfever_c = 38.0\n")
    kb38 = load_kb(cfg)
    report = {**CANCER, **ON_CHEMO, "systemic": {"temperature_c": 37.7}}
    assert "E3" not in fired(run(kb38, **report))
    assert kb38.version != load_kb().version


def test_every_reason_names_its_sources(kb):
    a = run(kb, **CANCER, neurology={"leg_weakness": True}, pain={"nrs": 8, "sites": ["thoracic"]})
    assert a.reasons and all(r.sources and all(s.split("#")[0] in kb.sources for s in r.sources) for r in a.reasons)


def test_texts_follow_a_configured_threshold(tmp_path):
    from spinewatch.knowledge import load_kb
    cfg = tmp_path / "t.toml"
    cfg.write_text("[thresholds]\nfever_c = 38.0\n")
    kb38 = load_kb(cfg)
    assert "38 °C" in kb38.rules["E3"].text and "37.5" not in kb38.rules["E3"].text
    assert "37.5 °C" in load_kb().rules["E3"].text
    assert any("38 °C" in a.text for a in kb38.advice.values())


@pytest.mark.parametrize("pain", [{"back_pain": False, "night_pain": True},
                                  {"back_pain": False, "nrs": 0, "localised_tenderness": True}])
def test_a_spinal_feature_needs_a_spine_that_hurts(kb, pain):
    # "No back or neck pain", and the burning in her fingertips wakes her: not a spinal feature
    assert "U1" not in fired(run(kb, **CANCER, pain=pain))


def test_night_pain_with_back_pain_not_yet_asked_still_fires_u1(kb):
    a = run(kb, **CANCER, pain={"night_pain": True})
    assert "U1" in fired(a) and a.level == "urgent"
