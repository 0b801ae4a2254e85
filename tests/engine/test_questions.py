"""Unknown is not 'no': unanswered items that could raise the level come back as questions,
in the order that protects safety."""

from spinewatch import assess, parse_report

NOW = "2026-11-20T12:00:00+00:00"


def questions(kb, **report):
    report.setdefault("reported_at", NOW)
    return assess(parse_report(report), kb).questions


def test_empty_report_asks_cancer_history_first_then_neurology(kb):
    qs = questions(kb, pain={"sites": ["lumbar"], "nrs": 3})
    groups = [q.group for q in qs]
    assert groups[0] == "cancer"
    first_fever = groups.index("fever") if "fever" in groups else len(groups)
    assert groups.index("neurological") < first_fever
    assert groups.index("bladder_bowel") < first_fever


def test_answered_items_are_not_asked_again(kb):
    qs = questions(kb, cancers=[{"type": "breast"}], neurology={"leg_weakness": False, "bladder_dysfunction": False})
    asked = {q.finding for q in qs}
    assert "cancers" not in asked
    assert "neurology.leg_weakness" not in asked and "neurology.bladder_dysfunction" not in asked


def test_no_questions_once_nothing_could_raise_the_level(kb):
    assert questions(kb, cancers=[{"type": "lung"}], neurology={"leg_weakness": True}) == []


def test_temperature_is_asked_when_it_could_make_it_an_emergency(kb):
    qs = questions(kb, cancers=[{"type": "breast"}],
                   treatments=[{"drug": "docetaxel", "last_dose": "2026-11-15", "ongoing": True}],
                   pain={"sites": ["lumbar"], "nrs": 3})
    temp = [q for q in qs if q.finding == "systemic.temperature_c"]
    assert temp and temp[0].could_raise_to == "emergency" and "E3" in temp[0].rules


def test_fever_window_unknown_asks_about_treatment(kb):
    qs = questions(kb, cancers=[{"type": "breast"}], systemic={"temperature_c": 38.3})
    assert "treatments" in {q.finding for q in qs}


def test_questions_only_name_rules_above_the_current_level(kb):
    from spinewatch.engine.triage import RANK
    a = assess(parse_report({"reported_at": NOW, "cancers": [{"type": "breast"}], "pain": {"sites": ["thoracic"], "nrs": 5}}), kb)
    assert a.level == "urgent"
    assert a.questions and all(RANK[q.could_raise_to] > RANK["urgent"] for q in a.questions)


def test_report_facts_line_up_with_their_fields(kb):
    """facts.py zips field keys with the model's values: a reordering would mislabel facts."""
    from spinewatch.engine.facts import report_facts
    r = parse_report({"reported_at": NOW, "pain": {"nrs": 4, "sites": ["lumbar"], "night_pain": True},
                      "neurology": {"leg_weakness": False, "numbness_pattern": ["legs"]},
                      "systemic": {"temperature_c": 37.9}, "labs": {"platelets": 88}, "history": {"age": 70}})
    f = report_facts(r, kb)
    assert f["pain.nrs"] == 4 and f["pain.night_pain"] is True and f["pain.sites"] == frozenset({"lumbar"})
    assert f["neurology.leg_weakness"] is False and f["neurology.numbness_pattern"] == frozenset({"legs"})
    assert f["systemic.temperature_c"] == 37.9 and f["labs.platelets"] == 88 and f["history.age"] == 70
    assert f["pain.band_like"] is None
