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
from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError

from ..report import Report
from ._builder import RED_FLAG_FIELDS, Builder, span_tuple
from ._clauses import clause_bounds, sent_bounds
from ._context import (ASKS_WHETHER_TO, BASELINE_BEFORE, LONGSTANDING_FINDINGS, answer_hypotheticals,
                       is_carer_message, mod_text, negated_where_context_cannot_see, negation_belongs_to_an_earlier_clause,
                       longstanding_unchanged, not_this_finding, span_context)
from ._dating import pain_onset, treatments_from, worst_in_last_day
from ._model import Extraction, IntakeError
from ._to_report import cancers_from, merge_report, notes_for, to_report
from ._sections import history_spans, in_history
from ._spoken_names import name_index, spoken_drug_spans
from ._transcript import question_turns, turn_at

MAX_CHARS = 100_000

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "\u2013": "-",
                         "\u2014": "-", "\u00a0": " "})


_SCAN_AFTER = re.compile(r"\s*(?:scan|scans|scanning|bone density|t-?scores?)\b", re.I)
_READING_AFTER = re.compile(r"\s*(?:all|were|was|is|are|of|at|:|-|=)?\s*(?:all\s+)?(?:between\s+)?\d{2}(?:[.,]\d)?\b")
_PAIN_NAMED = re.compile(r"\b(?:pain|pains|painful|back|backache|hurt\w*|ache|aches|aching|achy|sore|agony|spine|neck)\b", re.I)
_DEXA = re.compile(r"(?:dexa|dxa)\s*:?\s*(?:\d{1,2}/\d{4}|t-?score)", re.I)  # "DEXA 11/2025: T-score -1.8"


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
        merge_report(data, d)
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
    notes = notes_for(text, findings)
    return Extraction(text=text, report=report, findings=findings, questions=questions, notes=notes,
                      question_findings=qfields)


