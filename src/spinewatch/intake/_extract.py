"""Free text (patient messages, carer messages, nurse notes) to a Report with its evidence.

Rules of assembly, in order of safety:
* A red flag present anywhere in the text is present, whatever else the text says about it.
* A red flag only mentioned hypothetically, uncertainly, in the past or about someone else is
  never dropped: it becomes a question. An uncertain red flag ("might be a bit numb") also counts
  as present, so that it raises the level until someone has asked.
* A negated finding sets ``False`` ("asked, no") only when nothing in the text says it is present.
* Of several temperatures the most abnormal counts; of several pain scores the highest.
* A fever without a reading ("I've got a temperature") is read as 38.0 °C, the seed articles'
  fever, and the reading is asked for.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from typing import Any

from pydantic import ValidationError

from ..report import Report
from ._model import Extraction, ExtractedFinding, IntakeError

MAX_CHARS = 100_000
CONTEXT_OF = {"FAMILY": "other_person", "HYPOTHETICAL": "hypothetical", "NEGATED_EXISTENCE": "negated",
              "HISTORICAL": "historical", "POSSIBLE_EXISTENCE": "uncertain"}
PRECEDENCE = ["other_person", "hypothetical", "negated", "historical", "uncertain"]

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

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "\u2013": "-",
                         "\u2014": "-", "\u00a0": " "})
_START_CUES = re.compile(r"\b(start(?:ed|ing)?|began|begun|commenced|first (?:dose|cycle|injection|infusion)|initiated|been on|on it since)\b", re.I)
_STOP_CUES = re.compile(r"\b(finish(?:ed)?|stopp?(?:ed)?|completed?|ended|came off|come off|last ever|final|no longer|used to)\b", re.I)
_ONGOING_CUES = re.compile(r"\b(on|taking|take|having|currently|still on|still taking|every (?:day|week|3 weeks|three weeks)|weekly|daily|cycle \d+)\b", re.I)
_PAIN_WORDS = re.compile(r"\b(pain|pains|painful|back|backache|hurt|hurts|hurting|ache|aches|aching|sore|agony|killing|spine|neck|started|began|symptoms?|numb|weak|tingl\w*)\b", re.I)
_REMISSION = re.compile(r"\b(remission|all clear|no evidence of disease|ned|cured|clear since|in the clear)\b", re.I)
_ACTIVE = re.compile(r"\b(active|currently|having treatment|on treatment|receiving|undergoing|metastatic|stage 4|stage iv|advanced|secondary|secondaries)\b", re.I)
_RT_SITES = {"cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip"}


def _now() -> datetime:
    return datetime.now(timezone.utc)


def clean_text(text: Any) -> str:
    """Check and normalise the input; raise IntakeError with a plain message if unusable.

    Offsets are kept: every replacement is one character for one character.
    """
    if text is None:
        return ""
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if b"\x00" in raw[:4096]:
            raise IntakeError("This looks like binary data (a file that is not text), not a message. Paste or type the text instead.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise IntakeError("This is not readable text (it is not UTF-8). Save the note as plain text and try again.") from None
    if not isinstance(text, str):
        raise IntakeError(f"Expected text, got {type(text).__name__}.")
    if len(text) > MAX_CHARS:
        raise IntakeError(f"The text is too long ({len(text):,} characters; the limit is {MAX_CHARS:,}, about 15,000 words). "
                          "Send only the message or the note about this episode.")
    sample = text[:4096]
    if sample:
        bad = sum(1 for ch in sample if (unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} and ch not in "\n\r\t"))
        if "\x00" in sample or bad / len(sample) > 0.1 or sample.count("\ufffd") / len(sample) > 0.1:
            raise IntakeError("This looks like binary data (a file that is not text), not a message. Paste or type the text instead.")
    text = text.translate(_QUOTES)
    # control characters become spaces (same length, so offsets still point into the input)
    return "".join(" " if (unicodedata.category(ch) == "Cc" and ch not in "\n\t") else ch for ch in text)


def _is_carer_message(doc) -> bool:
    """A carer writing about the patient ("My mum is on chemo, her legs are weak")."""
    toks = [t.lower_ for t in doc]
    third = sum(t in {"she", "her", "he", "his", "him", "she's", "he's", "herself", "himself"} for t in toks)
    first_body = len(re.findall(r"\b(?:my (?:back|legs?|feet|foot|arms?|bladder|bowels?|neck|spine|temp|temperature|pain)|i'm|i am|i've|i have|i can't|i cant|i feel|i've got)\b", doc.text, re.I))
    return third > 0 and third > first_body


def _context(span, carer: bool, carer_subjects: set[str]) -> str:
    cats = set()
    for mod in getattr(span._, "modifiers", ()) or ():
        cat = mod.category
        if cat == "FAMILY" and carer:
            mtext = _mod_text(span.doc, mod)
            if mtext in carer_subjects:
                continue
        if cat in CONTEXT_OF:
            cats.add(CONTEXT_OF[cat])
    for c in PRECEDENCE:
        if c in cats:
            return c
    return "present"


def _negation_belongs_to_an_earlier_clause(span) -> bool:
    """A "said normal" phrase negated only by a cue that ends a clause before it.

    ConText lets "no" run across commas so that "no numbness, weakness or tingling" negates
    the whole list; a list ending in "bladder and bowels normal" is the same answer, not a
    problem with the bladder.
    """
    doc = span.doc
    cues = [m for m in getattr(span._, "modifiers", ()) or () if m.category == "NEGATED_EXISTENCE"]
    if not cues:
        return False
    for mod in cues:
        try:
            _s, e = mod.modifier_span
        except Exception:
            return False
        if e > span.start or not _CLAUSE_BREAK.search(doc[e:span.start].text):
            return False
    return True


# A whole sentence that only denies: "I haven't." "Nothing like that." "None of those so far."
_DENIAL = re.compile(
    r"(?:^|(?<=[.!?;]))\s*(?:no,?\s+|but\s+)?"
    r"(?:i\s+haven'?t|i\s+have\s+not|i've\s+not|i\s+havent|haven'?t|havent|not\s+had\s+any|had\s+none|i\s+have\s+none\s+of\s+(?:that|those|them|these)|"
    r"i\s+(?:don'?t|do\s+not)\s+have\s+(?:either|any\s+of\s+(?:that|those|them|these)|that|those|them)|"
    r"nothing\s+like\s+that|none\s+of\s+(?:that|those|them|these|it)|not\s+any\s+of\s+(?:that|those|them|these)|"
    r"(?:she|he)\s+(?:hasn'?t|has\s+not))"
    r"(?:\s+(?:had|got|noticed|seen))?(?:\s+any(?:\s+of\s+(?:that|those|them|these|it))?)?"
    r"(?:\s+(?:yet|so\s+far|thankfully|though|at\s+all))?\s*(?=[.!?;]|$)", re.I)


# ... and one that only affirms: "They have." "I have now."
_AFFIRM = re.compile(
    r"(?:^|(?<=[.!?;]))\s*(?:and\s+|well,?\s+|but\s+)?"
    r"(?:i\s+have|i've\s+got\s+(?:it|them|that)|they\s+have|it\s+has|she\s+has|he\s+has|i\s+do|they\s+do|"
    r"it\s+did|they\s+did|yes,?\s+(?:i\s+have|it\s+has|they\s+have))"
    r"(?:\s+(?:now|though|already|today|since|this\s+morning))?\s*(?=[.!?;]|$)", re.I)


def _answer_hypotheticals(text: str, hypothetical: list, b: "_Builder", questions: dict) -> None:
    """Red flags named as "ring if you get ..." and answered in the next sentence.

    "The nurse told me to ring if I get numbness or can't pass water. I haven't." answers the
    question the leaflet asks ("no"); "ring if your legs go weak. They have." says they are
    weak. Only the sentence right before the answer is answered.
    """
    if not hypothetical:
        return
    for pattern, ctx in ((_DENIAL, "negated"), (_AFFIRM, "present")):
        for m in pattern.finditer(text):
            before = text[:m.start()].rstrip()
            prev = max(before.rfind(c, 0, len(before) - 1) for c in ".!?;\n") + 1
            for entry, span in hypothetical:
                if prev <= span.start_char < m.start():
                    where = (m.group(0).strip(), m.start(), m.end())
                    b.note(entry.finding, ctx == "present", ctx, where, ctx == "present", entry.id, entry.sources)
                    b.set(entry.finding, True, ctx)
                    for path, v in entry.also.items():
                        b.set(path, v, ctx)
                    if ctx == "negated":
                        questions.pop(entry.finding, None)


def _mod_text(doc, mod) -> str:
    try:
        s, e = mod.modifier_span
        return doc[s:e].text.lower()
    except Exception:
        return ""


class _Builder:
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


def _span_tuple(span):
    return (span.text, span.start_char, span.end_char)


def extract(text: Any, reported_at: datetime | None = None, *, kb=None) -> Extraction:
    """Read one message or note; return the report, every finding with its words, and questions."""
    return extract_many([text], reported_at, kb=kb)[0]


def extract_many(texts, reported_at: datetime | None = None, *, kb=None, batch_size: int = 64) -> list[Extraction]:
    """Read many messages in one pass (the fast path for batches and the benchmark)."""
    from ..knowledge import load_kb
    from .pipeline import AUX_GROUP, SPAN_GROUP, get_pipeline

    kb = kb or load_kb()
    nlp = get_pipeline()
    cleaned = []
    for t in texts:
        cleaned.append(clean_text(t))
    ref = reported_at or _now()
    if ref.tzinfo is None:
        ref = ref.replace(tzinfo=timezone.utc)
    out = []
    short = [t for t in cleaned if len(t) <= CHUNK_CHARS]
    docs = iter(nlp.pipe(short, batch_size=batch_size))
    for text in cleaned:
        if len(text) <= CHUNK_CHARS:
            out.append(_assemble(next(docs), text, ref, kb, SPAN_GROUP, AUX_GROUP))
        else:
            out.append(_extract_long(text, ref, kb, nlp, SPAN_GROUP, AUX_GROUP))
    return out


CHUNK_CHARS = 1500


def _chunks(text: str) -> list[tuple[int, str]]:
    """Split a long text at line or sentence ends into pieces of at most about CHUNK_CHARS."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + CHUNK_CHARS)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end), text.rfind("! ", start, end),
                      text.rfind("? ", start, end))
            if cut > start + CHUNK_CHARS // 3:
                end = cut + 1
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _extract_long(text: str, ref: datetime, kb, nlp, span_group: str, aux_group: str) -> Extraction:
    """A long note read in pieces (ConText compares every modifier with every other, so one long
    document costs quadratic time); findings keep offsets into the whole text."""
    parts = []
    for offset, piece in _chunks(text):
        x = _assemble(nlp(piece), piece, ref, kb, span_group, aux_group)
        for f in x.findings:
            f.start += offset
            f.end += offset
        parts.append(x)
    data: dict = {}
    temps, scores, onsets = [], [], []
    for x in parts:
        d = x.report.model_dump(mode="json", exclude_none=True)
        sysd, paind = d.get("systemic", {}), d.get("pain", {})
        if "temperature_c" in sysd:
            temps.append(sysd.pop("temperature_c"))
        if "nrs" in paind:
            scores.append(paind.pop("nrs"))
        if "onset_date" in paind:
            onsets.append(paind.pop("onset_date"))
        _merge_report(data, d)
    if temps:
        high = [t for t in temps if t >= 37.5]
        low = [t for t in temps if t < 36.0]
        data.setdefault("systemic", {})["temperature_c"] = max(high) if high else (min(low) if low else temps[-1])
    if scores:
        data.setdefault("pain", {})["nrs"] = max(scores)
    if onsets:
        data.setdefault("pain", {})["onset_date"] = min(onsets)
    data["reported_at"] = ref
    try:
        report = Report.model_validate(data)
    except ValidationError:
        report = parts[0].report
    findings = [f for x in parts for f in x.findings]
    present = {f.finding for f in findings if f.context in {"present"}}
    questions, qfields = [], []
    for x in parts:
        for q, qf in zip(x.questions, x.question_findings):
            if qf not in qfields and qf not in present:
                questions.append(q)
                qfields.append(qf)
    notes = _notes(text, findings)
    return Extraction(text=text, report=report, findings=findings, questions=questions, notes=notes,
                      question_findings=qfields)


