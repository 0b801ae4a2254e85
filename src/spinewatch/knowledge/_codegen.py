"""Conditions compiled to one Python expression each, for speed.

The closures in ``_conditions`` are the reference semantics (Kleene logic, ``unknown_as``,
``ABSENT``); this module emits the same logic as straight-line Python so that an assessment
evaluates a few hundred conditions in tens of microseconds. A comparison between mismatched
types raises TypeError here; the caller then falls back to the closures, which read it as
False, so both paths always agree (tests/knowledge/test_codegen.py checks they do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


class _Emitter:
    def __init__(self, resolve: Callable[[Any], Any], locals_: dict[str, str] | None = None):
        self.resolve = resolve
        self.consts: dict[str, Any] = {}
        self.n = 0
        self.locals = locals_  # fact name -> local variable already loaded (batch mode)

    def load(self, fact: str) -> str:
        if self.locals is None:
            return f"g({self.const(fact)})"
        if fact not in self.locals:
            self.locals[fact] = f"f{len(self.locals)}"
        return self.locals[fact]

    def const(self, value: Any) -> str:
        name = f"c{len(self.consts)}"
        self.consts[name] = value
        return name

    def comparison(self, src: Mapping[str, Any], x: str) -> str | None:
        """The leaf's comparison on the value ``x`` (known, not ABSENT); None for a bare fact."""
        ops = [k for k in src if k not in ("fact", "unknown_as")]
        if not ops:
            return None
        op = ops[0]
        ref = self.resolve(src[op])
        if op in _OPS:
            return f"({x} {_OPS[op]} {self.const(ref)})"
        if op == "between":
            return f"({self.const(ref[0])} <= {x} <= {self.const(ref[1])})"
        if op == "in":
            return f"({x} in {self.const(tuple(ref))})"
        if op == "has":
            return f"({self.const(ref)} in {x})"
        if op == "has_any":
            return f"(not {self.const(frozenset(ref))}.isdisjoint({x}))"
        raise ValueError(op)  # pragma: no cover - the closure compiler rejects unknown keys first

    def var(self) -> str:
        self.n += 1
        return f"v{self.n}"

    def emit(self, src: Mapping[str, Any]) -> str:
        if "all" in src or "any" in src:
            op = "all" if "all" in src else "any"
            parts = [(self.var(), self.emit(p)) for p in src[op]]
            stop, stop_val = ("False", "False") if op == "all" else ("True", "True")
            rest = "True" if op == "all" else "False"
            test = " or ".join(f"({v} := {e}) is {stop}" for v, e in parts)
            unknown = " or ".join(f"{v} is None" for v, _ in parts)
            return f"({stop_val} if {test} else (None if {unknown} else {rest}))"
        if "not" in src:
            v = self.var()
            return f"(None if ({v} := {self.emit(src['not'])}) is None else not {v})"
        load = self.load(src["fact"])
        if "missing" in src:
            return f"({load} is None)"
        v = self.var()
        ua = repr(src.get("unknown_as"))
        test = self.comparison(src, v) or f"bool({v})"
        return f"({ua} if ({v} := {load}) is None else (False if {v} is ABSENT else {test}))"