def _assemble(doc, text: str, ref: datetime, kb, span_group: str, aux_group: str) -> Extraction:
    from .pipeline import build_pipeline  # noqa: F401  (import cycle guard)
    from .timex import find_times

    b = Builder(kb, ref)
    lex = _lexicon()
    carer = is_carer_message(doc)
    carer_subjects: set[str] = set()
    if carer:
        for span in doc.spans.get(span_group, []):
            for mod in getattr(span._, "modifiers", ()) or ():
                if mod.category == "FAMILY":
                    carer_subjects.add(mod_text(doc, mod))
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
    said = [(sp.start, sp.end, lex[sp.label_]) for sp in doc.spans.get(span_group, []) if sp.label_ in lex]
    asked = question_turns(text)  # a transcript: the interviewer's turns, each with its answer
    past = history_spans(text)  # a document's past-medical-history list
    answered = {t: {lex[sp.label_].finding for sp in doc.spans.get(span_group, [])
                    if sp.label_ in lex and t.answer_start <= sp.start_char < t.answer_end} for t in asked}
    for span in doc.spans.get(span_group, []):
        label = span.label_
        if not label.startswith(("DRUG:", "CANCER:", "QTY:")) and any(
                a <= span.start and span.end <= b and (b - a) > (span.end - span.start) for a, b in name_spans):
            continue
        if label in lex and _part_of_a_longer_phrase(span, lex[label], said):
            continue
        ctx = span_context(span, carer, carer_subjects)
        if label in lex:
            if not_this_finding(lex[label], span, text):
                continue
            if lex[label].id == "stable" and _about_a_longstanding_symptom(doc, span, text, b.ref_date.year):
                continue  # "my left hand has been weak since a stroke in 2018, no change": not the pain's course
            if ctx == "present" and negated_where_context_cannot_see(lex[label], span, text):
                ctx = "negated"
        if ctx == "present" and label in lex and in_history(past, span.start_char):
            ctx = "historical"  # listed under "PMH:": asked about, not today's finding
        if (turn := turn_at(asked, span.start_char)) is not None and not label.startswith("QTY:"):
            if label in lex and lex[label].finding in answered.get(turn, ()):
                continue  # the answer speaks of it itself: "Any numbness? - No numbness, bit weak maybe"
            ctx = turn.answer or "hypothetical"  # a question's words are asked, not reported
        if label.startswith("DRUG:"):
            if _SCAN_AFTER.match(text, span.end_char) or _DEXA.match(text, span.start_char):
                continue  # "a DEXA scan showed thin bones": the bone-density scan, not dexamethasone
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
        if entry.lasting and ctx == "historical":
            ctx = "present"  # "told me last spring it's gone to the bones": a metastasis found then is there now
        if entry.only_negated and ctx != "negated":
            continue
        red = entry.red_flag or entry.finding in RED_FLAG_FIELDS
        if entry.finding == "systemic.temperature_c":
            temps_word.append((span, ctx))
            b.note(entry.finding, (entry.value if ctx in {"present", "uncertain"} else None), ctx,
                   span_tuple(span), red, entry.id, entry.sources)
            if ctx not in {"present", "negated"}:
                questions.setdefault(entry.finding, (span.text, ctx))
            if span.text.lower() == "temps" and _READING_AFTER.match(text, span.end_char):
                continue  # "Temps 36.6, 36.8, 37.0": the word labels a log of readings, which decide
            for path, v in entry.also.items():
                b.set(path, v, ctx)  # "felt feverish": the fever is felt, whatever the reading
            continue
        value = entry.value
        if ctx == "present" and entry.finding in LONGSTANDING_FINDINGS and _longstanding(doc, span, text, b.ref_date.year):
            ctx = "historical"  # "doubly incontinent, that's been the case for over 2 years, no change": asked, not new
        if value is False:
            if ctx == "negated" and negation_belongs_to_an_earlier_clause(span):
                ctx = "present"  # "no numbness or weakness, bladder and bowels normal"
            if ctx in {"present", "uncertain"}:
                b.note(entry.finding, False, "negated", span_tuple(span), red, entry.id, entry.sources)
                b.set(entry.finding, True, "negated")
            continue
        shown = value if ctx in {"present", "uncertain"} else (False if ctx == "negated" and value is True else (value if ctx == "negated" else None))
        b.note(entry.finding, shown, ctx, span_tuple(span), red, entry.id, entry.sources)
        b.set(entry.finding, value, ctx)
        for path, v in entry.also.items():
            b.set(path, v, ctx)
        if red and ctx not in {"present", "negated"}:
            questions.setdefault(entry.finding, (span.text, ctx))
        if ctx == "hypothetical" and value is True:
            hypothetical.append((entry, span))
    answer_hypotheticals(text, hypothetical, b, questions)
    in_names = {t for sp, _d, _c in drugs for t in range(sp.start, sp.end)}
    for i, j, drug_id in spoken_drug_spans(doc, _drug_names(kb), in_names):
        drugs.append((doc[i:j], drug_id, "present"))  # "neu last a jab on sun": Neulasta said in pieces
    drugs.sort(key=lambda d: d[0].start)

    # standalone entries (concern): negated by a "not"/"n't"/"no" just before
    for span in doc.spans.get(aux_group, []):
        entry = lex.get(doc.vocab.strings[span.label] if isinstance(span.label, int) else span.label_)
        if entry is None:
            continue
        before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
        if entry.finding == "concern" and ASKS_WHETHER_TO.search(text, max(0, span.start_char - 30), span.start_char):
            continue  # "Should I be worried?" asks; it does not say so
        ctx = "negated" if any(t in {"not", "n't", "no", "never", "nt", "nothing"} for t in before) else "present"
        b.note(entry.finding, entry.value if ctx == "present" else False, ctx, span_tuple(span), False, entry.id, entry.sources)
        b.set(entry.finding, entry.value, ctx)

    _place_numbness(b, doc, text)
    _grade_without_numbness(b)

    # ---------------------------------------------------------------- quantities
    temps: list[float] = []
    nrs: list[tuple[int, int, int]] = []  # (score, start, end)
    labs: dict[str, float] = {}
    times = find_times(text, b.ref_date)
    for span, q, ctx in quantities:
        kind = q.kind
        qt = (q.text, q.start, q.end)
        if kind == "temperature_c":
            if BASELINE_BEFORE.search(text, max(0, q.start - 30), q.start):
                continue  # "she's normally about 36.1": her usual, not today's reading
            red = q.value >= 37.5 or q.value < 36.0
            if ctx == "negated" and not red:
                ctx = "present"  # "no temperature (36.9)": the denial is of fever; the normal reading stands
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
        b.fields["pain.nrs"] = worst_in_last_day(nrs, times, doc, text, b.ref_date)
    for k, v in labs.items():
        b.fields[f"labs.{k}"] = v

    # ---------------------------------------------------------------- times, drugs, cancers
    treatments = treatments_from(doc, text, drugs, times, quantities, b, kb)
    onset = pain_onset(doc, text, times, drugs, treatments, b)
    if onset:
        b.fields["pain.onset_date"] = onset
    cancer_list = cancers_from(cancers, text, b)

    report = to_report(b, treatments, cancer_list, ref, kb)
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
    notes = notes_for(text, b.findings)
    b.findings.sort(key=lambda f: (f.start, f.end))
    return Extraction(text=text, report=report, findings=b.findings, questions=qs, notes=notes, question_findings=qfields)


