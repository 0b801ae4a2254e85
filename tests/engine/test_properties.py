"""Safety properties, over any report hypothesis can build: a red flag always wins."""

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from spinewatch import assess, parse_report
from spinewatch.engine.triage import RANK

from .strategies import RED_FLAGS, reports

SETTINGS = settings(max_examples=300, deadline=None)


def _with(report, section, field, value):
    r = copy.deepcopy(report)
    if field == "sites":
        r[section][field] = sorted(set(r[section].get(field) or []) | set(value))
    else:
        r[section][field] = value
    return r


@SETTINGS
@given(report=reports(), flag=st.sampled_from(RED_FLAGS))
def test_adding_a_red_flag_never_lowers_the_level(kb, report, flag):
    before = assess(parse_report(report), kb).level
    after = assess(parse_report(_with(report, *flag)), kb).level
    assert RANK[after] >= RANK[before]


@SETTINGS
@given(report=reports())
def test_level_never_below_what_fired_red_flags_demand(kb, report):
    a = assess(parse_report(report), kb)
    demanded = max((RANK[r.level] for r in a.reasons if r.red_flag), default=0)
    assert RANK[a.level] >= demanded


@SETTINGS
@given(report=reports())
def test_every_rule_whose_condition_holds_is_reported(kb, report):
    """No suppression, combination or concern step can hide a red flag that holds."""
    from spinewatch.engine.derive import derive
    from spinewatch.engine.facts import report_facts
    parsed = parse_report(report)
    facts = derive(report_facts(parsed, kb), kb)
    a = assess(parsed, kb)
    fired = {r.rule for r in a.reasons}
    for rule in kb.rules.values():
        if rule.red_flag and not rule.id.startswith("E6_") and kb.condition("rule", rule.id)(facts):
            assert rule.id in fired
            assert RANK[a.level] >= RANK[rule.level]


@SETTINGS
@given(report=reports())
def test_concern_never_lowers_the_level(kb, report):
    worried = dict(report, concern=True)
    assert RANK[assess(parse_report(worried), kb).level] >= RANK[assess(parse_report(report), kb).level]


@SETTINGS
@given(report=reports())
def test_answering_a_question_no_never_raises_and_questions_only_ask_unknowns(kb, report):
    a = assess(parse_report(report), kb)
    for q in a.questions:
        section, _, field = q.finding.partition(".")
        if field and section in report and field in report[section]:
            raise AssertionError(f"asked about {q.finding}, which the report answers")
        assert RANK[q.could_raise_to] > RANK[a.level]
