"""Drug names split or misheard by voice-to-text and autocorrect: "neu last a" (Neulasta),
"oxaly platin" (oxaliplatin), "doxy tax el" (docetaxel).

Two to four words that run together into a known name of seven letters or more are that
drug; a run of eight letters may differ from the name by one letter, of nine or more by two.
A missed drug hides the TAPS and G-CSF windows and the fever window, so the cost of a miss
is a wrong level; the length floor keeps ordinary words from joining into a name.
"""

from __future__ import annotations

from functools import lru_cache

_MIN_LETTERS = 7


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalpha())


@lru_cache(maxsize=4)
def _index(names: tuple[tuple[str, str], ...]) -> dict[str, list[tuple[str, str]]]:
    """Names of seven letters or more by their first two letters, for the near matches."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, drug_id in names:
        n = _norm(name)
        if len(n) >= _MIN_LETTERS:
            out.setdefault(n[:2], []).append((n, drug_id))
    return out


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


def spoken_drug_spans(doc, names: dict[str, str], taken: set[int]) -> list[tuple[int, int, str]]:
    """(start token, end token, drug id) for names said in pieces; ``taken`` are tokens already in a name."""
    index = _index(tuple(sorted(names.items())))
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        hit = None
        for n in (4, 3, 2):
            toks = doc[i:i + n]
            if len(toks) < n or any(t.i in taken or not t.is_alpha for t in toks):
                continue
            joined = "".join(t.lower_ for t in toks)
            if len(joined) < _MIN_LETTERS:
                continue
            limit = 0 if len(joined) < 8 else (1 if len(joined) < 9 else 2)
            best = min(((_distance(joined, cand, limit), drug_id) for cand, drug_id in index.get(joined[:2], ())),
                       default=(limit + 1, None))
            if best[0] <= limit:
                hit = (i, i + n, best[1])
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found
