"""Drug facts: what the engine may conclude from a treatment list, and what stays unknown.

A drug the knowledge base cannot name, or knows only as anticancer treatment, must never turn
an unknown ("is it neurotoxic?", "is it chemotherapy?") into a "no"; and a fever during an
unidentified treatment must not be missed because the name was unfamiliar.
"""

from datetime import datetime, timedelta, timezone

from spinewatch import assess, parse_report
from spinewatch.engine.facts import report_facts

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
CANCER = {"cancers": [{"type": "lung"}]}
FEVER = {"systemic": {"temperature_c": 38.2}, "history": {"stem_cell_transplant": False}}


def days_ago(n: int) -> str:
    return (NOW.date() - timedelta(days=n)).isoformat()


def report(**fields):
    return parse_report({"reported_at": NOW.isoformat(), **fields})


def facts(kb, **fields):
    return report_facts(report(**fields), kb)


def rules(kb, **fields):
    return {r.rule for r in assess(report(**fields), kb).reasons}


def test_an_anticancer_drug_known_only_by_name_sets_the_fever_window(kb):
    given = {**CANCER, **FEVER, "treatments": [{"drug": "etoposide", "last_dose": days_ago(6)}]}
    assert "E3" in rules(kb, **given)
    f = facts(kb, **given)
    assert f["exposed.sact"] is True and f["days_since.sact"] == 6


def test_neurotoxicity_not_in_the_kb_stays_unknown_not_no(kb):
    f = facts(kb, treatments=[{"drug": "etoposide", "last_dose": days_ago(6)}])
    assert f["exposed.neurotoxic_chemo"] is None
    # another drug that is neurotoxic still settles it
    f = facts(kb, treatments=[{"drug": "etoposide", "last_dose": days_ago(6)},
                              {"drug": "cisplatin", "last_dose": days_ago(6)}])
    assert f["exposed.neurotoxic_chemo"] is True
    # a drug whose classes are all known leaves a clean "no"
    f = facts(kb, treatments=[{"drug": "doxorubicin", "last_dose": days_ago(6)}])
    assert f["exposed.neurotoxic_chemo"] is False


def test_chemo_without_a_name_leaves_the_taxane_and_platinum_windows_open(kb):
    f = facts(kb, treatments=[{"drug": "chemo", "last_dose": days_ago(2)}])
    assert f["exposed.sact"] is True
    read = [k for k in f if k.split(".")[-1] in {"neurotoxic_chemo", "taxane", "platinum", "vinca", "oxaliplatin_like",
                                                  "cisplatin_like"} and k.split(".")[0] in {"exposed", "days_since"}]
    assert {"exposed.taxane", "exposed.neurotoxic_chemo"} <= set(read)
    assert all(f[k] is None for k in read), {k: f[k] for k in read}
    assert f["exposed.gcsf"] is False  # chemotherapy is not a growth factor


def test_fever_within_six_weeks_of_an_unidentified_drug_is_an_emergency(kb):
    given = {**CANCER, **FEVER, "treatments": [{"drug": "zolbetuximab", "last_dose": days_ago(10)}]}
    a = assess(report(**given), kb)
    assert a.level == "emergency" and "E3" in {r.rule for r in a.reasons}
    assert any("zolbetuximab" in n and "fever" in n for n in a.notes)


def test_an_unidentified_drug_long_stopped_does_not_open_the_window(kb):
    given = {**CANCER, **FEVER, "treatments": [{"drug": "zolbetuximab", "last_dose": days_ago(200), "ongoing": False}]}
    assert "E3" not in rules(kb, **given)


def test_an_unidentified_drug_without_dates_asks_rather_than_decides(kb):
    given = {**CANCER, **FEVER, "treatments": [{"drug": "zolbetuximab"}]}
    a = assess(report(**given), kb)
    assert "E3" not in {r.rule for r in a.reasons}
    assert any("treatment" in q.text.lower() for q in a.questions), [q.text for q in a.questions]


def test_every_drug_resting_on_the_nci_dictionary_keeps_its_side_effects_unknown(kb):
    # the dictionary says what a drug is, not what it does (sources.yaml): anything else is a claim
    # (a regimen cites its members' sources too, and inherits their effects: see test_drugs.py)
    side_effect_classes = {"taxane", "platinum", "vinca", "neurotoxic_chemo", "corticosteroid", "gcsf"}
    identity_only = {"nci-drug-dictionary", "ukons-triage-v3", "seed-cancer-related"}
    for d in kb.drugs.values():
        resting = "nci-drug-dictionary" in d.sources and set(d.sources) <= identity_only
        if resting and "sact" in kb.drug_class_closure(d.id) and not set(d.classes) & side_effect_classes:
            assert d.causes == [], d.id
            assert "neurotoxic_chemo" in d.unknown_classes or "hormone_therapy" in d.classes, d.id
