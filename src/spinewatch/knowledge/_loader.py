"""Loading the knowledge base: YAML files checked by pydantic, conditions compiled once."""

from __future__ import annotations

import hashlib
import math
import re
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import _models as m
from ._codegen import compile_batch, compile_truth_batch
from ._conditions import ABSENT, Condition, ConditionError, compile_condition, resolve_thresholds

DATA_DIR = Path(__file__).parent / "data"
CONFIG_ENV = "SPINEWATCH_CONFIG"

E = TypeVar("E", bound=BaseModel)
T = TypeVar("T")

# file name -> entry model; each file is a YAML list of entries with unique ids
FILES: dict[str, type[BaseModel]] = {
    "sources": m.Source,
    "thresholds": m.Threshold,
    "findings": m.Finding,
    "derived": m.DerivedFact,
    "rules": m.Rule,
    "causes": m.Cause,
    "mechanisms": m.Mechanism,
    "drug_classes": m.DrugClass,
    "drugs": m.Drug,
    "cancers": m.Cancer,
    "tests": m.Test,
    "treatments": m.Treatment,
    "actions": m.Action,
    "warnings": m.Warning,
    "advice": m.Advice,
}


class KnowledgeError(ValueError):
    """The knowledge base (or a config override) is invalid; the message names file and entry."""


@dataclass
class KnowledgeBase:
    meta: m.Meta
    sources: dict[str, m.Source]
    thresholds: dict[str, float]
    threshold_entries: dict[str, m.Threshold]
    findings: dict[str, m.Finding]
    derived: dict[str, m.DerivedFact]
    rules: dict[str, m.Rule]
    causes: dict[str, m.Cause]
    mechanisms: dict[str, m.Mechanism]
    drug_classes: dict[str, m.DrugClass]
    drugs: dict[str, m.Drug]
    cancers: dict[str, m.Cancer]
    tests: dict[str, m.Test]
    treatments: dict[str, m.Treatment]
    actions: dict[str, m.Action]
    warnings: dict[str, m.Warning]
    advice: dict[str, m.Advice]
    version: str
    overrides: dict[str, float] = field(default_factory=dict)
    # compiled conditions, keyed by (kind, id[, index])
    conditions: dict[tuple, Condition] = field(default_factory=dict)
    # batches of conditions compiled into single functions (see _codegen): name -> (keys, fn)
    batches: dict[str, tuple[list, Any]] = field(default_factory=dict)
    drug_names: dict[str, str] = field(default_factory=dict)
    _name_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    _closure_cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    cancer_names: dict[str, str] = field(default_factory=dict)
    _cancer_name_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    _plans: dict[str, Any] = field(default_factory=dict, repr=False)

    def plan(self, name: str, build: Callable[["KnowledgeBase"], T]) -> T:
        """What an engine stage precomputes from this kb, built on first use and kept.

        The kb does not change once loaded, so a stage's lookup tables are built once
        per kb rather than per assessment (and tests with their own kb get their own).
        """
        found = self._plans.get(name)
        if found is None:
            found = self._plans[name] = build(self)
        return found

    def condition(self, *key) -> Condition:
        return self.conditions[key]

    def drug_id(self, name: str) -> str | None:
        """Resolve a generic, brand or alias name (any case) to a drug id.

        Records from prescribing systems carry doses and forms ("Dexamethasone 4 mg tablets",
        "Zoladex LA 10.8mg implant"): when the whole string is not a name, the one drug named
        inside it is taken. Two different drugs in one string stay unresolved.
        """
        cache = self._name_cache
        if name not in cache:
            if len(cache) > 10_000:  # names come from users: keep the memo bounded
                cache.clear()
            found = self.drug_names.get(_norm(name))
            cache[name] = found if found is not None else _named_in(name, self.drug_names)
        return cache[name]

    def drug_class_closure(self, drug_id: str) -> frozenset[str]:
        """All classes of a drug, parents included (memoised: the engine asks per course)."""
        found = self._closure_cache.get(drug_id)
        if found is None:
            found = self._closure_cache[drug_id] = frozenset(self.class_closure(self.drugs[drug_id].classes))
        return found

    def cancer_id(self, name: str) -> str | None:
        """Resolve a cancer name or alias (any case) to a cancer id (memoised like drug_id).

        Records write the organ alone or wrap the name ("bowel", "ovarian", "metastatic breast
        cancer, ER+"): the one cancer named inside is taken, a specific one before "cancer".
        """
        cache = self._cancer_name_cache
        if name not in cache:
            if len(cache) > 10_000:
                cache.clear()
            found = self.cancer_names.get(_norm(name))
            cache[name] = found if found is not None else _named_in(name, self.cancer_names, generic="other")
        return cache[name]

    def class_closure(self, class_ids: list[str]) -> set[str]:
        """A drug's classes with their parents (taxane -> neurotoxic_chemo -> sact)."""
        out: set[str] = set()
        stack = list(class_ids)
        while stack:
            c = stack.pop()
            if c in out:
                continue
            out.add(c)
            if c in self.drug_classes:
                stack.extend(self.drug_classes[c].parents)
        return out

    def entry(self, entry_id: str) -> tuple[str, BaseModel] | None:
        """Find any entry by id, for ``kb show``."""
        for kind in FILES:
            table = getattr(self, kind if kind != "thresholds" else "threshold_entries")
            if entry_id in table:
                return kind, table[entry_id]
        return None


