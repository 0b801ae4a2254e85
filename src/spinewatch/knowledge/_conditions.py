"""The condition language of the knowledge base, with three-valued logic.

A condition is YAML a clinician can read::

    any:
      - {fact: neurology.leg_weakness}
      - {fact: pain.nrs, ge: 7}
      - {fact: systemic.temperature_c, ge: {threshold: fever_c}}
      - {fact: pain.sites, has: thoracic}
      - {fact: days_since.taxane, between: [1, 4]}
      - {not: {fact: pain.known_unchanged_for_months, unknown_as: false}}

Facts are ``True``/``False``/numbers/strings/sets, ``None`` for *unknown* and ``ABSENT`` for
"known not to apply" (e.g. days since a taxane when no taxane was given). Evaluation is Kleene
logic: an unknown leaf makes the result unknown unless other branches decide it. Unknown is
never silently "no": the engine turns unknown leaves of rules that could still fire into
questions. ``unknown_as`` lets a leaf choose the safe reading explicitly where that is right
(e.g. an exception that must not suppress a red flag while unanswered).

Conditions are compiled once, at load time, into closures: the engine evaluates hundreds per
assessment and must stay well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._codegen import compile_collect, compile_fast

Facts = Mapping[str, Any]
Tri = bool | None  # True, False, or None for unknown


class _Absent:
    """A fact known not to apply: every comparison on it is False, not unknown."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT = _Absent()

_COMPARATORS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "between": lambda a, b: b[0] <= a <= b[1],
    "in": lambda a, b: a in b,
    "has": lambda a, b: b in a,
    "has_any": lambda a, b: any(x in a for x in b),
}
LEAF_KEYS = {"fact", "unknown_as", "missing", *_COMPARATORS}


class ConditionError(ValueError):
    pass


def resolve_thresholds(raw: Any, thresholds: Mapping[str, float], used: set[str] | None = None) -> Any:
    """Replace ``{threshold: id}`` (also inside lists) by its value; ``used`` collects the ids."""
    if isinstance(raw, Mapping) and set(raw) == {"threshold"}:
        name = raw["threshold"]
        if name not in thresholds:
            raise ConditionError(f"unknown threshold {name!r}")
        if used is not None:
            used.add(name)
        return thresholds[name]
    if isinstance(raw, list):
        return [resolve_thresholds(x, thresholds, used) for x in raw]
    return raw