def _merge_report(base: dict, new: dict) -> None:
    """Merge report dicts: True beats False beats unknown; lists united; treatments by drug."""
    for key, value in new.items():
        if key in {"reported_at", "id"}:
            continue
        if key == "treatments":
            have = {t["drug"]: t for t in base.setdefault("treatments", [])}
            for t in value:
                cur = have.get(t["drug"])
                if cur is None:
                    base["treatments"].append(t)
                    have[t["drug"]] = t
                    continue
                for k, v in t.items():
                    if k == "start":
                        cur[k] = min(cur.get(k) or v, v)
                    elif k == "last_dose":
                        cur[k] = max(cur.get(k) or v, v)
                    elif cur.get(k) is None:
                        cur[k] = v
        elif key == "cancers":
            have = {c["type"] for c in base.setdefault("cancers", [])}
            base["cancers"].extend(c for c in value if c["type"] not in have)
        elif isinstance(value, dict):
            _merge_report(base.setdefault(key, {}), value)
        elif isinstance(value, list):
            cur = base.setdefault(key, [])
            cur.extend(v for v in value if v not in cur)
        elif isinstance(value, bool):
            base[key] = True if (value or base.get(key) is True) else False
        elif key in RANKED_LEAF:
            order = RANKED_LEAF[key]
            cur = base.get(key)
            if cur is None or order.index(value) > order.index(cur):
                base[key] = value
        else:
            base.setdefault(key, value)