def _longstanding(doc, span, text: str, this_year: int) -> bool:
    """A symptom said, in its own sentence and clause, to be there for years and unchanged."""
    s0, s1 = sent_bounds(doc, span.start_char)
    c0, c1 = clause_bounds(text, s0, s1, span.start_char, span.end_char)
    return longstanding_unchanged(text[s0:s1], this_year, text[c0:c1])


def _about_a_longstanding_symptom(doc, span, text: str, this_year: int) -> bool:
    """The words sit in a sentence about a long-standing unchanged symptom that names no pain."""
    sentence = text[slice(*sent_bounds(doc, span.start_char))]
    return longstanding_unchanged(sentence, this_year) and not _PAIN_NAMED.search(sentence)


def _part_of_a_longer_phrase(span, entry, said) -> bool:
    """The longer phrase says more when it is of the same finding ("nothing sudden" over its
    "sudden"), a denial ("my lower back has been fine" names no pain site), or holds a course
    word of something else ("Neurology saw me, it's not changed since": the course of what it names)."""
    for a, e, longer in said:
        if a <= span.start and span.end <= e and (e - a) > (span.end - span.start):
            if longer.finding == entry.finding or longer.value is False or (
                    entry.finding == "pain.course" and not longer.finding.startswith("pain.")):  # "my back is much worse": the pain's own course
                return True
    return False


_HANDS = re.compile(r"\b(?:hands?|fingers?|fingertips?|finger tips|thumbs?|palms?)\b(?!\s+(?:are|is|feel|feels)?\s*(?:fine|ok|okay|normal|good|alright))", re.I)
_ELSEWHERE = re.compile(r"\b(?:legs?|thighs?|knees?|shins?|calf|calves|feet|foot|toes?|soles?|bum|bottom|buttocks?|backside|"
                        r"saddle|groin|privates|genitals|waist|chest|tummy|belly|stomach|trunk|ribs|body|arms?|face|down there)\b", re.I)


def _place_numbness(b: Builder, doc, text: str) -> None:
    """Numbness said with the hands as the only body part in its sentence ("fingers getting worse,
    tingly") is the glove pattern; a part anywhere else leaves it unplaced, which counts as a red flag."""
    if ("neurology.numbness" not in b.present or b.fields.get("neurology.numbness_pattern")
            or {"neurology.saddle_anaesthesia", "neurology.sensory_level"} & b.present):
        return
    said = [f for f in b.findings if f.finding == "neurology.numbness" and f.value is True and f.context in {"present", "uncertain"}]
    for f in said:
        s0, s1 = sent_bounds(doc, f.start)
        if not (_HANDS.search(text, s0, s1) and not _ELSEWHERE.search(text, s0, s1)):
            return
    if said:
        b.set("neurology.numbness_pattern", "glove_and_stocking", "present")


def _grade_without_numbness(b: Builder) -> None:
    """With numbness denied, a neuropathy-grade phrase says what the pain limits, not a neuropathy
    ("no numbness or tingling ... my husband had to help me get dressed")."""
    if "neurology.neuropathy_adl" in b.fields and "neurology.numbness" in b.negated and "neurology.numbness" not in b.present:
        b.set("adl_limit", b.fields.pop("neurology.neuropathy_adl"), "present")
        b.present.discard("neurology.neuropathy_adl")


def _drug_names(kb) -> dict[str, list[tuple[str, str]]]:
    """The knowledge base's drug names indexed for the spoken-name matcher, built once per version."""
    from .lexicon import DrugNameLexicon

    cached = _DRUG_NAMES.get(kb.version)
    if cached is None:
        cached = _DRUG_NAMES[kb.version] = name_index(DrugNameLexicon(kb).names())
    return cached


_DRUG_NAMES: dict[str, dict[str, list[tuple[str, str]]]] = {}


def _lexicon():
    from .lexicon import SymptomLexicon

    global _LEX
    try:
        return _LEX
    except NameError:
        _LEX = SymptomLexicon().entries
        return _LEX
