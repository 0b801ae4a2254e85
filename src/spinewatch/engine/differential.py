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
from typing import Any

from ..knowledge import KnowledgeBase
from .assessment import Evidence, RankedCause


def _compiled(kb: KnowledgeBase) -> list[tuple]:
    plan = getattr(kb, "_differential_plan", None)
    if plan is None:
        scale = kb.meta.strength_lr
        plan = []
        for cause in kb.causes.values():
            items = []
            for i, ev in enumerate(cause.evidence):
                lr = ev.lr if ev.lr is not None else scale[ev.strength]
                items.append((kb.conditions[("evidence", cause.id, i)].evaluate, math.log(lr),
                              Evidence(text=ev.text, lr=lr, sources=list(ev.sources))))
            prior = math.log(cause.prior / (1 - cause.prior))
            plan.append((cause, prior, items))
        object.__setattr__(kb, "_differential_plan", plan)
    return plan


def rank_causes(facts: dict[str, Any], kb: KnowledgeBase) -> list[RankedCause]:
    scored = []
    for cause, prior, items in _compiled(kb):
        logit = prior
        ev_for: list[Evidence] = []
        ev_against: list[Evidence] = []
        for evaluate, log_lr, evidence in items:
            if evaluate(facts):
                logit += log_lr
                (ev_for if log_lr > 0 else ev_against).append(evidence)
        scored.append((logit, cause, ev_for, ev_against))
    top = max((s[0] for s in scored), default=0.0)
    total = sum(math.exp(s[0] - top) for s in scored) or 1.0
    ranked = [
        RankedCause(
            id=cause.id, name=cause.name, patient_name=cause.patient_name,
            score=round(math.exp(logit - top) / total, 4), log_odds=round(logit, 3),
            evidence_for=sorted(ev_for, key=lambda e: -e.lr),
            evidence_against=sorted(ev_against, key=lambda e: e.lr),
            sources=list(cause.sources),
        )
        for logit, cause, ev_for, ev_against in scored
    ]
    ranked.sort(key=lambda c: -c.log_odds)  # stable: ties keep causes.yaml order (serious first)
    return ranked