def _assemble(doc, text: str, ref: datetime, kb, span_group: str, aux_group: str) -> Extraction:
    from .pipeline import build_pipeline  # noqa: F401  (import cycle guard)
    from .timex import find_times

    b = _Builder(kb, ref)
    lex = _lexicon()
    carer = _is_carer_message(doc)
    carer_subjects: set[str] = set()
    if carer:
        for span in doc.spans.get(span_group, []):
            for mod in getattr(span._, "modifiers", ()) or ():
                if mod.category == "FAMILY":
                    carer_subjects.add(_mod_text(doc, mod))
                    break
            if carer_subjects:
                break

    drugs: list[tuple[Any, str, str]] = []  # (span, drug id, context)
    cancers: list[tuple[Any, str, str]] = []
    quantities: list[tuple[Any, Any, str]] = []
    questions: dict[str, tuple[str, str]] = {}
    temps_word: list[tuple[Any, str]] = []
    hypothetical: list[tuple[Any, Any]] = []  # (lexicon entry, span) said as "if I get ..."

    name_spans = [(sp.start, sp.end) for sp in doc.spans.get(span_group, []) if sp.label_.startswith(("DRUG:", "CANCER:"))]
    # the longer phrase of the same finding says more: "nothing sudden" (gradual) over its "sudden"
    said = [(sp.start, sp.end, lex[sp.label_].finding) for sp in doc.spans.get(span_group, []) if sp.label_ in lex]
    for span in doc.spans.get(span_group, []):
        label = span.label_
        if not label.startswith(("DRUG:", "CANCER:", "QTY:")) and any(
                a <= span.start and span.end <= b and (b - a) > (span.end - span.start) for a, b in name_spans):
            continue
        if label in lex and any(a <= span.start and span.end <= e and (e - a) > (span.end - span.start) and f == lex[label].finding
                                for a, e, f in said):
            continue
        ctx = _context(span, carer, carer_subjects)
        if label in lex:
            if _not_this_finding(lex[label], span, text):
                continue
            if ctx == "present" and _negated_where_context_cannot_see(lex[label], span, text):
                ctx = "negated"
        if label.startswith("DRUG:"):
            drugs.append((span, label[5:], ctx))
            continue
        if label.startswith("CANCER:"):
            cancers.append((span, label[7:], ctx))
            continue
        if label.startswith("QTY:"):
            quantities.append((span, span._.quantity, ctx))
            quantities.extend((span, q, ctx) for q in span._.quantity_also)
            continue
        entry = lex.get(label)
        if entry is None:
            continue
        if entry.only_negated and ctx != "negated":
            continue
        red = entry.red_flag or entry.finding in RED_FLAG_FIELDS
        if entry.finding == "systemic.temperature_c":
            temps_word.append((span, ctx))
            b.note(entry.finding, (entry.value if ctx in {"present", "uncertain"} else None), ctx,
                   _span_tuple(span), red, entry.id, entry.sources)
            if ctx not in {"present", "negated"}:
                questions.setdefault(entry.finding, (span.text, ctx))
            continue
        value = entry.value
        if ctx == "present" and entry.finding in _SPHINCTER and _LONGSTANDING_UNCHANGED.search(text, *_sent_bounds(doc, span.start_char)):
            ctx = "historical"  # "doubly incontinent, that's been the case for over 2 years, no change": asked, not new
        if value is False:
            if ctx == "negated" and _negation_belongs_to_an_earlier_clause(span):
                ctx = "present"  # "no numbness or weakness, bladder and bowels normal"
            if ctx in {"present", "uncertain"}:
                b.note(entry.finding, False, "negated", _span_tuple(span), red, entry.id, entry.sources)
                b.set(entry.finding, True, "negated")
            continue
        shown = value if ctx in {"present", "uncertain"} else (False if ctx == "negated" and value is True else (value if ctx == "negated" else None))
        b.note(entry.finding, shown, ctx, _span_tuple(span), red, entry.id, entry.sources)
        b.set(entry.finding, value, ctx)
        for path, v in entry.also.items():
            b.set(path, v, ctx)
        if red and ctx not in {"present", "negated"}:
            questions.setdefault(entry.finding, (span.text, ctx))
        if ctx == "hypothetical" and value is True:
            hypothetical.append((entry, span))
    _answer_hypotheticals(text, hypothetical, b, questions)

    # standalone entries (concern): negated by a "not"/"n't"/"no" just before
    for span in doc.spans.get(aux_group, []):
        entry = lex.get(doc.vocab.strings[span.label] if isinstance(span.label, int) else span.label_)
        if entry is None:
            continue
        before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
        if entry.finding == "concern" and _ASKS_WHETHER_TO.search(text, max(0, span.start_char - 30), span.start_char):
            continue  # "Should I be worried?" asks; it does not say so
        ctx = "negated" if any(t in {"not", "n't", "no", "never", "nt", "nothing"} for t in before) else "present"
        b.note(entry.finding, entry.value if ctx == "present" else False, ctx, _span_tuple(span), False, entry.id, entry.sources)
        b.set(entry.finding, entry.value, ctx)

    # ---------------------------------------------------------------- quantities
    temps: list[float] = []
    nrs: list[tuple[int, int, int]] = []  # (score, start, end)
    labs: dict[str, float] = {}
    times = find_times(text, b.ref_date)
    for span, q, ctx in quantities:
        kind = q.kind
        qt = (q.text, q.start, q.end)
        if kind == "temperature_c":
            if _BASELINE_BEFORE.search(text, max(0, q.start - 30), q.start):
                continue  # "she's normally about 36.1": her usual, not today's reading
            red = q.value >= 37.5 or q.value < 36.0
            b.note("systemic.temperature_c", q.value if ctx != "negated" else None, ctx, qt, red, "reading")
            if ctx in {"present", "uncertain"}:
                temps.append(q.value)
            elif red and ctx != "negated":
                questions.setdefault("systemic.temperature_c", (q.text, ctx))
        elif kind == "nrs":
            b.note("pain.nrs", q.value, ctx, qt, False, "score")
            if ctx in {"present", "uncertain", "negated"}:  # "no worse than 7/10" is still a 7
                nrs.append((int(q.value), q.start, q.end))
        elif kind == "weight_loss_kg":
            b.note("systemic.weight_loss_kg", q.value, ctx, qt)
            if ctx in {"present", "uncertain", "historical"}:
                b.fields["systemic.weight_loss_kg"] = max(q.value, b.fields.get("systemic.weight_loss_kg", 0))
                b.set("systemic.weight_loss", True, "present")
        elif kind == "age" and ctx != "other_person":
            b.note("history.age", q.value, "present", qt)
            b.fields.setdefault("history.age", int(q.value))
        elif kind == "sex" and ctx != "other_person":
            b.note("history.sex", q.value, "present", qt)
            b.fields.setdefault("history.sex", q.value)
        elif kind.startswith("lab:") and ctx in {"present", "uncertain"}:
            name = kind[4:]
            b.note(f"labs.{name}", q.value, ctx, qt)
            labs.setdefault(name, q.value)
    if temps:
        high = [t for t in temps if t >= 37.5]
        low = [t for t in temps if t < 36.0]
        b.fields["systemic.temperature_c"] = max(high) if high else (min(low) if low else temps[-1])
    elif any(ctx in {"present", "uncertain"} for _s, ctx in temps_word):
        b.fields["systemic.temperature_c"] = 38.0
        span = next(s for s, ctx in temps_word if ctx in {"present", "uncertain"})
        questions.setdefault("systemic.temperature_c", (span.text, "no reading"))
    if nrs:
        b.fields["pain.nrs"] = _worst_in_last_day(nrs, times, doc, text, b.ref_date)
    for k, v in labs.items():
        b.fields[f"labs.{k}"] = v

    # ---------------------------------------------------------------- times, drugs, cancers
    treatments = _treatments(doc, text, drugs, times, quantities, b, kb)
    pain_onset = _pain_onset(doc, text, times, drugs, treatments, b)
    if pain_onset:
        b.fields["pain.onset_date"] = pain_onset
    cancer_list = _cancers(cancers, text, b)

    report = _to_report(b, treatments, cancer_list, ref, kb)
    qs, qfields = [], []
    for finding, (words, ctx) in questions.items():
        if finding in b.present and ctx != "uncertain" and not (finding == "systemic.temperature_c" and ctx == "no reading"):
            continue
        entry = kb.findings.get(finding)
        ask = entry.question if entry is not None and entry.question else f"Please check {finding}."
        why = {"hypothetical": "as something that might happen", "uncertain": "but were not sure",
               "historical": "in the past", "other_person": "about someone else",
               "no reading": "without a reading"}.get(ctx, ctx)
        qs.append(f'You mentioned "{words}" {why}. {ask}')
        qfields.append(finding)
    notes = _notes(text, b.findings)
    b.findings.sort(key=lambda f: (f.start, f.end))
    return Extraction(text=text, report=report, findings=b.findings, questions=qs, notes=notes, question_findings=qfields)


