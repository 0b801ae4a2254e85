"""The generated batch functions agree with the reference closures on every condition."""

from hypothesis import given, settings

from spinewatch import parse_report
from spinewatch.engine.facts import report_facts

from ..engine.strategies import reports


@settings(max_examples=200, deadline=None)
@given(report=reports())
def test_batches_agree_with_reference_semantics(kb, report):
    facts = report_facts(parse_report(report), kb)
    reference = dict(facts)
    for d in kb.derived:
        reference[d] = kb.conditions[("derived", d)].reference(reference)
    kb.batches["derived"][1](facts)
    assert {d: facts[d] for d in kb.derived} == {d: reference[d] for d in kb.derived}
    keys, batch = kb.batches["rules"]
    assert list(batch(facts)) == [kb.conditions[k].reference(facts) for k in keys]
    for name in ("evidence", "warnings"):  # two-valued: "definitely true"
        keys, batch = kb.batches[name]
        assert list(batch(facts)) == [kb.conditions[k].reference(facts) is True for k in keys]
    for name in ("rules", "evidence", "warnings"):
        keys, batch = kb.batches[name]
        assert [kb.conditions[k].evaluate(facts) for k in keys] == [kb.conditions[k].reference(facts) for k in keys]


@settings(max_examples=200, deadline=None)
@given(report=reports())
def test_generated_unknowns_agree_with_reference(kb, report):
    from spinewatch.engine.derive import derive
    facts = derive(report_facts(parse_report(report), kb), kb)
    for key, cond in kb.conditions.items():
        fast, ref = [], []
        assert cond.collect(facts, fast) == cond.reference_collect(facts, ref), key
        assert fast == ref, key
