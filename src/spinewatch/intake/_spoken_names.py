"""Drug names split or misheard by voice-to-text and autocorrect: "neu last a" (Neulasta),
"oxaly platin" (oxaliplatin), "doxy tax el" (docetaxel).

Two to four words that run together into a known name of seven letters or more are that
drug; a run of eight letters may differ from the name by one letter, of nine or more by two.
A missed drug hides the TAPS and G-CSF windows and the fever window, so the cost of a miss
is a wrong level; the length floor keeps ordinary words from joining into a name.
"""

from __future__ import annotations

from ._to_report import ENGLISH_WORDS  # a window of nothing but these joins into no drug

_MIN_LETTERS = 7


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalpha())


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i:i + 2] for i in range(len(s) - 1))


def name_index(names: dict[str, str]) -> dict[str, list[tuple[str, str, frozenset[str]]]]:
    """Names of seven letters or more by their first two letters, with their letter pairs (build once)."""
    out: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    seen = set()
    for name, drug_id in sorted(names.items()):
        n = _norm(name)
        if len(n) >= _MIN_LETTERS and (n, drug_id) not in seen:
            seen.add((n, drug_id))
            out.setdefault(n[:2], []).append((n, drug_id, _bigrams(n)))
    return out


def _near(joined: str, index, limit: int) -> str | None:
    """The drug whose name is within ``limit`` edits. Each edit breaks at most two letter pairs,
    so a name sharing fewer pairs cannot be that close and is skipped before the distance."""
    pairs = _bigrams(joined)
    best = (limit + 1, None)
    for cand, drug_id, cand_pairs in index.get(joined[:2], ()):
        if abs(len(cand) - len(joined)) > limit or len(pairs & cand_pairs) < max(len(pairs), len(cand_pairs)) - 2 * limit - 1:
            continue
        d = _distance(joined, cand, limit)
        if d < best[0]:
            best = (d, drug_id)
    return best[1]


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def spoken_drug_spans(doc, index: dict[str, list[tuple[str, str, frozenset[str]]]], taken: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, drug id) for names said in pieces; ``taken`` are tokens already in a name."""
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        hit = None
        head = doc[i].lower_ + (doc[i + 1].lower_ if i + 1 < len(doc) else "")
        if head[:2] not in index:  # no drug name starts with these letters
            i += 1
            continue
        for n in (4, 3, 2):
            toks = doc[i:i + n]
            if len(toks) < n or any(t.i in taken or not t.is_alpha for t in toks) or all(t.lower_ in ENGLISH_WORDS for t in toks):
                continue
            joined = "".join(t.lower_ for t in toks)
            if len(joined) < _MIN_LETTERS:
                continue
            limit = 0 if len(joined) < 8 else (1 if len(joined) < 9 else 2)
            drug_id = _near(joined, index, limit)
            if drug_id is not None:
                hit = (i, i + n, drug_id)
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found