_WORDS = re.compile(r"[^\W_]+(?:/[^\W_]+)?")


def _named_in(text: str, names: dict[str, str], generic: str | None = None) -> str | None:
    """The one entry named inside a longer string: word n-grams up to 4, longest first.

    Single words need 3 letters ("ac", "rt" alone are too short); an organ word alone also tries
    "<word> cancer" ("bowel" -> "bowel cancer"). Two different entries named -> None (not guessed);
    the generic entry ("other" cancer) only counts when nothing more specific is named.
    """
    words = _WORDS.findall(text.casefold())
    hits: set[str] = set()
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 4), i, -1):  # longest name first
            key = " ".join(words[i:j])
            found = names.get(key)
            if found is None and generic is not None:
                found = names.get(key + " cancer")
            if found is not None and (j - i > 1 or len(key) >= 3):
                hits.add(found)
                i = j - 1
                break
        i += 1
    if generic is not None and len(hits) > 1:
        hits.discard(generic)
    return hits.pop() if len(hits) == 1 else None


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise KnowledgeError(f"{path.name}: not valid YAML: {err}") from None


def _load_list(path: Path, model: type[E]) -> dict[str, E]:
    raw = _read_yaml(path) if path.exists() else []
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise KnowledgeError(f"{path.name}: expected a list of entries")
    out: dict[str, E] = {}
    for i, item in enumerate(raw):
        label = item.get("id", f"#{i}") if isinstance(item, dict) else f"#{i}"
        try:
            entry = model.model_validate(item)
        except ValidationError as err:
            first = err.errors(include_url=False)[0]
            loc = ".".join(str(x) for x in first["loc"])
            raise KnowledgeError(f"{path.name}: entry {label}: {loc}: {first['msg']}") from None
        if entry.id in out:
            raise KnowledgeError(f"{path.name}: duplicate id {entry.id}")
        out[entry.id] = entry
    return out


def read_config(path: str | Path | None) -> dict[str, float]:
    """Threshold overrides from a TOML file: ``[thresholds] fever_c = 38.0``."""
    if path is None:
        return {}
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as err:
        raise KnowledgeError(f"cannot read config {p}: {err.strerror}") from None
    except tomllib.TOMLDecodeError as err:
        raise KnowledgeError(f"config {p} is not valid TOML: {err}") from None
    th = data.get("thresholds", {})
    if not isinstance(th, dict):
        raise KnowledgeError(f"config {p}: [thresholds] must be a table")
    bad = {k: v for k, v in th.items() if isinstance(v, bool) or not isinstance(v, (int, float))}
    if bad:
        raise KnowledgeError(f"config {p}: thresholds must be numbers: {', '.join(bad)}")
    return {k: float(v) for k, v in th.items()}