def compile_fast(src: Mapping[str, Any], resolve: Callable[[Any], Any], absent: Any) -> Callable[[Mapping[str, Any]], Any]:
    em = _Emitter(resolve)
    body = em.emit(src)
    code = f"def fast(facts):\n    g = facts.get\n    return {body}\n"
    namespace: dict[str, Any] = {"ABSENT": absent, **em.consts}
    exec(compile(code, "<condition>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["fast"]


def compile_batch(sources: list[Mapping[str, Any]], resolve: Callable[[Any], Any], absent: Any,
                  assign: list[str] | None = None) -> Callable[[dict[str, Any]], tuple]:
    """One function evaluating many conditions: every fact is read once, results as a tuple.

    With ``assign`` (derived facts, in file order) each result is also written to the facts
    under that name and is visible, as a local, to the conditions after it.
    """
    locals_: dict[str, str] = {}
    em = _Emitter(resolve, locals_)
    lines = []
    results = []
    for i, src in enumerate(sources):
        expr = em.emit(src)
        r = f"r{i}"
        lines.append(f"    {r} = {expr}")
        results.append(r)
        if assign is not None:
            name = assign[i]
            local = locals_.setdefault(name, f"f{len(locals_)}")
            lines.append(f"    {local} = {r}")
            lines.append(f"    facts[{em.const(name)}] = {r}")
    assigned = set(assign or ())
    prologue = [f"    {var} = g({em.const(fact)})" for fact, var in locals_.items() if fact not in assigned]
    code = "def batch(facts):\n    g = facts.get\n" + "\n".join(prologue + lines) + \
        f"\n    return ({', '.join(results)}{',' if len(results) == 1 else ''})\n"
    namespace: dict[str, Any] = {"ABSENT": absent, **em.consts}
    exec(compile(code, "<condition batch>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["batch"]


class _CollectEmitter(_Emitter):
    """Statements that evaluate a condition and collect its deciding unknowns in one pass.

    Mirrors ``Condition.collect``: a node that comes out True or False leaves ``out`` as it
    found it. Children run inside ``if r is not <stop>:`` so nesting follows the tree's depth,
    not the number of children (Python allows only 20 nested blocks).
    """

    def stmts(self, src: Mapping[str, Any], res: str, ind: str) -> list[str]:
        if "all" in src or "any" in src:
            op = "all" if "all" in src else "any"
            stop = "False" if op == "all" else "True"
            start = "True" if op == "all" else "False"
            mark = self.var()
            lines = [f"{ind}{mark} = len(out)", f"{ind}{res} = {start}"]
            for child in src[op]:
                c = self.var()
                lines.append(f"{ind}if {res} is not {stop}:")
                lines += self.stmts(child, c, ind + "    ")
                lines += [f"{ind}    if {c} is {stop}:",
                          f"{ind}        del out[{mark}:]",
                          f"{ind}        {res} = {stop}",
                          f"{ind}    elif {c} is None:",
                          f"{ind}        {res} = None"]
            return lines
        if "not" in src:
            c = self.var()
            return self.stmts(src["not"], c, ind) + [f"{ind}{res} = None if {c} is None else not {c}"]
        if "missing" in src or src.get("unknown_as") is not None:
            return [f"{ind}{res} = {self.emit(src)}"]  # never adds an unknown
        name = self.const(src["fact"])
        body = self.emit(src)
        return [f"{ind}{res} = {body}",
                f"{ind}if {res} is None:",
                f"{ind}    out.append({name})"]


def compile_collect(src: Mapping[str, Any], resolve: Callable[[Any], Any], absent: Any) -> Callable:
    em = _CollectEmitter(resolve)
    lines = em.stmts(src, "result", "    ")
    code = "def collect(facts, out):\n    g = facts.get\n" + "\n".join(lines) + "\n    return result\n"
    namespace: dict[str, Any] = {"ABSENT": absent, **em.consts}
    exec(compile(code, "<condition collect>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["collect"]


class _TruthEmitter(_Emitter):
    """Two-valued code for "is this condition definitely true?" (and its twin "definitely false").

    Evidence, warnings and advice act only on a condition that holds, so they need not carry
    unknowns around: T(all) = and of T, F(all) = or of F, T(not x) = F(x), with plain
    short-circuit ``and``/``or``. ABSENT is falsy, so a bare fact's T is just its truth value.
    """

    def true(self, src: Mapping[str, Any]) -> str:
        if "all" in src:
            return "(" + " and ".join(self.true(p) for p in src["all"]) + ")"
        if "any" in src:
            return "(" + " or ".join(self.true(p) for p in src["any"]) + ")"
        if "not" in src:
            return self.false(src["not"])
        x = self.load(src["fact"])
        if "missing" in src:
            return f"({x} is None)"
        known = self.comparison(src, x)
        if known is None:  # bare fact: truthy; None and ABSENT are falsy
            body = f"bool({x})"
        else:
            body = f"({x} is not None and {x} is not ABSENT and {known})"
        return f"({x} is None or {body})" if src.get("unknown_as") is True else body

    def false(self, src: Mapping[str, Any]) -> str:
        if "all" in src:
            return "(" + " or ".join(self.false(p) for p in src["all"]) + ")"
        if "any" in src:
            return "(" + " and ".join(self.false(p) for p in src["any"]) + ")"
        if "not" in src:
            return self.true(src["not"])
        x = self.load(src["fact"])
        if "missing" in src:
            return f"({x} is not None)"
        known = self.comparison(src, x)
        if known is None:
            body = f"({x} is not None and not {x})"
        else:
            body = f"({x} is ABSENT or ({x} is not None and not {known}))"
        return f"({x} is None or {body})" if src.get("unknown_as") is False else body


def compile_truth_batch(sources: list[Mapping[str, Any]], resolve: Callable[[Any], Any], absent: Any
                        ) -> Callable[[dict[str, Any]], tuple]:
    """One function answering "definitely true?" for many conditions (facts read once)."""
    locals_: dict[str, str] = {}
    em = _TruthEmitter(resolve, locals_)
    results = [f"bool({em.true(src)})" for src in sources]
    prologue = [f"    {var} = g({em.const(fact)})" for fact, var in locals_.items()]
    code = ("def batch(facts):\n    g = facts.get\n" + "\n".join(prologue) +
            "\n    return (" + ", ".join(results) + ("," if len(results) == 1 else "") + ")\n")
    namespace: dict[str, Any] = {"ABSENT": absent, **em.consts}
    exec(compile(code, "<condition truth batch>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["batch"]