def _lexicon():
    from .lexicon import SymptomLexicon

    global _LEX
    try:
        return _LEX
    except NameError:
        _LEX = SymptomLexicon().entries
        return _LEX


def _sent_bounds(doc, start_char: int) -> tuple[int, int]:
    span = doc.char_span(start_char, min(start_char + 1, len(doc.text)), alignment_mode="expand")
    if span is None or not len(span):
        return 0, len(doc.text)
    s = span[0].sent
    return s.start_char, s.end_char


_NOT_WORSE = re.compile(r"\b(?:no|not|never|isn't|isnt|is not|doesn't get|doesnt get|does not get|don't get|dont get)\s+(?:any\s+)?$", re.I)
# "legs aren't weak": only a negated *state* word; "legs aren't working" / "won't hold me" are symptoms
_SUBJECT_NOT = re.compile(r"\b(?:legs?|arms?|hands?|knees?|feet|foot)\s+(?:(?:are|is|were|was|do|does|did|have|has|feel|feels)\s*)?(?:n't|not)"
                          r"\s+(?:\w+\s+)?(?:weak|weaker|heavy|heavier|numb|wobbly|tingly|tingling|jelly|floppy|useless|dead)\b", re.I)
_GIVEN_TOGETHER = re.compile(r"^\s*(?:\+|&|/|and|with|plus)\s*$", re.I)
_NEGATED_LIST = re.compile(r"\b(?:aren't|are not|isn't|is not|not|no|never|neither|without)\s+\w+\s+(?:or|nor)\s+$", re.I)
_INNER_NOT = re.compile(r"n't|\bnot\b|\bnever\b", re.I)
_PRONOUN_AFTER = re.compile(r"\s+(?:me|her|him|us|them|you)\b", re.I)
_AGGRAVATION_AFTER = re.compile(r"\s+(?:on|when|if|with|after|at)\b", re.I)
_OTHER_EVENT = re.compile(r"\b(?:operation|surgery|op|diagnosed|diagnosis|scan|biopsy|mastectomy|lumpectomy|transplant|admission|appointment)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:()]|\s[-–]\s")
_CLAUSE_APART = 50
_EXPECTED_BEFORE = re.compile(r"\b(?:would|will|should|'d|supposed to|meant to|hope|hoped|hoping|expect\w*|thought)(?:\s+\w+){0,2}\s*$", re.I)
_ASKS_WHETHER_TO = re.compile(r"\b(?:should|do|would|need|must|shall)\s+(?:i|we|you|she|he)\s+(?:need\s+to\s+)?(?:be|get|feel)\s+(?:\w+\s+)?$", re.I)
_SIMILE_BEFORE = re.compile(r"\b(?:like|as if|as though)\s+(?:(?:i|i've|ive|i'd|id|i had|she's|he's|she'd|he'd|you've|you'd|had|done|been|after|from)\s+){0,3}$", re.I)
_ONLY_WHILE_AFTER = re.compile(r"\s*(?:while|whilst|when|as long as|until|unless|except|apart from|if i|if she|if he|sitting|lying|at rest)\b", re.I)
_BASELINE_BEFORE = re.compile(r"\b(?:normally|usually|normal is|normal temp\w* is|usual temp\w* is|baseline|normally runs|usually runs|runs at)\b(?:\s+\w+){0,3}\s*$", re.I)
_SPHINCTER = {"neurology.bladder_dysfunction", "neurology.bowel_dysfunction"}
_LONGSTANDING_UNCHANGED = re.compile(r"\b(?:for|over)\s+(?:over\s+|more than\s+|about\s+)?(?:\d+|two|three|four|five|six|many|several)\s+years\b"
                                     r"(?=.*\b(?:no change|unchanged|not changed|same as always|as before|nothing new)\b)", re.I)
