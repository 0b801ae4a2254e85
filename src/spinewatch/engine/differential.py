"""The differential: every cause ranked by a transparent naive-Bayes score.

score(cause) = logit(prior) + sum(ln LR) over the cause's evidence whose condition is true.
Evidence is a qualitative strength (mapped to an LR by meta.yaml's ``strength_lr``) or an
explicit LR from a source. Unknown findings contribute nothing (LR 1): they neither support
nor refute. The causes are not mutually exclusive, so the softmax of the log-odds is a
*relative* share for ranking and display, not a calibrated probability. Triage never reads it:
a benign top cause cannot lower the level.
"""

from __future__ import annotations

import math
from itertools import compress
from typing import Any

from ..knowledge import KnowledgeBase
from .assessment import Evidence, RankedCause


def _compiled(kb: KnowledgeBase) -> tuple[list, list]:
    return kb.plan("differential", _compile)


def _compile(kb: KnowledgeBase) -> tuple[list, list]:
    """Per cause its output fields and prior; per evidence item (cause index, ln LR, Evidence).

    Items follow the evidence batch, which is ordered strongest first (for: highest LR;
    against: lowest), so the lists built per assessment come out sorted without sorting.
    """
    scale = kb.meta.strength_lr
    index = {cid: i for i, cid in enumerate(kb.causes)}
    items = []
    for _, cause_id, i in kb.batches["evidence"][0]:  # the loader orders these strongest first
        ev = kb.causes[cause_id].evidence[i]
        lr = ev.lr if ev.lr is not None else scale[ev.strength]
        items.append((index[cause_id], math.log(lr),
                      Evidence(text=" ".join(ev.text.split()), lr=lr, sources=list(ev.sources))))
    causes = [(c.id, c.name, c.patient_name, list(c.sources), math.log(c.prior / (1 - c.prior)))
              for c in kb.causes.values()]
    return causes, items


def rank_causes(facts: dict[str, Any], kb: KnowledgeBase) -> list[RankedCause]:
    causes, items = _compiled(kb)
    logits = [c[4] for c in causes]
    ev_for: list[list[Evidence]] = [[] for _ in causes]
    ev_against: list[list[Evidence]] = [[] for _ in causes]
    for ci, log_lr, evidence in compress(items, kb.batches["evidence"][1](facts)):
        logits[ci] += log_lr
        (ev_for if log_lr > 0 else ev_against)[ci].append(evidence)
    top = max(logits, default=0.0)
    shares = [math.exp(x - top) for x in logits]
    total = sum(shares) or 1.0
    ranked = [RankedCause(cid, name, patient_name, shares[i] / total, logits[i], ev_for[i], ev_against[i], sources)
              for i, (cid, name, patient_name, sources, _) in enumerate(causes)]
    ranked.sort(key=_by_log_odds)  # stable: ties keep causes.yaml order (serious first)
    return ranked


def _by_lr_desc(e: Evidence) -> float:
    return -e.lr


def _by_lr(e: Evidence) -> float:
    return e.lr


def _by_log_odds(c: RankedCause) -> float:
    return -c.log_odds