def _version(data_dir: Path, meta: m.Meta, overrides: Mapping[str, float]) -> str:
    h = hashlib.sha256()
    for f in sorted(data_dir.glob("*.yaml")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    for k in sorted(overrides):
        h.update(f"{k}={overrides[k]}".encode())
    return f"{meta.version}+{h.hexdigest()[:10]}"


def load_kb_from(data_dir: Path, overrides: Mapping[str, float] | None = None) -> KnowledgeBase:
    """Load and validate every file; compile every condition; apply threshold overrides."""
    overrides = dict(overrides or {})
    meta_raw = _read_yaml(data_dir / "meta.yaml")
    try:
        meta = m.Meta.model_validate(meta_raw)
    except ValidationError as err:
        raise KnowledgeError(f"meta.yaml: {err.errors(include_url=False)[0]['msg']}") from None
    tables = {name: _load_list(data_dir / f"{name}.yaml", model) for name, model in FILES.items()}
    th_entries: dict[str, m.Threshold] = tables["thresholds"]  # type: ignore[assignment]
    unknown = set(overrides) - set(th_entries)
    if unknown:
        raise KnowledgeError(f"config overrides unknown thresholds: {', '.join(sorted(unknown))}")
    fixed = {k for k in overrides if not th_entries[k].configurable}
    if fixed:
        raise KnowledgeError(f"thresholds not configurable: {', '.join(sorted(fixed))}")
    thresholds = {k: overrides.get(k, t.value) for k, t in th_entries.items()}
    for name in ("rules", "actions", "warnings", "advice"):
        tables[name] = {k: _fill_thresholds(e, thresholds, f"{name}.yaml: {k}") for k, e in tables[name].items()}
    kb = KnowledgeBase(
        meta=meta,
        sources=tables["sources"],
        thresholds=thresholds,
        threshold_entries=th_entries,
        findings=tables["findings"],
        derived=tables["derived"],
        rules=tables["rules"],
        causes=tables["causes"],
        mechanisms=tables["mechanisms"],
        drug_classes=tables["drug_classes"],
        drugs=tables["drugs"],
        cancers=tables["cancers"],
        tests=tables["tests"],
        treatments=tables["treatments"],
        actions=tables["actions"],
        warnings=tables["warnings"],
        advice=tables["advice"],
        version=_version(data_dir, meta, overrides),
        overrides=overrides,
    )
    _compile_all(kb)
    _index_names(kb)
    return kb


_PLACEHOLDER = re.compile(r"\[\[([a-z0-9_]+)\]\]")
_TEXT_FIELDS = ("text", "patient_text", "title")


def _fill_thresholds(entry: E, thresholds: Mapping[str, float], where: str) -> E:
    """Write threshold values into text (``[[fever_c]]``) so words follow a locale's config."""
    update = {}
    for f in _TEXT_FIELDS:
        text = getattr(entry, f, None)
        if isinstance(text, str) and "[[" in text:
            def value(m: re.Match) -> str:
                if m.group(1) not in thresholds:
                    raise KnowledgeError(f"{where}: unknown threshold [[{m.group(1)}]] in {f}")
                return f"{thresholds[m.group(1)]:g}"
            update[f] = _PLACEHOLDER.sub(value, text)
    return entry.model_copy(update=update) if update else entry


def _compile_all(kb: KnowledgeBase) -> None:
    def comp(key: tuple, src: Any, where: str) -> None:
        try:
            kb.conditions[key] = compile_condition(src, kb.thresholds)
        except ConditionError as err:
            raise KnowledgeError(f"{where}: {err}") from None

    for d in kb.derived.values():
        comp(("derived", d.id), d.when, f"derived.yaml: {d.id}")
    for r in kb.rules.values():
        comp(("rule", r.id), r.when, f"rules.yaml: {r.id}")
    for c in kb.causes.values():
        for i, ev in enumerate(c.evidence):
            comp(("evidence", c.id, i), ev.when, f"causes.yaml: {c.id} evidence #{i}")
    for w in kb.warnings.values():
        comp(("warning", w.id), w.when, f"warnings.yaml: {w.id}")
    for t in kb.treatments.values():
        if t.when is not None:
            comp(("treatment", t.id), t.when, f"treatments.yaml: {t.id}")
    for a in kb.advice.values():
        if a.when is not None:
            comp(("advice", a.id), a.when, f"advice.yaml: {a.id}")
    _compile_batches(kb)


def _compile_batches(kb: KnowledgeBase) -> None:
    """Group conditions the engine evaluates together into single generated functions."""
    derived_ids = list(kb.derived)
    for i, d in enumerate(derived_ids):
        later = kb.conditions[("derived", d)].facts.intersection(derived_ids[i:])
        if later:
            raise KnowledgeError(f"derived.yaml: {d} uses {', '.join(sorted(later))}, defined at or after it")
    groups = {
        "derived": [("derived", d) for d in derived_ids],
        "rules": [("rule", r) for r in kb.rules
                  if not any(f.startswith("triage.") for f in kb.conditions[("rule", r)].facts)],
        # strongest first (for: highest LR; against: lowest) so the differential's lists need no sort
        "evidence": sorted((k for k in kb.conditions if k[0] == "evidence"), key=lambda k: _evidence_order(kb, k)),
        "warnings": [("warning", w) for w in kb.warnings],
    }
    # evidence and warnings act only on conditions that hold: two-valued "definitely true" code
    truth_only = {"evidence", "warnings"}
    for name, keys in groups.items():
        if not keys:
            kb.batches[name] = (keys, lambda facts: ())
            continue
        sources = [kb.conditions[k].source for k in keys]
        resolve = lambda raw: resolve_thresholds(raw, kb.thresholds)  # noqa: E731
        if name in truth_only:
            fn = compile_truth_batch(sources, resolve, ABSENT)
        else:
            fn = compile_batch(sources, resolve, ABSENT, assign=derived_ids if name == "derived" else None)
        kb.batches[name] = (keys, _with_fallback(fn, [kb.conditions[k] for k in keys],
                                                 derived_ids if name == "derived" else None,
                                                 truth=name in truth_only))


def _evidence_order(kb: KnowledgeBase, key: tuple) -> tuple[bool, float]:
    ev = kb.causes[key[1]].evidence[key[2]]
    lr = ev.lr if ev.lr is not None else kb.meta.strength_lr[ev.strength]
    return (lr < 1, -abs(math.log(lr)))


def _with_fallback(fn, conditions: list[Condition], assign: list[str] | None, truth: bool = False):
    """A TypeError (mismatched types) re-runs the batch on the reference closures."""
    def batch(facts: dict[str, Any]) -> tuple:
        try:
            return fn(facts)
        except TypeError:
            out = []
            for i, c in enumerate(conditions):
                v = c.reference(facts)
                if assign is not None:
                    facts[assign[i]] = v
                out.append(v is True if truth else v)
            return tuple(out)
    return batch


def _index_names(kb: KnowledgeBase) -> None:
    for d in kb.drugs.values():
        for n in (d.id, d.name, *d.brands, *d.aliases):
            kb.drug_names.setdefault(_norm(n), d.id)
    for c in kb.cancers.values():
        for n in (c.id, c.name, *c.aliases):
            kb.cancer_names.setdefault(_norm(n), c.id)


@lru_cache(maxsize=8)
def _cached(config: str | None) -> KnowledgeBase:
    return load_kb_from(DATA_DIR, read_config(config))


def load_kb(config: str | Path | None = None) -> KnowledgeBase:
    """The bundled knowledge base, with overrides from ``config`` or $SPINEWATCH_CONFIG."""
    chosen = config if config is not None else os.environ.get(CONFIG_ENV) or None
    return _cached(str(chosen) if chosen is not None else None)