_EARLIER = r"(?:initially|at first|at the start|originally|to begin with|to start with)"
_EARLIER_SCORE = re.compile(r"\s*" + _EARLIER + r"\b", re.I)
_EARLIER_SCORE_BEFORE = re.compile(r"\b" + _EARLIER + r"[\s,]+(?:it\s+was\s+|was\s+|about\s+|around\s+|maybe\s+)?$", re.I)
_CLOTHES_BEFORE = re.compile(r"\b(?:trousers|jeans|clothes|skirt|skirts|pants|shorts|belt)\s+(?:are|is|keep|keeps|have been|'re|been)?\s*$", re.I)
_ONCE_AFTER = re.compile(r"\s*(?:just\s+|only\s+)?(?:once|twice|one time|two times|a couple of times)\b", re.I)
_FORM = r"injections?|jabs?|infusions?|tablets?|pills?|shots?|course"  # the words a drug is given as
_OWN_START = re.compile(r"(?:\s*(?:" + _FORM + r"))?\s*,?\s*(?:started|begun|began|given|which started|that started)\s*", re.I)
_DRUG_NOUN = re.compile(r"\s*(?:" + _FORM + r"|dose|drip)\b", re.I)
_EVENT_AFTER = re.compile(r"\W*(?:after|following|before)\s+(?:my|the|her|his|each|every|a|\w+\s+of)?\s*", re.I)
# a dose named without its drug: "had it Tuesday", "last one on Friday", "got them yesterday"
_DOSE_ANAPHOR = re.compile(r"\b(?:(?:had|got|took|given|received|having)\s+(?:it|them|one|my last(?: one| dose)?|the last(?: one| dose)?)"
                           r"|last\s+(?:one|dose|cycle|infusion|injection|jab|session|treatment)"
                           r"|(?:had|got|given|received)\s+(?:dose|cycle|infusion|injection|jab|session)\s+(?:\d{1,2}|one|two|three|four|five|six)"
                           r"|(?:it's|its|it is|today is|today's|i'm on|im on|i am on|now on|now)\s+day\s+\d{1,2})\b", re.I)


