"""Lexicons as data, turned into medspaCy target rules.

* ``SymptomLexicon``: lay and clinical phrases for symptoms and history (intake/data/lexicon.yaml),
  each mapped to a Report field.
* ``DrugNameLexicon``: every generic, brand and alias name of the knowledge base's drugs.
* ``CancerNameLexicon``: the knowledge base's cancer names and aliases.

Name rules carry the id in their category ("DRUG:paclitaxel", "CANCER:breast"): spaCy keeps span
extensions per character offsets, not per label, so overlapping spans must not rely on them.

Short names that are also ordinary words ("AC", "ALL", "MM") only match when written in
capitals, so "all" in a sentence is never leukaemia and "ac" is never a chemotherapy regimen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from medspacy.target_matcher import TargetRule

from ._data import LexiconEntry, load_lexicon
from .patterns import compile_phrase

Tokenize = Callable[[str], list[str]]

# Lower-case words that must never be read as a drug or cancer name on their own.
COMMON_WORDS = frozenset({
    "all", "am", "an", "as", "at", "be", "by", "cup", "do", "go", "he", "hl", "in", "is", "it", "me",
    "mm", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "ac", "ec", "rt", "lp", "asa",
    "kidney", "renal", "pancreas", "breast", "lung", "bone", "bladder", "prostrate",
    "colorectal", "thyroid", "other", "carcinoma", "tumour", "tumor", "cancer", "malignancy", "mst",
    "sct", "cvc", "picc", "fh",
})


def _name_rule(name: str, category: str, metadata: dict, tokenize: Tokenize) -> TargetRule | None:
    norm = " ".join(name.replace("-", " - ").split())
    toks = tokenize(name)
    if not toks:
        return None
    if len(name) <= 2 or name.casefold() in COMMON_WORDS:
        # only in capitals, as written in notes: "AC", "EC", "ALL", "MST", "RT"
        words = name.upper().replace("-", " - ").split()
        if not all(w.isalnum() or w == "-" for w in words):
            return None
        return TargetRule(literal=name, category=category, pattern=[{"ORTH": w} for w in words], metadata=metadata)
    return TargetRule(literal=norm, category=category, metadata=metadata)


class SymptomLexicon:
    """Lay-language symptom and history phrases (lexicon.yaml) as target rules."""

    def __init__(self, path: Path | None = None):
        self.entries: dict[str, LexiconEntry] = {e.id: e for e in load_lexicon(path)}

    def rules(self, tokenize: Tokenize) -> list[TargetRule]:
        rules = []
        for e in self.entries.values():
            if e.standalone:
                continue
            for phrase in e.phrases:
                for i, pat in enumerate(compile_phrase(phrase, tokenize)):
                    rules.append(TargetRule(literal=f"{e.id}:{phrase}:{i}", category=e.id, pattern=pat,
                                            metadata={"entry": e.id}))
        return rules


    def standalone_patterns(self, tokenize: Tokenize) -> dict[str, list]:
        return {e.id: [p for ph in e.phrases for p in compile_phrase(ph, tokenize)]
                for e in self.entries.values() if e.standalone}


class DrugNameLexicon:
    """Drug names from the knowledge base (generic, brand, aliases, with hyphen variants)."""

    category = "DRUG"

    def __init__(self, kb):
        self.kb = kb

    def names(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for d in self.kb.drugs.values():
            for n in (d.name, *d.brands, *d.aliases, d.id.replace("_", " ")):
                for v in {n, n.replace("-", " "), n.replace("-", "")}:
                    v = " ".join(v.split())
                    if len(v) >= 2:
                        out.setdefault(v, d.id)
        return out

    def rules(self, tokenize: Tokenize) -> list[TargetRule]:
        rules = []
        for name, drug_id in self.names().items():
            r = _name_rule(name, f"{self.category}:{drug_id}", {"drug": drug_id}, tokenize)
            if r is not None:
                rules.append(r)
        return rules


class CancerNameLexicon:
    """Cancer names and aliases from the knowledge base."""

    category = "CANCER"

    def __init__(self, kb):
        self.kb = kb

    def names(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self.kb.cancers.values():
            for n in (c.name, *c.aliases):
                n = " ".join(n.split())
                if len(n) >= 2:
                    out.setdefault(n, c.id)
                    if n.endswith(" cancer"):
                        # "cancer of the breast" forms and plain "breast ca" are aliases already
                        out.setdefault(n.replace(" cancer", " ca"), c.id)
        # generic words: a cancer of unknown type
        other = self.kb.cancer_id("other") or "other"
        for n in ("cancer", "cancers", "tumour", "tumor", "malignancy", "carcinoma", "metastatic cancer",
                  "secondary cancer", "secondaries", "oncology patient", "the big c"):
            out.setdefault(n, other)
        return out

    ORGANS = {"breast": "breast", "prostate": "prostate", "prostrate": "prostate", "lung": "lung", "lungs": "lung",
              "bowel": "colorectal", "colon": "colorectal", "rectal": "colorectal", "kidney": "kidney", "renal": "kidney",
              "ovarian": "ovarian", "ovary": "ovarian", "pancreas": "pancreas", "pancreatic": "pancreas",
              "bladder": "bladder", "thyroid": "thyroid", "skin": "melanoma", "stomach": "upper_gi", "oesophagus": "upper_gi",
              "gullet": "upper_gi", "throat": "head_neck", "womb": "other", "cervix": "other", "liver": "other",
              "brain": "other"}
    DESTINATIONS = {"liver", "brain", "lung", "lungs", "bone", "bones"}

    def organ_rules(self) -> list[TargetRule]:
        """"on docetaxel for my prostate", "prostate mets", "breast ca": an organ named as the cancer."""
        rules = []
        for organ, cid in self.ORGANS.items():
            cid = self.kb.cancer_id(cid) or cid
            meta = {"cancer": cid}
            for det in ("my", "her", "his", "the", "ma", None):
                for lead in ("for",):  # not "with": "problems with my bladder" is a symptom
                    pat = [{"LOWER": lead}] + ([{"LOWER": det}] if det else []) + [{"LOWER": organ}]
                    rules.append(TargetRule(literal=f"{lead} {det or ''} {organ}", category=f"{self.category}:{cid}", pattern=pat, metadata=meta))
            tails = ["ca", "tumour", "tumor", "primary", "carcinoma", "malignancy"]
            if organ not in self.DESTINATIONS:  # "liver mets" are metastases in the liver, not liver cancer
                tails += ["mets", "metastases", "secondaries"]
            for tail in tails:
                rules.append(TargetRule(literal=f"{organ} {tail}", category=f"{self.category}:{cid}",
                                        pattern=[{"LOWER": organ}, {"LOWER": tail}], metadata=meta))
        return rules

    def rules(self, tokenize: Tokenize) -> list[TargetRule]:
        rules = self.organ_rules()
        generic = {"cancer", "cancers", "tumour", "tumor", "malignancy", "carcinoma", "secondaries"}
        for name, cid in self.names().items():
            if name.casefold() in generic:
                rules.append(TargetRule(literal=name, category=f"{self.category}:{cid}", metadata={"cancer": cid}))
                continue
            r = _name_rule(name, f"{self.category}:{cid}", {"cancer": cid}, tokenize)
            if r is not None:
                rules.append(r)
        return rules
