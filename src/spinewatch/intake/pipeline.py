"""The medspaCy pipeline for patient messages and nurse notes, built once per process.

tokenizer -> sentencizer -> medspaCy target rules (lexicon, drug and cancer names; see
_IndexedTargetMatcher)
-> number spans (temperatures, pain scores, weights, ages, doses, labs) -> medspaCy ConText
(patient-language rules from intake/data/context.yaml).

Differences from ``medspacy.load()`` and why (measured, see docs/text.md):
* spaCy's rule sentencizer instead of PyRuSH: PyRuSH logs every sentence through loguru at DEBUG
  and is the slowest component; messages are short and punctuated loosely, so sentence
  boundaries matter less than clause boundaries, which the ConText TERMINATE rules handle.
* targets go to a span group, not doc.ents, so overlapping findings are all kept
  ("legs giving way" is both leg weakness and difficulty walking).
* ConText prunes modifiers that overlap a target: the "can't" in "can't feel my legs" is part of
  a finding and never negates the next one ("...and wet myself").
* lay negation ("no", "not", "don't") stops at a comma unless the items form an "or" list, so
  "no fever, wet myself twice" keeps the red flag; clinical list negation ("denies A, B or C")
  runs over the list.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from ._data import load_spellings

SPAN_GROUP = "spinewatch"
AUX_GROUP = "spinewatch_aux"
_LOCK = threading.Lock()


def _silence_loguru() -> None:
    try:
        from loguru import logger

        logger.remove()
        logger.add(lambda _m: None, level="ERROR")
    except Exception:  # loguru is optional
        pass


_TERMINATORS = frozenset({"but", "however", "although", "though", "except", "yet", "whereas", "while", "whilst",
                          "still", "now", "today", "so", "because", "cos", "coz", "which", ";", ":", "!", "then",
                          "otherwise", "anyway", "currently", "plus"})
_NEW_CLAUSE_AFTER_AND = frozenset({"i", "i'm", "im", "my", "it", "it's", "its", "have", "has", "had", "am", "was", "she",
                                   "he", "her", "his", "she's", "he's", "this", "now", "today", "also", "then", "yesterday"})


def _scope_filter(category: str, list_scope: bool):
    """ConText ``on_modifies`` callback: does this modifier reach this target?

    medspaCy's own TERMINATE handling did not cut the scope in some sentences ("Not numb anywhere
    but my left leg keeps giving way" kept the leg negated), so clause ends are checked here on the
    words between modifier and target, for every category.
    """

    def on_modifies(target, modifier, span_between) -> bool:
        # medspaCy passes a span that includes the modifier itself when the modifier follows the
        # target; the words strictly between the two are what matter
        doc = target.doc
        between = doc[target.end:modifier.start] if modifier.start >= target.end else doc[modifier.end:target.start]
        toks = [t.lower_ for t in between]
        if not toks:
            return True
        if any(t in _TERMINATORS for t in toks):
            return False
        for i, t in enumerate(toks[:-1]):
            if t == "and" and toks[i + 1] in _NEW_CLAUSE_AFTER_AND:
                return False
        if list_scope:
            return True
        if category != "NEGATED_EXISTENCE" and "," not in toks:
            return True
        if "," in toks or "and" in toks:
            # lay negation over a comma or "and": only an "or"/"nor" list carries it on
            sent = target.sent
            after = [t.lower_ for t in sent[target.end - sent.start:][:6]] if target.end < sent.end else []
            return any(t in {"or", "nor"} for t in toks + after)
        return True

    return on_modifies


class _TargetHolder:
    impl = None

    def __call__(self, doc):
        return self.impl(doc) if self.impl is not None else doc


class _IndexedTargetMatcher:
    """medspaCy target rules, matched through an index of the words they can start with.

    Measured (docs/text.md): one spaCy ``Matcher`` holding the whole lexicon (about 1,800 token
    patterns, most with ``IN`` sets) spent about 1 ms per message, because every ``IN`` set is a
    predicate evaluated at every token, capping the pipeline near 320 messages/s. The rules here
    are the same medspaCy ``TargetRule`` objects; their token patterns (word sets and bounded gaps,
    the only forms :mod:`patterns` produces) are matched by a small backtracking matcher that
    starts only at tokens whose word can begin a rule. Names (drugs, cancers) are literal phrases
    in a medspaCy PhraseMatcher.
    """

    def __init__(self, nlp):
        from medspacy.common.medspacy_matcher import MedspacyMatcher

        self.nlp = nlp
        self.names = MedspacyMatcher(nlp, name="spinewatch_names", prune=False)
        self.index: dict[tuple[str, str], list[tuple[object, tuple]]] = {}

    def add_names(self, rules) -> None:
        plain = [r for r in rules if not isinstance(r.pattern, list)]
        self.names.add(plain)
        for r in rules:
            if isinstance(r.pattern, list):
                self.add_rule(r)

    def add_entry(self, entry_id: str, rules) -> None:
        for r in rules:
            self.add_rule(r)

    def add_rule(self, rule) -> None:
        elems = []
        for spec in rule.pattern:
            if "OP" in spec:
                op = spec["OP"]
                elems.append(("gap", int(op.strip("{}").split(",")[1])))
            elif "ORTH" in spec:
                v = spec["ORTH"]
                elems.append(("orth", frozenset(v["IN"]) if isinstance(v, dict) else frozenset([v])))
            elif "LOWER" in spec:
                v = spec["LOWER"]
                elems.append(("lower", frozenset(v["IN"]) if isinstance(v, dict) else frozenset([v])))
            else:
                raise ValueError(f"unsupported token pattern {spec!r} in rule {rule.literal!r}")
        kind, first = elems[0]
        for word in first:
            self.index.setdefault((kind, word), []).append((rule, tuple(elems)))

    @staticmethod
    def _ends(lower, orth, punct, i, elems, k):
        n = len(lower)
        if k == len(elems):
            yield i
            return
        kind, val = elems[k]
        if kind == "gap":
            j = i
            yield from _IndexedTargetMatcher._ends(lower, orth, punct, j, elems, k + 1)
            while j - i < val and j < n and (not punct[j] or orth[j] in _QUOTE_MARKS):
                j += 1
                yield from _IndexedTargetMatcher._ends(lower, orth, punct, j, elems, k + 1)
            return
        if i >= n:
            return
        word = lower[i] if kind == "lower" else orth[i]
        if word in val:
            yield from _IndexedTargetMatcher._ends(lower, orth, punct, i + 1, elems, k + 1)
        elif word in _QUOTE_MARKS:  # "his toes feel 'fizzy'": a quote mark is stepped over unless the rule names it
            yield from _IndexedTargetMatcher._ends(lower, orth, punct, i + 1, elems, k)

    def __call__(self, doc):
        from spacy.tokens import Span

        lower, orth, punct, at = _words(doc)
        spans = []
        strings = self.nlp.vocab.strings
        for rule_id, start, end in self.names(doc):
            rule = self.names.rule_map[strings[rule_id]]
            span = Span(doc, start=start, end=end, label=rule.category)
            span._.target_rule = rule
            spans.append(span)
        index = self.index
        for i in range(len(lower)):
            cands = index.get(("lower", lower[i]), [])
            extra = index.get(("orth", orth[i]))
            if extra:
                cands = cands + extra
            for rule, elems in cands:
                best = max(self._ends(lower, orth, punct, i + 1, elems, 1), default=None)
                if best is not None:
                    span = Span(doc, start=at[i], end=at[best - 1] + 1, label=rule.category)
                    span._.target_rule = rule
                    spans.append(span)
        doc.spans[SPAN_GROUP] = spans
        return doc


class _IndexedRuleMatcher:
    """A drop-in for the MedspacyMatcher inside medspaCy's ConText, matching through the word index.

    ConText's own matcher is a spaCy ``Matcher`` whose ``IN`` sets cost a predicate per token
    (about 0.3 ms per message for these rules). This one holds the same ``ConTextRule`` objects and
    returns the same ``(match_id, start, end)`` triples, pruned to the longest of overlapping
    matches as medspaCy does, so ConText's scope and graph logic are unchanged.
    """

    def __init__(self, nlp, prune: bool = True):
        self.nlp = nlp
        self.prune = prune
        self._rule_map: dict[str, object] = {}
        self.index: dict[tuple[str, str], list[tuple[str, tuple]]] = {}

    @property
    def rule_map(self):
        return self._rule_map

    @property
    def labels(self):
        return {r.category for r in self._rule_map.values()}

    def add(self, rules) -> None:
        for rule in rules:
            rule_id = f"{rule.category}_{len(self._rule_map)}"
            rule._rule_id = rule_id
            self._rule_map[rule_id] = rule
            self.nlp.vocab.strings.add(rule_id)
            elems = _elements(rule.pattern, rule.literal)
            kind, first = elems[0]
            for word in first:
                self.index.setdefault((kind, word), []).append((rule_id, elems))

    def __call__(self, doc):
        from medspacy.common.util import prune_overlapping_matches

        lower, orth, punct, at = _words(doc)
        strings = self.nlp.vocab.strings
        matches = []
        for i in range(len(lower)):
            for rule_id, elems in self.index.get(("lower", lower[i]), ()):
                best = max(_IndexedTargetMatcher._ends(lower, orth, punct, i + 1, elems, 1), default=None)
                if best is not None:
                    matches.append((strings[rule_id], at[i], at[best - 1] + 1))
        if self.prune:
            matches = prune_overlapping_matches(matches)
        return matches


_SPELLINGS = load_spellings()  # "numbnes", "my lens feel heavy": read as the word meant
_QUOTE_MARKS = frozenset({"'", '"', "''", '""', "`", "‘"})


def _words(doc) -> tuple[list[str], list[str], list[bool], list[int]]:
    """The tokens rules match on, and each one's index in the doc.

    Extra spaces are left out: "my legs  feel like jelly" (two spaces, as typed or pasted) says
    the same as with one. A line break stays: "Numbness: no / Sleep: ok" is not "no sleep".
    """
    at = [t.i for t in doc if not (t.is_space and "\n" not in t.text)]
    meant = _SPELLINGS.get
    lower = [doc[i].lower_ for i in at]
    return [meant(w, w) for w in lower], [doc[i].text for i in at], [doc[i].is_punct for i in at], at


def _elements(pattern, literal) -> tuple:
    elems = []
    for spec in pattern:
        if "OP" in spec:
            elems.append(("gap", int(spec["OP"].strip("{}").split(",")[1])))
        elif "ORTH" in spec:
            v = spec["ORTH"]
            elems.append(("orth", frozenset(v["IN"]) if isinstance(v, dict) else frozenset([v])))
        elif "LOWER" in spec:
            v = spec["LOWER"]
            elems.append(("lower", frozenset(v["IN"]) if isinstance(v, dict) else frozenset([v])))
        else:
            raise ValueError(f"unsupported token pattern {spec!r} in rule {literal!r}")
    return tuple(elems)


class _AuxSpans:
    """Standalone lexicon entries (e.g. concern): matched into doc.spans['spinewatch_aux']."""

    matcher = None

    def __call__(self, doc):
        if self.matcher is not None:
            matches = self.matcher(doc, as_spans=True)
            doc.spans[AUX_GROUP] = matches
        return doc


def build_pipeline(kb=None):
    """A new pipeline (takes about 1-2 s). Use :func:`get_pipeline` for the shared one."""
    _silence_loguru()
    import spacy
    from medspacy.context import ConText, ConTextRule  # noqa: F401  (registers factories)
    from medspacy.target_matcher import TargetMatcher  # noqa: F401
    from spacy.language import Language
    from spacy.tokens import Span

    from ..knowledge import load_kb
    from ._data import load_context_rules
    from .lexicon import CancerNameLexicon, DrugNameLexicon, SymptomLexicon
    from .patterns import compile_phrase
    from .quantities import find_all

    kb = kb or load_kb()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", "\n", ";", "…"]})

    def tokenize(s: str) -> list[str]:
        return [t.lower_ for t in nlp.tokenizer(s)]

    symptoms = SymptomLexicon()
    targets = _IndexedTargetMatcher(nlp)
    targets.add_names(DrugNameLexicon(kb).rules(tokenize) + CancerNameLexicon(kb).rules(tokenize))
    by_entry: dict[str, list] = {}
    for rule in symptoms.rules(tokenize):
        by_entry.setdefault(rule.category, []).append(rule)
    for entry_id, rules in by_entry.items():
        targets.add_entry(entry_id, rules)

    if "spinewatch_targets" not in Language.factories:
        @Language.factory("spinewatch_targets")
        def _make_targets(nlp, name):
            return _TargetHolder()

    nlp.add_pipe("spinewatch_targets")
    nlp.get_pipe("spinewatch_targets").impl = targets

    if not Span.has_extension("quantity"):
        Span.set_extension("quantity", default=None)
    if not Span.has_extension("quantity_also"):
        Span.set_extension("quantity_also", default=())

    if "spinewatch_spans" not in Language.factories:
        @Language.component("spinewatch_spans")
        def spinewatch_spans(doc):
            spans = list(doc.spans.get(SPAN_GROUP, []))
            # within one label keep the longest of overlapping matches; drug and cancer names compete
            spans.sort(key=lambda s: (-(s.end - s.start), s.start))
            kept: list = []
            occupied: dict[str, list[tuple[int, int]]] = {}
            for s in spans:
                key = s.label_.split(":")[0] if s.label_.startswith(("DRUG:", "CANCER:")) else s.label_
                if any(a < s.end and s.start < b for a, b in occupied.get(key, [])):
                    continue
                occupied.setdefault(key, []).append((s.start, s.end))
                kept.append(s)
            # one span per stretch of text: span extensions are stored by offsets, so "68M" (an age
            # and a sex) carries its second mention in quantity_also rather than overwriting the first
            by_offsets: dict[tuple[int, int], list] = {}
            for q in find_all(doc.text):
                by_offsets.setdefault((q.start, q.end), []).append(q)
            for (start, end), qs in by_offsets.items():
                sp = doc.char_span(start, end, label="QTY:" + qs[0].kind, alignment_mode="expand")
                if sp is not None:
                    sp._.quantity = qs[0]
                    sp._.quantity_also = qs[1:]
                    kept.append(sp)
            kept.sort(key=lambda s: (s.start, s.end))
            doc.spans[SPAN_GROUP] = kept
            return doc

    nlp.add_pipe("spinewatch_spans")
    from spacy.matcher import Matcher

    aux = Matcher(nlp.vocab)
    for key, pats in symptoms.standalone_patterns(tokenize).items():
        aux.add(key, pats)

    if "spinewatch_aux" not in Language.factories:
        @Language.factory("spinewatch_aux")
        def _make_aux(nlp, name):
            return _AuxSpans()

    nlp.add_pipe("spinewatch_aux")
    nlp.get_pipe("spinewatch_aux").matcher = aux
    context = nlp.add_pipe("medspacy_context", config={
        "rules": None, "input_span_type": "group", "span_group_name": SPAN_GROUP,
        "prune_on_target_overlap": True, "prune_on_modifier_overlap": True,
        "span_attrs": None,
    })
    if hasattr(context, "_ConText__matcher"):
        # same rules, same triples, faster (see _IndexedRuleMatcher); kept only if medspaCy's layout is as expected
        context._ConText__matcher = _IndexedRuleMatcher(nlp, prune=True)
    rules = []
    for entry in load_context_rules():
        cb = None if entry.category in {"TERMINATE", "PSEUDO"} else _scope_filter(entry.category, entry.list_scope)
        for phrase in entry.phrases:
            for i, pat in enumerate(compile_phrase(phrase, tokenize)):
                rules.append(ConTextRule(literal=f"{phrase}:{i}", category=entry.category, pattern=pat,
                                         direction=entry.direction, max_scope=entry.max_scope, on_modifies=cb))
    context.add(rules)
    nlp.meta["spinewatch_kb"] = kb.version
    return nlp


@lru_cache(maxsize=2)
def _cached(kb_version: str):
    from ..knowledge import load_kb

    return build_pipeline(load_kb())


def get_pipeline():
    """The shared pipeline for the bundled knowledge base (built on first use, then reused)."""
    from ..knowledge import load_kb

    with _LOCK:
        return _cached(load_kb().version)