class Condition:
    """A compiled condition: call it on facts for True/False/None; ``unknowns`` says which facts matter."""

    __slots__ = ("source", "evaluate", "reference", "collect", "reference_collect", "facts", "thresholds")

    def __init__(self, source: Any, thresholds: Mapping[str, float]):
        self.source = source
        self.thresholds: set[str] = set()
        self.facts: set[str] = set()
        self.reference, self.reference_collect = self._compile(source, thresholds)
        fast = compile_fast(source, lambda raw: self._value(raw, thresholds), ABSENT)
        fast_collect = compile_collect(source, lambda raw: self._value(raw, thresholds), ABSENT)
        reference, reference_collect = self.reference, self.reference_collect

        def collect(facts: Facts, out: list[str]) -> Tri:
            mark = len(out)
            try:
                return fast_collect(facts, out)
            except TypeError:
                del out[mark:]
                return reference_collect(facts, out)

        self.collect = collect

        def evaluate(facts: Facts) -> Tri:
            try:
                return fast(facts)
            except TypeError:  # mismatched types: the reference reads that comparison as False
                return reference(facts)

        self.evaluate = evaluate

    def __call__(self, facts: Facts) -> Tri:
        return self.evaluate(facts)

    def unknowns(self, facts: Facts) -> list[str]:
        """Facts whose answer could still make an unknown condition true, in the order written."""
        out: list[str] = []
        self.collect(facts, out)
        return out

    # -- compilation -----------------------------------------------------------------
    # Each node compiles to (evaluate, collect). ``collect(facts, out)`` evaluates in the same
    # single pass and appends the unknown facts that could still decide it; a node that comes
    # out True or False leaves ``out`` as it found it, so the triage gets every undecided
    # rule's questions without a second walk.
    def _value(self, raw: Any, thresholds: Mapping[str, float]) -> Any:
        return resolve_thresholds(raw, thresholds, self.thresholds)

    def _compile(self, src: Any, thresholds: Mapping[str, float]):
        if not isinstance(src, Mapping) or not src:
            raise ConditionError(f"a condition must be a mapping, got {src!r}")
        keys = set(src)
        if keys == {"all"} or keys == {"any"}:
            (op,) = keys
            parts = src[op]
            if not isinstance(parts, list) or not parts:
                raise ConditionError(f"'{op}' needs a non-empty list")
            compiled = [self._compile(p, thresholds) for p in parts]
            return (_all if op == "all" else _any)(compiled)
        if keys == {"not"}:
            ev, col = self._compile(src["not"], thresholds)

            def not_(facts: Facts) -> Tri:
                v = ev(facts)
                return None if v is None else not v

            def not_collect(facts: Facts, out: list[str]) -> Tri:
                v = col(facts, out)
                return None if v is None else not v

            return not_, not_collect
        if "fact" in keys:
            return self._leaf(src, thresholds)
        raise ConditionError(f"unrecognised condition keys {sorted(keys)}")

    def _leaf(self, src: Mapping[str, Any], thresholds: Mapping[str, float]):
        extra = set(src) - LEAF_KEYS
        if extra:
            raise ConditionError(f"unknown keys {sorted(extra)} in {dict(src)!r}")
        name = src["fact"]
        if not isinstance(name, str):
            raise ConditionError(f"fact must be a name, got {name!r}")
        self.facts.add(name)
        if "missing" in src:
            # {fact: X, missing: true}: the answer is not known yet (e.g. no recent blood count)
            if len(src) != 2 or src["missing"] is not True:
                raise ConditionError("missing: true stands alone with its fact")

            def missing(facts: Facts) -> Tri:
                return facts.get(name) is None

            return missing, lambda facts, out: missing(facts)
        ops = [k for k in src if k in _COMPARATORS]
        if len(ops) > 1:
            raise ConditionError(f"one comparison per leaf, got {ops}")
        unknown_as = src.get("unknown_as")
        if unknown_as not in (None, True, False):
            raise ConditionError("unknown_as must be true or false")
        if ops:
            cmp = _COMPARATORS[ops[0]]
            ref = self._value(src[ops[0]], thresholds)
            if ops[0] == "between" and (not isinstance(ref, list) or len(ref) != 2):
                raise ConditionError("between needs [low, high]")

            def test(v: Any) -> bool:
                try:
                    return bool(cmp(v, ref))
                except TypeError:
                    return False
        else:
            test = bool

        def leaf(facts: Facts) -> Tri:
            v = facts.get(name)
            if v is None:
                return unknown_as
            if v is ABSENT:
                return False
            return test(v)

        def leaf_collect(facts: Facts, out: list[str]) -> Tri:
            v = facts.get(name)
            if v is None:
                if unknown_as is None:
                    out.append(name)
                return unknown_as
            if v is ABSENT:
                return False
            return test(v)

        return leaf, leaf_collect


def _junction(parts, stop: bool):
    """``all`` (stop at False) or ``any`` (stop at True) in Kleene logic."""
    evs = [p[0] for p in parts]
    cols = [p[1] for p in parts]
    rest = not stop

    def evaluate(facts: Facts) -> Tri:
        result: Tri = rest
        for ev in evs:
            v = ev(facts)
            if v is stop:
                return stop
            if v is None:
                result = None
        return result

    def collect(facts: Facts, out: list[str]) -> Tri:
        # a decided node leaves ``out`` as it found it; an unknown one keeps its unknown children's facts
        mark = len(out)
        result: Tri = rest
        for col in cols:
            v = col(facts, out)
            if v is stop:
                del out[mark:]
                return stop
            if v is None:
                result = None
        return result

    return evaluate, collect


def _all(parts):
    return _junction(parts, stop=False)


def _any(parts):
    return _junction(parts, stop=True)


def compile_condition(source: Any, thresholds: Mapping[str, float]) -> Condition:
    return Condition(source, thresholds)


def referenced_facts(conditions: Iterable[Condition]) -> set[str]:
    names: set[str] = set()
    for c in conditions:
        names |= c.facts
    return names
