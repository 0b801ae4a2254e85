"""The phrase syntax of the lexicon and context files, compiled to spaCy token patterns.

    word        a literal word; split into tokens the way the tokenizer splits it ("can't" -> ca n't)
    (a|b c|)    alternatives; an empty alternative makes the group optional
    *N          up to N words (not punctuation) in between

Matching is on the lower-case form. Alternatives of the same token length share one token
pattern per position (``{"LOWER": {"IN": [...]}}``); alternatives of different lengths become
separate patterns. The compiled patterns are for spaCy's rule-based ``Matcher``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

Tokenize = Callable[[str], list[str]]
TokenPattern = list[dict]


class PhraseSyntaxError(ValueError):
    pass


def _split_top(text: str) -> list[str]:
    """Split on spaces that are not inside parentheses."""
    out, buf, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise PhraseSyntaxError(f"unbalanced ')' in {text!r}")
        if ch == " " and depth == 0:
            if buf:
                out.append("".join(buf))
                buf = []
            continue
        buf.append(ch)
    if depth:
        raise PhraseSyntaxError(f"unbalanced '(' in {text!r}")
    if buf:
        out.append("".join(buf))
    return out


def _split_alts(inner: str) -> list[str]:
    out, buf, depth = [], [], 0
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    out.append("".join(buf))
    return out


def _expand(text: str, tokenize: Tokenize) -> list[list[str]]:
    """All token sequences a phrase (without gaps) can stand for."""
    seqs: list[list[str]] = [[]]
    for element in _split_top(text.strip()):
        if element.startswith("(") and element.endswith(")"):
            alts: list[list[str]] = []
            for alt in _split_alts(element[1:-1]):
                alts.extend(_expand(alt, tokenize) if alt.strip() else [[]])
        else:
            toks = tokenize(element)
            alts = [toks]
            if len(toks) > 1 and " " not in element:
                # the tokenizer's contraction rules are case-sensitive: "CANT" or "DONT" stay whole
                alts.append([element.lower()])
                alts.append([element.lower().replace("'", "")])
        seqs = [a + b for a in seqs for b in alts]
        if len(seqs) > 20000:
            raise PhraseSyntaxError(f"phrase expands to too many variants: {text!r}")
    return seqs


def _merge_exact(seqs: list[list[str]]) -> list[tuple[frozenset, ...]]:
    """Merge token sequences of equal length into position-wise sets, exactly.

    Two alternatives merge only when they differ in one position, so the result matches exactly
    the sequences given ("could have" and "may be" never make "could be" or "I have").
    """
    items = list({tuple(frozenset([t]) for t in s) for s in seqs})
    changed = True
    while changed:
        changed = False
        n = len(items)
        for i in range(n):
            for j in range(i + 1, n):
                a, b = items[i], items[j]
                diff = [k for k in range(len(a)) if a[k] != b[k]]
                if len(diff) == 1:
                    k = diff[0]
                    merged = a[:k] + (a[k] | b[k],) + a[k + 1:]
                    items = [x for idx, x in enumerate(items) if idx not in (i, j)] + [merged]
                    changed = True
                    break
            if changed:
                break
    return items


def compile_phrase(text: str, tokenize: Tokenize) -> list[TokenPattern]:
    """Compile one phrase to a small list of spaCy Matcher patterns."""
    parts = []  # list of elements; each element is list of alternative token-pattern lists
    for element in _split_top(text.strip()):
        if element.startswith("*") and element[1:].isdigit():
            parts.append([[{"IS_PUNCT": False, "OP": "{0,%d}" % int(element[1:])}]])
            continue
        seqs = _expand(element, tokenize)
        by_len: dict[int, list[list[str]]] = {}
        for s in seqs:
            by_len.setdefault(len(s), []).append(s)
        alts = []
        for n, group in sorted(by_len.items()):
            if n == 0:
                alts.append([])
                continue
            for sets in _merge_exact(group):
                alts.append([{"LOWER": {"IN": sorted(x)}} if len(x) > 1 else {"LOWER": next(iter(x))} for x in sets])
        parts.append(alts)
    patterns: list[TokenPattern] = []
    seen: set[str] = set()
    for combo in itertools.product(*parts):
        pat = [tok for alt in combo for tok in alt]
        # a pattern must start and end with a real token, not a gap
        while pat and "OP" in pat[0]:
            pat = pat[1:]
        while pat and "OP" in pat[-1]:
            pat = pat[:-1]
        if not pat:
            continue
        key = repr(pat)
        if key not in seen:
            seen.add(key)
            patterns.append(pat)
    if not patterns:
        raise PhraseSyntaxError(f"phrase matches nothing: {text!r}")
    return patterns