def _clause_bounds(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end], within its sentence s0..s1."""
    c0 = max((m.end() for m in _CLAUSE_BREAK.finditer(text, s0, start)), default=s0)
    nxt = _CLAUSE_BREAK.search(text, end, s1)
    return c0, (nxt.start() if nxt else s1)


def _treatments(doc, text, drugs, times, quantities, b: _Builder, kb) -> dict[str, dict]:
    out: dict[str, dict] = {}
    order: list[str] = []
    for span, drug_id, ctx in drugs:
        drug = kb.drugs.get(drug_id)
        red = False
        value = drug_id if ctx in {"present", "historical", "uncertain"} else None
        b.note("treatments", drug_id if value else (False if ctx == "negated" else None), ctx, _span_tuple(span), red,
               drug_id, drug.sources if drug else [])
        if value is None:
            continue
        t = out.setdefault(drug_id, {"drug": drug.name if drug else drug_id})
        if drug_id not in order:
            order.append(drug_id)
        s0, s1 = _sent_bounds(doc, span.start_char)
        sentence = text[s0:s1]
        if _STOP_CUES.search(sentence) or ctx == "historical" and re.search(r"\bused to\b", sentence, re.I):
            t["ongoing"] = False
        elif ctx == "present" and re.match(r"^\W*(?:(?:and|plus|\w+)\W+){0,3}?(every|each|weekly|monthly|fortnightly|daily|od|bd|tds|qds|once daily|twice daily|three[- ]weekly|3[- ]weekly|injections? (?:every|monthly|each)|infusions? (?:every|monthly|each)|jabs? (?:every|monthly|each)|since)\b", text[span.end_char:span.end_char + 40], re.I):
            t.setdefault("ongoing", True)
        elif ctx == "present" and re.search(r"\b(on|taking|take|having|still on|currently on|been on|started on)\s+(?:(?:my|the|weekly|daily|regular)\s+){0,2}$", text[max(s0, span.start_char - 25):span.start_char], re.I):
            t.setdefault("ongoing", True)
        # steroid dose in the same sentence
        if drug and "corticosteroid" in kb.drug_class_closure(drug_id):
            for _sp, q, qctx in quantities:
                if q.kind == "dose_mg_per_day" and s0 <= q.start < s1:
                    t["dose_mg_per_day"] = q.value
                    b.note("treatments.dose_mg_per_day", q.value, "present", (q.text, q.start, q.end), False, drug_id)
        if drug_id == "radiotherapy":
            for f in b.findings:
                if f.finding == "pain.sites" and s0 <= f.start < s1 and f.start > span.start_char and f.value in _RT_SITES \
                        and re.search(r"\b(to|on|at|over)\s+(my|her|his|the)?\s*$", text[span.end_char:f.start], re.I):
                    t["site"] = f.value
                    f.finding = "treatments.site"
                    others = [g for g in b.findings if g.finding == "pain.sites" and g.value == f.value and g is not f
                              and g.context in {"present", "uncertain"}]
                    if not others and isinstance(b.fields.get("pain.sites"), list) and f.value in b.fields["pain.sites"]:
                        b.fields["pain.sites"].remove(f.value)
                        if not b.fields["pain.sites"]:
                            del b.fields["pain.sites"]
                            b.present.discard("pain.sites")
                    break
    # dates: each time expression goes to the nearest drug in its sentence, unless a pain word is nearer
    drug_spans = [(span, did) for span, did, ctx in drugs if did in out]
    for tx in times:
        if tx.kind == "after":
            nxt = [(sp.start_char, sp, did) for sp, did in drug_spans if 0 <= sp.start_char - tx.end <= 20]
            before = text[max(0, tx.start - 40):tx.start]
            if nxt and not re.search(r"\b(start(?:ed|s)?|began|begun|came on|kicked in|come on)\b", before, re.I):
                _, sp, did = min(nxt, key=lambda c: c[0])
                # "injection on the 7th, the day after my chemo": counted back from that date, not from today
                said = [t for t in times if t.date is not None and t.end <= tx.start and re.fullmatch(r"[\s,(–-]*", text[t.end:tx.start])]
                d = (said[-1].date if said else b.ref_date) - timedelta(days=tx.days or 0)
                if not out[did].get("last_dose"):
                    out[did]["last_dose"] = d
                    b.note("treatments.last_dose", d, "present", (tx.text, tx.start, tx.end), False, did)
            continue
        s0, s1 = _sent_bounds(doc, tx.start)
        c0, c1 = _clause_bounds(text, s0, s1, tx.start, tx.end)
        # "on paclitaxel weekly, had it on Wednesday": the pronoun carries the drug across the clause
        anaphor = _DOSE_ANAPHOR.search(text, c0, c1) is not None

        def gap(a0, a1, tx=tx, drug=False):
            # characters apart, and a clause apart counts as far: "Neulasta jab yesterday, back aches"
            between = text[a1:tx.start] if a1 <= tx.start else text[tx.end:a0]
            # "paclitaxel (after 4 cycles of EC) and had dose 1 on Tuesday": EC is an aside in brackets
            aside = drug and a1 <= tx.start and ")" in between and _in_brackets_after_words(text, a0)
            if drug and a1 <= tx.start and between.lstrip().startswith(")"):
                between = between.lstrip()[1:]  # "chemo (docetaxel) 2 days ago": the name's own brackets
            bridged = drug and anaphor and a1 <= c0
            far = _CLAUSE_APART if _CLAUSE_BREAK.search(between) and not bridged else 0
            if drug and a1 <= tx.start and _OWN_START.fullmatch(between):
                far = 0  # "filgrastim injections, started 3 days ago": the start is the drug's
            if drug and a1 <= tx.start and (own := _DRUG_NOUN.match(between)):
                a1 += own.end()  # "pegfilgrastim injection 9 days ago": the drug's own noun is part of it
            elif drug and a0 >= tx.end and _EVENT_AFTER.match(between):
                far += _CLAUSE_APART  # "injection 9 days ago after chemo": the chemo is its reference point
            if aside:
                far += _CLAUSE_APART
            return max(0, tx.start - a1, a0 - tx.end) + far

        cands = [(gap(sp.start_char, sp.end_char, drug=True), sp, did) for sp, did in drug_spans if s0 <= sp.start_char < s1]
        if not cands and anaphor:  # "... pegfilgrastim injections after each chemo. Had one yesterday."
            before = [(sp, did) for sp, did in drug_spans if 0 <= s0 - sp.end_char <= _CLAUSE_APART * 2]
            if before:  # the sentence's first drug is its object; later ones are usually asides ("after each chemo")
                p0, _ = _sent_bounds(doc, max(sp.start_char for sp, _ in before))
                sp, did = min(((sp, did) for sp, did in before if sp.start_char >= p0), key=lambda c: c[0].start_char)
                cands = [(0, sp, did)]
        if not cands:
            continue
        dist, sp, did = min(cands, key=lambda c: c[0])
        if tx.kind == "cycle_day" and not (tx.start <= sp.start_char < tx.end + 25 or 0 <= tx.start - sp.end_char <= 25):
            continue
        own_start = sp.end_char <= tx.start and _OWN_START.fullmatch(text[sp.end_char:tx.start]) is not None
        pain_dist = min((gap(m.start() + s0, m.end() + s0) for m in _PAIN_WORDS.finditer(text[s0:s1])
                         if not (sp.start_char <= m.start() + s0 < sp.end_char)
                         and not (own_start and sp.end_char <= m.start() + s0 < tx.start)
                         and not (tx.start <= m.start() + s0 < tx.end)), default=10**9)  # "started Mon" is no pain word
        if pain_dist < dist and tx.kind != "cycle_day":
            continue
        if sp.start_char > tx.end and re.search(r"\b(start(?:ed|s)?|began|begun|came on|kicked off|been going on|going on)\b(?:\W+\w+){0,2}\W*$", text[s0:tx.start], re.I):
            continue
        if tx.kind == "point" and pain_dist < dist and re.search(r"\b(started|began|start|came on|since)\b", text[s0:s1], re.I) and not _START_CUES.search(text[s0:sp.start_char]):
            continue
        mid = text[sp.end_char:tx.start] if tx.start >= sp.end_char else text[tx.end:sp.start_char]
        if _OTHER_EVENT.search(mid):
            continue  # "operation in January and I start Femara": the date is the operation's
        t = out[did]
        d = tx.date
        if d is None:
            continue
        lead_from = sp.start_char
        if text[s0:sp.start_char].rstrip().endswith("("):  # "started hormone tablets (letrozole)"
            lead_from = text.rindex("(", s0, sp.start_char)
            outer = [o.start_char for o, _ in drug_spans if 0 <= lead_from - o.end_char <= 2]
            lead_from = min(outer, default=lead_from)  # the lead is the words before the generic name
        lead = _CLAUSE_BREAK.split(text[max(s0, lead_from - 22):lead_from])[-1]  # this clause only
        started = (_START_CUES.search(lead) and not re.search(r"\b(pain|hurt\w*|ache|aching|sore|it|back)\s+(start|began|begun)", lead, re.I)) \
            or _START_CUES.search(mid) or _START_CUES.search(tx.text) \
            or (sp.end_char <= tx.start and re.search(r"\bsince\b", mid, re.I))  # "on dex since ... 3 months ago"
        if tx.kind == "since" or started:
            if t.get("start") is None or d < t["start"]:
                t["start"] = d
            if tx.kind == "since":
                t.setdefault("ongoing", True)
            field = "treatments.start"
        else:
            if t.get("last_dose") is None or d > t["last_dose"]:
                t["last_dose"] = d
            field = "treatments.last_dose"
        b.note(field, d, "present", (tx.text, tx.start, tx.end), False, did)
    # "chemo (docetaxel)", "hormone tablets (letrozole)": a generic mention is redundant beside a
    # named drug of its class, and its dates belong to that drug when it has none
    for generic in [g for g in out if g.endswith("_unspecified") and g in kb.drugs]:
        classes = set(kb.drugs[generic].classes)
        named = [did for did in out if did != generic and did in kb.drugs and classes <= kb.drug_class_closure(did)]
        if not named:
            continue
        said = out.pop(generic)
        for k in ("start", "last_dose", "ongoing", "dose_mg_per_day"):
            if said.get(k) is not None and out[named[0]].get(k) is None:
                out[named[0]][k] = said[k]
        order = [d for d in order if d != generic]
    # "nab-paclitaxel + gemcitabine D1 Mon 10/8": drugs given together share the date said of the pair
    spans = sorted(((sp, did) for sp, did in drug_spans if did in out), key=lambda c: c[0].start_char)
    for (a, a_id), (b, b_id) in zip(spans, spans[1:]):
        if a_id != b_id and _GIVEN_TOGETHER.match(text[a.end_char:b.start_char]):
            for k in ("last_dose", "start"):
                if out[b_id].get(k) and not out[a_id].get(k):
                    out[a_id][k] = out[b_id][k]
    for t in out.values():
        if t.get("start") and t.get("last_dose") and t["last_dose"] < t["start"]:
            t["start"], t["last_dose"] = t["last_dose"], t["start"]
    return {k: out[k] for k in order}


def _pain_onset(doc, text, times, drugs, treatments, b: _Builder) -> date | None:
    best: date | None = None
    drug_dates = [(sp, treatments[did].get("last_dose")) for sp, did, _c in drugs if did in treatments]
    drug_dated = {f.start for f in b.findings if f.finding in {"treatments.start", "treatments.last_dose"}}
    for sp, did, _c in drugs:
        if did in treatments and re.search(r"\b(?:pain|hurt\w*|ache|aches|aching|achy|sore)\b[^.!?\n]{0,40}\bsince\s+(?:my|the|her|his|last|starting|starting my)?\s*$",
                                          text[max(0, sp.start_char - 60):sp.start_char], re.I):
            d = treatments[did].get("last_dose") or treatments[did].get("start")
            if d:
                b.note("pain.onset_date", d, "present", (sp.text, sp.start_char, sp.end_char))
                best = d if best is None or d < best else best
    for tx in times:
        s0, s1 = _sent_bounds(doc, tx.start)
        sentence = text[s0:s1]
        if not _PAIN_WORDS.search(sentence) or tx.start in drug_dated:
            continue
        if tx.kind in {"since", "point"} and _dates_another_symptom(tx, text, s0, s1, b):
            continue
        d = None
        if tx.kind == "after":
            # "2 days after my infusion": the event is the next drug mention (or the only dated one)
            after = [(sp.start_char, dd) for sp, dd in drug_dates if sp.start_char >= tx.end and dd]
            if after:
                d = min(after)[1] + timedelta(days=tx.days or 0)
            elif len({dd for _sp, dd in drug_dates if dd}) == 1:
                d = next(dd for _sp, dd in drug_dates if dd) + timedelta(days=tx.days or 0)
        elif tx.kind == "since":
            near_drug = any(s0 <= sp.start_char < s1 and 0 <= tx.start - sp.end_char <= 15 for sp, _dd in drug_dates)
            if near_drug and not re.search(r"\b(pain|hurt|ache|sore|agony|killing)\w*\b", text[max(s0, tx.start - 40):tx.start], re.I):
                continue
            d = tx.date
        elif tx.kind == "point":
            near = text[max(s0, tx.start - 50):min(s1, tx.end + 30)]
            if re.search(r"\b(started|start|began|begun|came on|come on|kicked in|woke up with|since|from the|hurt my|pulled|twisted|did my back|suddenly|sudden|bent|bending|lifting|lifted|sneezed|coughed|crack|cracked)\b", near, re.I):
                # not when the cue belongs to a drug ("started letrozole 3 months ago")
                if any(s0 <= sp.start_char < s1 and abs(sp.start_char - tx.start) < 25 for sp, _dd in drug_dates) and not re.search(r"\b(pain|hurt|ache|sore|back)\w*\b", near, re.I):
                    continue
                if any(f.finding in {"treatments.start", "treatments.last_dose"} and f.start == tx.start for f in b.findings):
                    # a date already given to a drug is the pain's date only when the pain is named right before it
                    if not re.search(r"\b(pain|hurt|hurting|ache|aching|sore|agony|back|started|began)\w*\W+(\w+\W+){0,2}$", text[max(s0, tx.start - 40):tx.start], re.I):
                        continue
                d = tx.date
        if d and d <= b.ref_date:
            b.note("pain.onset_date", d, "present", (tx.text, tx.start, tx.end))
            if best is None or d < best:
                best = d
    return best


def _in_brackets_after_words(text: str, at: int) -> bool:
    """``at`` sits inside an open bracket that has words before it: "(after 4 cycles of EC"."""
    opened = text.rfind("(", 0, at)
    return opened > text.rfind(")", 0, at) and bool(text[opened + 1:at].strip())


def _worst_in_last_day(scores: list[tuple[int, int, int]], times, doc, text: str, today) -> int:
    """The report's NRS is the worst in the last 24 h: a score said of an earlier day ("Sunday it
    was 4, today 2") gives way to the recent ones; with no recent score the worst said stands."""
    def old(start: int, end: int) -> bool:
        if _EARLIER_SCORE.match(text, end) or _EARLIER_SCORE_BEFORE.search(text, max(0, start - 20), start):
            return True  # "4/10 initially, now 2/10"
        # the time said nearest the score in its clause ("2/10 today vs 4/10 Sat") dates it
        s0, s1 = _sent_bounds(doc, start)
        c0, c1 = _clause_bounds(text, s0, s1, start, end)
        dated = [t for t in times if c0 <= t.start < c1 and t.date is not None]
        near = min(dated, key=lambda t: start - t.end if t.end <= start else t.start - end, default=None)
        return near is not None and near.kind == "point" and (today - near.date).days > 1
    recent = [v for v, start, end in scores if not old(start, end)]
    return max(recent or [v for v, _s, _e in scores])


