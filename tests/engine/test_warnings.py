"""Drug-safety warnings computed from the report, for drugs taken now or suggested."""

import pytest

from spinewatch import assess, parse_report

NOW = "2026-11-20T12:00:00+00:00"
BASE = {"reported_at": NOW, "cancers": [{"type": "breast"}],
        "neurology": {"leg_weakness": False, "numbness": False, "bladder_dysfunction": False},
        "pain": {"sites": ["lumbar"], "nrs": 3}}


def warnings(kb, treatments=(), **extra):
    report = {**BASE, "treatments": list(treatments), **extra}
    return {w.id for w in assess(parse_report(report), kb).warnings}


IBUPROFEN = {"drug": "Nurofen", "start": "2026-11-18", "ongoing": True}
DULOXETINE = {"drug": "Cymbalta", "start": "2026-10-01", "ongoing": True}
PACLITAXEL = {"drug": "paclitaxel", "start": "2026-10-01", "last_dose": "2026-11-17", "ongoing": True}

CASES = [
    ("nsaid_platelets_low", [IBUPROFEN], {"labs": {"platelets": 40}}),
    ("nsaid_platelets_caution", [IBUPROFEN], {"labs": {"platelets": 80}}),
    ("nsaid_no_blood_count", [IBUPROFEN, PACLITAXEL], {}),
    ("nsaid_renal", [IBUPROFEN], {"labs": {"egfr": 40}}),
    ("nsaid_anticoagulant", [IBUPROFEN, {"drug": "apixaban", "ongoing": True}], {}),
    ("nsaid_steroid_no_ppi", [IBUPROFEN, {"drug": "dexamethasone", "ongoing": True, "dose_mg_per_day": 4}], {"history": {"on_ppi": False}}),
    ("nsaid_fever_masking", [IBUPROFEN, PACLITAXEL], {"labs": {"platelets": 200}}),
    ("nsaid_neutropenic_or_febrile", [IBUPROFEN, PACLITAXEL], {"systemic": {"temperature_c": 38.1}}),
    ("nsaid_neutropenic_or_febrile", [IBUPROFEN, PACLITAXEL], {"systemic": {"temperature_c": 36.8, "rigors": True}}),
    ("paracetamol_liver", [{"drug": "Tylenol", "ongoing": True}], {"history": {"liver_disease": True}}),
    ("paracetamol_reduced_dose", [{"drug": "paracetamol", "ongoing": True}], {"history": {"weight_kg": 45}}),
    ("paracetamol_hidden", [{"drug": "co-codamol", "ongoing": True}], {}),
    ("gabapentinoid_renal", [{"drug": "Lyrica", "ongoing": True}], {"labs": {"crcl": 25}}),
    ("duloxetine_tamoxifen", [DULOXETINE, {"drug": "tamoxifen", "ongoing": True}], {}),
    ("duloxetine_serotonergic", [DULOXETINE, {"drug": "tramadol", "ongoing": True}], {}),
    ("duloxetine_renal", [DULOXETINE], {"labs": {"crcl": 25}}),
    ("opioid_no_laxative", [{"drug": "oxycodone", "ongoing": True}], {"history": {"on_laxative": False}}),
    ("steroid_no_ppi", [{"drug": "dexamethasone", "ongoing": True, "dose_mg_per_day": 8}], {"history": {"on_ppi": False}}),
]


@pytest.mark.parametrize("warning,treatments,extra", CASES, ids=[c[0] for c in CASES])
def test_warning_fires_when_its_condition_holds(kb, warning, treatments, extra):
    assert warning in warnings(kb, treatments, **extra)


def test_nsaid_warnings_only_when_an_nsaid_is_taken_or_suggested(kb):
    report = {**BASE, "treatments": [], "labs": {"platelets": 30}}
    a = assess(parse_report(report), kb)
    suggested = any(x.id in ("treatment:nsaid", "treatment:naproxen_gcsf") for x in a.actions)
    assert suggested == any(w.id.startswith("nsaid_") for w in a.warnings)


def test_safe_context_gives_no_platelet_warning(kb):
    assert "nsaid_platelets_low" not in warnings(kb, [IBUPROFEN], labs={"platelets": 250})


def test_opioid_with_laxative_is_not_warned(kb):
    assert "opioid_no_laxative" not in warnings(kb, [{"drug": "oxycodone", "ongoing": True}, {"drug": "senna", "ongoing": True}],
                                                history={"on_laxative": True})


def test_suggested_treatments_are_checked_too(kb):
    """Cord compression suggests dexamethasone: the no-PPI check applies though it is not yet taken."""
    report = {**BASE, "treatments": [], "neurology": {"leg_weakness": True}, "history": {"on_ppi": False}}
    a = assess(parse_report(report), kb)
    assert "dexamethasone_clinician" in {x.id for x in a.actions}
    assert "steroid_no_ppi" in {w.id for w in a.warnings}


def test_emergency_actions_are_not_diluted_by_lower_rules(kb):
    report = {**BASE, "neurology": {"leg_weakness": True}}
    a = assess(parse_report(report), kb)
    assert "S2" in {r.rule for r in a.reasons}
    assert "review_within_week" not in {x.id for x in a.actions}
    assert a.actions[0].id == "call_now"


def test_duloxetine_alone_is_not_a_serotonergic_combination(kb):
    assert "duloxetine_serotonergic" not in warnings(kb, [DULOXETINE])


def test_patients_get_no_drug_words_for_clinician_only_suggestions(kb):
    report = {**BASE, "treatments": [], "neurology": {"leg_weakness": True}, "history": {"on_ppi": False}}
    a = assess(parse_report(report), kb)
    steroid = [w for w in a.warnings if w.id == "steroid_no_ppi"]
    assert steroid and steroid[0].patient_text is None  # dexamethasone is the clinician's decision


def test_patients_keep_drug_words_for_what_they_take(kb):
    report = {**BASE, "treatments": [{"drug": "dexamethasone", "ongoing": True, "dose_mg_per_day": 4}],
              "history": {"on_ppi": False}}
    a = assess(parse_report(report), kb)
    steroid = [w for w in a.warnings if w.id == "steroid_no_ppi"]
    assert steroid and steroid[0].patient_text
