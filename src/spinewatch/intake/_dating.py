"""Dates: which drug a date belongs to (start or last dose), when the pain began, and which pain
score is today's.

A wrong date moves the drug windows (TAPS 1-4 days after a taxane, G-CSF 0-5 days after the
injection), so a date is given to a drug or to the pain only when the words tie it there;
otherwise it is left out and asked.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ._builder import Builder, span_tuple
from ._clauses import CLAUSE_APART, CLAUSE_BREAK, clause_bounds, sent_bounds

_START_CUES = re.compile(r"\b(start(?:ed|ing)?|began|begun|commenced|first (?:dose|cycle|injection|infusion)|initiated|been on|on it since)\b", re.I)
_STOP_CUES = re.compile(r"\b(finish(?:ed)?|stopp?(?:ed)?|completed?|ended|came off|come off|last ever|final|no longer|used to)\b", re.I)
_PAIN_WORDS = re.compile(r"\b(pain|pains|painful|back|backache|hurt|hurts|hurting|ache|aches|aching|sore|agony|killing|spine|neck|started|began|symptoms?|numb|weak|tingl\w*)\b", re.I)
_RT_SITES = {"cervical", "thoracic", "lumbar", "sacral", "pelvis", "hip"}
_GIVEN_TOGETHER = re.compile(r"^\s*(?:\+|&|/|and|with|plus)\s*$", re.I)
_OTHER_EVENT = re.compile(r"\b(?:operation|surgery|op|diagnosed|diagnosis|scan|biopsy|mastectomy|lumpectomy|transplant|admission|appointment)\b", re.I)
_EARLIER = (r"(?:initially|at first|at the start|originally|to begin with|to start with|the first day|on the first day|on day one|at the beginning"
            r"|that (?:first )?(?:evening|night|morning|afternoon|day))")
_EARLIER_SCORE = re.compile(r"\s*" + _EARLIER + r"\b", re.I)
_EARLIER_SCORE_BEFORE = re.compile(r"\b" + _EARLIER + r"[\s,]+(?:it\s+was\s+|was\s+|about\s+|around\s+|maybe\s+)?$", re.I)
_FORM = r"injections?|jabs?|infusions?|tablets?|pills?|shots?|course"  # the words a drug is given as
_OWN_START = re.compile(r"(?:\s*(?:" + _FORM + r"))?\s*,?\s*(?:started|begun|began|given|which started|that started)\s*", re.I)
_DRUG_NOUN = re.compile(r"\s*(?:" + _FORM + r"|dose|drip)\b", re.I)
_EVENT_AFTER = re.compile(r"\W*(?:after|following|before)\s+(?:my|the|her|his|each|every|a|\w+\s+of)?\s*", re.I)
# "chemo EC on Monday and on Tuesday the nurse gave me the Neulasta": a date after "and" opens a new clause
_AND_NEW_DATE = re.compile(r"\band\s+(?:then\s+)?(?:on|last|this|yesterday|today|the next day|next day)\b[^,;:()]*$", re.I)
# a dose named without its drug: "had it Tuesday", "last one on Friday", "got them yesterday"
_NTH = r"first|second|third|fourth|fifth|sixth|seventh|\d{1,2}(?:st|nd|rd|th)"  # a dose counted
_DOSE_ANAPHOR = re.compile(r"\b(?:(?:had|got|took|given|received|having)\s+(?:it|them|one|my last(?: one| dose)?|the last(?: one| dose)?)"
                           r"|(?<!\bas )(?<!\blike )(?<!\bthan )last\s+(?:one|dose|cycle|infusion|injection|jab|session|treatment)"  # not "as last cycle"
                           r"|(?:had|got|given|received)\s+(?:dose|cycle|infusion|injection|jab|session)\s+(?:\d{1,2}|one|two|three|four|five|six)"
                           r"|(?:dose|cycle|infusion|injection|jab|session)\s+(?:\d{1,2}|one|two|three|four|five|six)\s+(?:was|went in|is|were)"
                           r"|(?:it's|its|it is|today is|today's|i'm on|im on|i am on|now on|now)\s+day\s+\d{1,2}"
                           # "the fourth one was this morning", "the day 8 dose was on Tuesday"
                           r"|the\s+(?:" + _NTH + r"|day\s+\d{1,2})\s+"
                           r"(?:one|dose|injection|jab|shot|infusion)\s+(?:was|went in|is)"
                           r"|(?:today|today's|todays)\s+(?:was|is)\s+(?:my|the|her|his)\s+(?:" + _NTH + r"))\b", re.I)


_DAILY_BEFORE = re.compile(r"\A(?!.*\b(?:had|took|was|were|did|got|used to|finished|completed)\b).*\b(?:daily|everyday|every day)\s+\Z", re.I)
# A new phase of treatment opens here: "finished FEC, started docetaxel", "... but still on letrozole".
_NEW_PHASE = re.compile(r"\b(?:but|however|although|though|whereas|while|still|now|currently|started|starting|"
                        r"began|begun|commenced|switched|changed|moved|then)\b|;", re.I)


def _stopped(text: str, s0: int, s1: int, span, mentions: list[tuple[int, int]]) -> bool:
    """Whether a stop word in the sentence is about this drug, not another one named beside it.

    A stop word before the drug reaches it unless a new phase opens between them ("finished the
    radiotherapy and is still on dexamethasone"); one after it reaches back over no other drug
    ("letrozole every day, finished chemo in May" stops only the chemo).
    """
    for cue in _STOP_CUES.finditer(text, s0, s1):
        if cue.end() <= span.start_char:
            if not _NEW_PHASE.search(text, cue.end(), span.start_char):
                return True
        elif cue.start() >= span.end_char:
            between = (span.end_char, cue.start())
            if not any(between[0] <= m0 and m1 <= between[1] for m0, m1 in mentions) \
                    and not re.search(r"\b(?:but|however|although|whereas)\b|;", text[between[0]:between[1]], re.I) \
                    and not _has_own_object(text, cue.end(), s1, mentions):
                return True
    return False


def _has_own_object(text: str, start: int, s1: int, mentions: list[tuple[int, int]]) -> bool:
    """A drug named after the stop word in its clause is what stopped ("..., finished chemo in May")."""
    nxt = CLAUSE_BREAK.search(text, start, s1)
    end = nxt.start() if nxt else s1
    return any(start <= m0 < end for m0, _ in mentions)


def treatments_from(doc, text, drugs, times, quantities, b: Builder, kb) -> dict[str, dict]:
    out: dict[str, dict] = {}
    order: list[str] = []
    mentions = [(span.start_char, span.end_char) for span, _, _ in drugs]
    for span, drug_id, ctx in drugs:
        drug = kb.drugs.get(drug_id)
        red = False
        value = drug_id if ctx in {"present", "historical", "uncertain"} else None
        b.note("treatments", drug_id if value else (False if ctx == "negated" else None), ctx, span_tuple(span), red,
               drug_id, drug.sources if drug else [])
        if value is None:
            continue
        t = out.setdefault(drug_id, {"drug": drug.name if drug else drug_id})
        if drug_id not in order:
            order.append(drug_id)
        s0, s1 = sent_bounds(doc, span.start_char)
        if _stopped(text, s0, s1, span, mentions):
            t["ongoing"] = False
        elif ctx == "present" and re.match(r"^\W*(?:(?:and|plus|\w+)\W+){0,3}?(every|each|weekly|monthly|fortnightly|daily|od|bd|tds|qds|once daily|twice daily|three[- ]weekly|3[- ]weekly|injections? (?:every|monthly|each)|infusions? (?:every|monthly|each)|jabs? (?:every|monthly|each)|since)\b", text[span.end_char:span.end_char + 40], re.I):
            t.setdefault("ongoing", True)
        elif ctx == "present" and re.search(r"\b(on|taking|take|having|still on|currently on|been on|started on|doing|getting|giving myself|giving him|giving her)\s+(?:(?:my|the|weekly|daily|regular)\s+){0,2}$", text[max(s0, span.start_char - 25):span.start_char], re.I):
            t.setdefault("ongoing", True)
        elif ctx == "present" and drug and drug.daily and _DAILY_BEFORE.search(text[max(s0, span.start_char - 30):span.start_char]):
            t.setdefault("ongoing", True)  # "... and daily filgrastim injections; today is the third"
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
        s0, s1 = sent_bounds(doc, tx.start)
        c0, c1 = clause_bounds(text, s0, s1, tx.start, tx.end)
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
            far = CLAUSE_APART if CLAUSE_BREAK.search(between) and not bridged else 0
            if drug and a1 <= tx.start and _OWN_START.fullmatch(between):
                far = 0  # "filgrastim injections, started 3 days ago": the start is the drug's
            if drug and a1 <= tx.start and (own := _DRUG_NOUN.match(between)):
                a1 += own.end()  # "pegfilgrastim injection 9 days ago": the drug's own noun is part of it
            elif drug and a0 >= tx.end and _EVENT_AFTER.match(between):
                far += CLAUSE_APART  # "injection 9 days ago after chemo": the chemo is its reference point
            if aside:
                far += CLAUSE_APART
            if drug and a1 <= tx.start and _AND_NEW_DATE.search(text, a1, tx.end):
                far += CLAUSE_APART
            return max(0, tx.start - a1, a0 - tx.end) + far

        cands = [(gap(sp.start_char, sp.end_char, drug=True), sp, did) for sp, did in drug_spans if s0 <= sp.start_char < s1]
        if not cands and anaphor:  # "... pegfilgrastim injections after each chemo. Had one yesterday."
            before = [(sp, did) for sp, did in drug_spans if 0 <= s0 - sp.end_char <= CLAUSE_APART * 2]
            if before:  # the sentence's first drug is its object; later ones are usually asides ("after each chemo")
                p0, _ = sent_bounds(doc, max(sp.start_char for sp, _ in before))
                sp, did = min(((sp, did) for sp, did in before if sp.start_char >= p0), key=lambda c: c[0].start_char)
                cands = [(0, sp, did)]
        if not cands:
            continue
        dist, sp, did = min(cands, key=lambda c: c[0])
        daily = did in kb.drugs and kb.drugs[did].daily and out[did].get("ongoing") is True
        if tx.kind == "cycle_day" and not (tx.start <= sp.start_char < tx.end + 25 or 0 <= tx.start - sp.end_char <= 25
                                           or (daily and anaphor)):
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
        lead = CLAUSE_BREAK.split(text[max(s0, lead_from - 22):lead_from])[-1]  # this clause only
        started = (_START_CUES.search(lead) and not re.search(r"\b(pain|hurt\w*|ache|aching|sore|it|back)\s+(start|began|begun)", lead, re.I)) \
            or _START_CUES.search(mid) or _START_CUES.search(tx.text) \
            or (sp.end_char <= tx.start and re.search(r"\bsince\b", mid, re.I)) \
            or (tx.kind == "cycle_day" and daily)  # "daily Zarzio injections, today is day 4": day 1 was the first
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
            for k in ("last_dose", "start"):  # either way: "gemcitabine and Abraxane; the day 8 dose was Tuesday"
                if out[b_id].get(k) and not out[a_id].get(k):
                    out[a_id][k] = out[b_id][k]
                elif out[a_id].get(k) and not out[b_id].get(k):
                    out[b_id][k] = out[a_id][k]
    for t in out.values():
        if t.get("start") and t.get("last_dose") and t["last_dose"] < t["start"]:
            t["start"], t["last_dose"] = t["last_dose"], t["start"]
    return {k: out[k] for k in order}


def pain_onset(doc, text, times, drugs, treatments, b: Builder) -> date | None:
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
        s0, s1 = sent_bounds(doc, tx.start)
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


def worst_in_last_day(scores: list[tuple[int, int, int]], times, doc, text: str, today) -> int:
    """The report's NRS is the worst in the last 24 h: a score said of an earlier day ("Sunday it
    was 4, today 2") gives way to the recent ones; with no recent score the worst said stands."""
    def old(start: int, end: int) -> bool:
        if _EARLIER_SCORE.match(text, end) or _EARLIER_SCORE_BEFORE.search(text, max(0, start - 20), start):
            return True  # "4/10 initially, now 2/10"
        # the time said nearest the score in its clause ("2/10 today vs 4/10 Sat") dates it
        s0, s1 = sent_bounds(doc, start)
        c0, c1 = clause_bounds(text, s0, s1, start, end)
        dated = [t for t in times if c0 <= t.start < c1 and t.date is not None]
        near = min(dated, key=lambda t: start - t.end if t.end <= start else t.start - end, default=None)
        return near is not None and near.kind == "point" and (today - near.date).days > 1
    recent = [v for v, start, end in scores if not old(start, end)]
    return max(recent or [v for v, _s, _e in scores])


def _dates_another_symptom(tx, text: str, s0: int, s1: int, b: Builder) -> bool:
    """True when the symptom a date belongs to is not the pain ("can't pee since last night,
    back pain"; "Since Friday my leg has felt numb"; "the numb patch charted since 2014", long-standing).

    The symptom is the one named nearest before the date in its clause, else the first after it.
    A wrong onset date moves the drug windows (TAPS, G-CSF), so a date that is not the pain's is
    left out and the onset stays unknown, to be asked.
    """
    c0, c1 = clause_bounds(text, s0, s1, tx.start, tx.end)
    symptoms = [f for f in b.findings
                if f.context in {"present", "uncertain", "historical"} and f.finding.split(".")[0] in {"pain", "neurology", "systemic"}
                and f.finding != "pain.onset_date" and c0 <= f.start and f.end <= c1]
    before = [f for f in symptoms if f.end <= tx.start]
    after = [f for f in symptoms if f.start >= tx.end]
    owner = max(before, key=lambda f: f.end) if before else min(after, key=lambda f: f.start) if after else None
    return owner is not None and not owner.finding.startswith("pain.")
