"""The medspaCy pipeline for patient messages and nurse notes, built once per process.

tokenizer -> sentencizer -> medspaCy TargetMatcher (lexicon, drug and cancer names)
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

import re
import threading
from functools import lru_cache

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


def _lay_negation_filter(list_scope: bool):
    """ConText ``on_modifies`` callback: may this negation modify this target?"""

    def on_modifies(target, modifier, span_between) -> bool:
        toks = [t.lower_ for t in span_between]
        if not toks:
            return True
        if list_scope:
            return True
        if "," in toks or "and" in toks and any(t in {"i", "i'm", "my", "it", "have", "has", "she", "he", "her", "his"} for t in toks):
            # a comma or a new clause: only an "or"/"nor" list carries the negation on
            sent = target.sent
            after = [t.lower_ for t in sent[target.end - sent.start:][:6]] if target.end < sent.end else []
            return any(t in {"or", "nor"} for t in toks + after)
        return True

    return on_modifies


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

    matcher = nlp.add_pipe("medspacy_target_matcher", config={"result_type": "group", "span_group_name": SPAN_GROUP,
                                                              "prune": False})
    symptoms = SymptomLexicon()
    matcher.add(symptoms.rules(tokenize))
    matcher.add(DrugNameLexicon(kb).rules(tokenize))
    matcher.add(CancerNameLexicon(kb).rules(tokenize))

    if not Span.has_extension("quantity"):
        Span.set_extension("quantity", default=None)

    if "spinewatch_spans" not in Language.factories:
        @Language.component("spinewatch_spans")
        def spinewatch_spans(doc):
            spans = list(doc.spans.get(SPAN_GROUP, []))
            # within one label keep the longest of overlapping matches; drug and cancer names compete
            spans.sort(key=lambda s: (-(s.end - s.start), s.start))
            kept: list = []
            occupied: dict[str, list[tuple[int, int]]] = {}
            for s in spans:
                key = s.label_
                if any(a < s.end and s.start < b for a, b in occupied.get(key, [])):
                    continue
                occupied.setdefault(key, []).append((s.start, s.end))
                kept.append(s)
            for q in find_all(doc.text):
                sp = doc.char_span(q.start, q.end, label="QTY:" + q.kind, alignment_mode="expand")
                if sp is not None:
                    sp._.quantity = q
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
    rules = []
    for entry in load_context_rules():
        cb = _lay_negation_filter(entry.list_scope) if entry.category == "NEGATED_EXISTENCE" else None
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
