"""The condition language: Kleene three-valued logic, and unknown is never silently 'no'."""

import pytest

from spinewatch.knowledge import ABSENT, ConditionError, compile_condition

TH = {"fever_c": 37.5}


def c(src):
    return compile_condition(src, TH)


@pytest.mark.parametrize("facts,expected", [({"t": 38.0}, True), ({"t": 37.0}, False), ({}, None), ({"t": ABSENT}, False)])
def test_leaf_comparison_with_threshold(facts, expected):
    cond = c({"fact": "t", "ge": {"threshold": "fever_c"}})
    assert cond(facts) is expected
    assert cond.evaluate(facts) is expected


@pytest.mark.parametrize("a,b,all_,any_", [
    (True, True, True, True), (True, None, None, True), (False, None, False, None),
    (None, None, None, None), (False, False, False, False), (True, False, False, True)])
def test_kleene_tables(a, b, all_, any_):
    facts = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
    assert c({"all": [{"fact": "a"}, {"fact": "b"}]})(facts) is all_
    assert c({"any": [{"fact": "a"}, {"fact": "b"}]})(facts) is any_


def test_not_keeps_unknown_unknown():
    assert c({"not": {"fact": "a"}})({}) is None
    assert c({"not": {"fact": "a"}})({"a": True}) is False


def test_unknown_as_chooses_the_safe_reading_explicitly():
    cond = c({"all": [{"fact": "weak"}, {"not": {"fact": "assessed", "unknown_as": False}}]})
    assert cond({"weak": True}) is True


def test_unknowns_lists_only_facts_that_could_decide():
    cond = c({"any": [{"all": [{"fact": "x"}, {"fact": "y"}]}, {"fact": "z"}]})
    assert cond.unknowns({"x": False}) == ["z"]
    assert cond.unknowns({"x": True}) == ["y", "z"]
    assert cond.unknowns({"z": True}) == []


def test_set_operators():
    assert c({"fact": "s", "has": "thoracic"})({"s": frozenset({"thoracic"})}) is True
    assert c({"fact": "s", "has_any": ["thoracic", "cervical"]})({"s": frozenset({"lumbar"})}) is False
    assert c({"fact": "s", "in": ["a", "b"]})({"s": "b"}) is True


def test_missing_is_true_only_when_unknown():
    cond = c({"fact": "platelets", "missing": True})
    assert cond({}) is True and cond({"platelets": 200}) is False


def test_mismatched_types_read_as_false_on_both_paths():
    cond = c({"fact": "t", "ge": 37.5})
    assert cond.reference({"t": "hot"}) is False
    assert cond.evaluate({"t": "hot"}) is False


@pytest.mark.parametrize("bad", [{}, {"fact": "x", "ge": 1, "le": 2}, {"fact": "x", "between": [1]},
                                 {"all": []}, {"fact": "x", "ge": {"threshold": "nope"}}, {"maybe": 1},
                                 {"fact": "x", "unknown_as": "yes"}])
def test_malformed_conditions_are_refused(bad):
    with pytest.raises(ConditionError):
        c(bad)