def _negated_where_context_cannot_see(entry, span, text: str) -> bool:
    """Negations ConText misses: inside the matched words, or earlier in a negated pair."""
    start = span.start_char
    if span.text[:5].lower() == "worse" and _NOT_WORSE.search(text, max(0, start - 25), start):
        return True  # "no worse when I cough": "no worse" is pseudo-negation for the course, not here
    if entry.finding == "pain.worse_on_straining" and _INNER_NOT.search(span.text):
        return True  # "coughing doesn't hurt it"
    if entry.value is False:
        return False
    # "his legs aren't weak or numb" (the second of a negated pair); "legs aren't weak" (inside the words)
    return bool(_NEGATED_LIST.search(text, max(0, start - 30), start) or _SUBJECT_NOT.search(span.text))


def _not_this_finding(entry, span, text: str) -> bool:
    """Words that match an entry but say something else next to what surrounds them."""
    if entry.id == "stable" and _AGGRAVATION_AFTER.match(text, span.end_char):
        return True  # "not worse on cough" says nothing about the course
    if entry.id == "improving" and _EXPECTED_BEFORE.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "I thought they would start getting better": hoped for, not happening
    if entry.finding == "pain.obvious_trigger" and _SIMILE_BEFORE.search(text, max(0, span.start_char - 25), span.start_char):
        return True  # "aching like I've done a big workout": a comparison, not what happened
    if entry.value is False and _ONLY_WHILE_AFTER.match(text, span.end_char):
        return True  # "my back is fine while I'm lying down" says when it hurts, not that it doesn't
    if entry.finding == "neurology.gait_difficulty" and _CLOTHES_BEFORE.search(text, max(0, span.start_char - 25), span.start_char):
        return True  # "my trousers are falling down": weight loss, not a fall
    if entry.id == "vomiting" and _ONCE_AFTER.match(text, span.end_char):
        return True  # "been sick once": CTCAE grade 1 (1-2 episodes), not an amber domain
    # "doesn't stop me doing things" is about function, not pain that never stops
    return entry.finding == "pain.unrelieved_by_rest" and bool(_PRONOUN_AFTER.match(text, span.end_char))


