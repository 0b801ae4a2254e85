"""The findings of one text as they are read: each with its words, and the report fields they set.

Field kinds decide how a second mention combines with the first: list fields collect, ranked
fields keep the most urgent value, a True beats a False (a red flag said anywhere is present).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ._model import ExtractedFinding

LIST_FIELDS = {"pain.sites", "pain.character", "neurology.numbness_pattern", "metastases", "systemic.other_amber_domains"}
RANKED = {  # category fields: the most urgent wins
    "pain.course": ["improving", "stable", "worsening", "worsening_over_hours"],
    "pain.onset": ["gradual", "sudden"],
    "adl_limit": ["none", "instrumental", "self_care"],
    "neurology.neuropathy_adl": ["none", "instrumental", "self_care"],
}
RANKED_LEAF = {path.split(".")[-1]: order for path, order in RANKED.items()}
# the red-flag families of the issue: what recall is measured on, and what becomes a question
RED_FLAG_FIELDS = frozenset({
    "neurology.leg_weakness", "neurology.arm_weakness", "neurology.gait_difficulty", "neurology.numbness",
    "neurology.sensory_level", "neurology.saddle_anaesthesia", "neurology.bladder_dysfunction",
    "neurology.bowel_dysfunction", "neurology.sexual_dysfunction", "systemic.temperature_c", "systemic.rigors",
    "pain.band_like", "pain.radiating_down_limb", "neurology.worsening_over_hours",
    "neurology.known_deficit_worsening", "systemic.feeling_unwell", "systemic.collapse", "systemic.chest_pain",
    "systemic.breathless_at_rest",
})


class Builder:
    def __init__(self, kb, ref: datetime):
        self.kb = kb
        self.ref = ref
        self.ref_date = ref.date()
        self.fields: dict[str, Any] = {}
        self.present: set[str] = set()
        self.negated: set[str] = set()
        self.findings: list[ExtractedFinding] = []

    def note(self, finding, value, context, span_or_q, red_flag=False, entry=None, sources=()):
        text, start, end = span_or_q
        self.findings.append(ExtractedFinding(finding, value, context, text, start, end, red_flag, entry, list(sources)))

    def set(self, path: str, value: Any, context: str) -> None:
        """Record one present/uncertain/negated value for a field."""
        if context in {"present", "uncertain"}:
            self.present.add(path)
            if path in LIST_FIELDS:
                lst = self.fields.setdefault(path, [])
                if not isinstance(lst, list):
                    lst = self.fields[path] = []
                if value not in lst:
                    lst.append(value)
            elif path in RANKED:
                order = RANKED[path]
                cur = self.fields.get(path)
                if cur is None or order.index(value) > order.index(cur):
                    self.fields[path] = value
            elif isinstance(value, bool):
                self.fields[path] = True if value else self.fields.get(path, False)
            else:
                self.fields.setdefault(path, value)
        elif context == "negated":
            self.negated.add(path)


def span_tuple(span):
    return (span.text, span.start_char, span.end_char)