def _dates_another_symptom(tx, text: str, s0: int, s1: int, b: _Builder) -> bool:
    """True when the symptom a date belongs to is not the pain ("can't pee since last night,
    back pain"; "Since Friday my leg has felt numb").

    The symptom is the one named nearest before the date in its clause, else the first after it.
    A wrong onset date moves the drug windows (TAPS, G-CSF), so a date that is not the pain's is
    left out and the onset stays unknown, to be asked.
    """
    c0, c1 = _clause_bounds(text, s0, s1, tx.start, tx.end)
    symptoms = [f for f in b.findings
                if f.context in {"present", "uncertain"} and f.finding.split(".")[0] in {"pain", "neurology", "systemic"}
                and f.finding != "pain.onset_date" and c0 <= f.start and f.end <= c1]
    before = [f for f in symptoms if f.end <= tx.start]
    after = [f for f in symptoms if f.start >= tx.end]
    owner = max(before, key=lambda f: f.end) if before else min(after, key=lambda f: f.start) if after else None
    return owner is not None and not owner.finding.startswith("pain.")


def _cancers(cancers, text, b: _Builder) -> list[dict] | None:
    out: dict[str, dict] = {}
    negated = False
    for span, cid, ctx in cancers:
        b.note("cancers", cid if ctx in {"present", "historical", "uncertain"} else (False if ctx == "negated" else None),
               ctx, _span_tuple(span), False, cid)
        if ctx in {"present", "historical", "uncertain"}:
            c = out.setdefault(cid, {"type": cid})
            window = text[max(0, span.start_char - 60):span.end_char + 60]
            if _REMISSION.search(window):
                c["status"] = "remission"
            elif _ACTIVE.search(window):
                c.setdefault("status", "active")
        elif ctx == "negated":
            negated = True
    # a specific cancer makes a generic "cancer" mention redundant
    if len(out) > 1 and "other" in out:
        out.pop("other")
    if out:
        return list(out.values())
    return [] if negated else None


_ENGLISH = frozenset("""i me my you your he she her his it its we they the a an and or but not no is are was were be been
have has had do does did can can't cant could would will to of in on at for with from this that so very
back pain hurts legs leg feel feeling since day days week weeks today yesterday night any just really""".split())


def _notes(text: str, findings) -> list[str]:
    notes = []
    if not text.strip():
        return ["The text is empty: nothing to read. Describe the symptoms in a few words."]
    if not any(f.finding != "history.sex" for f in findings):
        letters = [ch for ch in text if ch.isalpha()]
        non_latin = sum(1 for ch in letters if not ("a" <= ch.lower() <= "z"))
        words = re.findall(r"[a-z']+", text.lower())
        english = sum(w in _ENGLISH for w in words)
        if letters and (non_latin / len(letters) > 0.3 or (len(words) >= 4 and english / len(words) < 0.15)):
            notes.append("No findings recognised. The text does not look like English, and the intake reads English "
                         "only: please ask the questions in the interview or use an interpreter.")
        elif not letters:
            notes.append("No findings recognised: the text has no words in it (only symbols, numbers or emoji).")
        else:
            notes.append("No clinical findings recognised in this text. Nothing is assumed: every question still needs an answer.")
    return notes


def _set_path(d: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    for p in parts[:-1]:
        d = d.setdefault(p, {})
    d[parts[-1]] = value


def _to_report(b: _Builder, treatments: dict[str, dict], cancers, ref: datetime, kb) -> Report:
    data: dict[str, Any] = {"reported_at": ref}
    for path in sorted(b.present | b.negated | set(b.fields)):
        if path in b.fields:
            _set_path(data, path, b.fields[path])
        elif path in b.negated and path not in b.present and path not in LIST_FIELDS and path not in RANKED:
            if path in {"systemic.temperature_c", "systemic.weight_loss_kg"}:
                continue
            _set_path(data, path, False)
    if "metastases" in b.negated and "metastases" not in b.present:
        data["metastases"] = []
    if treatments:
        data["treatments"] = list(treatments.values())
        classes = set()
        for did in treatments:
            if did in kb.drugs:
                classes |= kb.drug_class_closure(did)
        if "ppi" in classes:
            data.setdefault("history", {})["on_ppi"] = True
        if "laxative" in classes:
            data.setdefault("history", {})["on_laxative"] = True
    if cancers is not None:
        data["cancers"] = cancers
    try:
        return Report.model_validate(data)
    except ValidationError as err:
        # a value out of range (a typo in the text) is dropped, never the whole report
        bad = {".".join(str(x) for x in e["loc"]) for e in err.errors(include_url=False)}
        for loc in bad:
            parts = loc.split(".")
            d = data
            for p in parts[:-1]:
                d = d.get(p, {}) if isinstance(d, dict) else (d[int(p)] if isinstance(d, list) and p.isdigit() and int(p) < len(d) else {})
            if isinstance(d, dict):
                d.pop(parts[-1], None)
            elif isinstance(d, list) and parts[-1].isdigit() and int(parts[-1]) < len(d):
                d.pop(int(parts[-1]))
        try:
            return Report.model_validate(data)
        except ValidationError:
            return Report(reported_at=ref)
