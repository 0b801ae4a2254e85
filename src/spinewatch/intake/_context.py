"""Which context a matched phrase is in (present, negated, historical, hypothetical, uncertain,
about someone else): ConText's verdict, then the readings ConText cannot see.

Each check is a phrase family found in real messages; the comment beside it shows one.
"""

from __future__ import annotations

import re

from ._builder import Builder
from ._clauses import CLAUSE_BREAK

CONTEXT_OF = {"FAMILY": "other_person", "HYPOTHETICAL": "hypothetical", "NEGATED_EXISTENCE": "negated",
              "HISTORICAL": "historical", "POSSIBLE_EXISTENCE": "uncertain"}
PRECEDENCE = ["other_person", "hypothetical", "negated", "historical", "uncertain"]

_NOT_WORSE = re.compile(r"\b(?:no|not|never|isn't|isnt|is not|doesn't get|doesnt get|does not get|don't get|dont get)\s+(?:any\s+)?$", re.I)
# "legs aren't weak": only a negated *state* word; "legs aren't working" / "won't hold me" are symptoms
_SUBJECT_NOT = re.compile(r"\b(?:legs?|arms?|hands?|knees?|feet|foot)\s+(?:(?:are|is|were|was|do|does|did|have|has|feel|feels)\s*)?(?:n't|not)"
                          r"\s+(?:\w+\s+)?(?:weak|weaker|heavy|heavier|numb|wobbly|tingly|tingling|jelly|floppy|useless|dead)\b", re.I)
# "no new weakness or numbness": one or two words, then "or", carry the "no" to the next item
_NEGATED_LIST = re.compile(r"\b(?:aren't|are not|isn't|is not|not|no|never|neither|without)\s+(?:\w+\s+){1,2}(?:or|nor)\s+$", re.I)
# "O: no focal spinal tenderness": a clause opening with "no" denies what follows within two words
# (ConText took the "no" for the backward ": no" of a form answer); not "no longer", "no more"
_CLAUSE_OPENS_WITH_NO = re.compile(r"(?:^|[:;,.!?\n(])\s*(?:no|nil|denies|denied)\s+(?!longer\b|more\b)(?:[\w/&-]+\s+){0,2}$", re.I)
_INNER_NOT = re.compile(r"n't|\bnot\b|\bnever\b", re.I)
# a denial between the pain and "at night": "it isn't there at night", "not worse at night"; not an
# inability ("can't get comfortable at night", "won't let me sleep at night" are night pain)
_NOT_AT_NIGHT = re.compile(r"(?<!\bca)(?<!\bcould)(?<!\bwo)(?<!\bwould)(?:n't|\bnot|\bnever|\bno|\bisnt|\bdoesnt)\b"
                           r"(?!(?:\s+\w+){0,3}?\s+(?:let|lets|letting|sleep|settle|get|able|comfortable|rest)\b)"
                           r"(?:\s+\w+){0,3}\s+(?:at night|in the night|every night|overnight|during the night|at nights|nights)\s*$", re.I)
_PRONOUN_AFTER = re.compile(r"\s+(?:me|her|him|us|them|you)\b", re.I)
_AGGRAVATION_AFTER = re.compile(r"\s+(?:on|when|if|with|after|at)\b", re.I)
_EXPECTED_BEFORE = re.compile(r"\b(?:would|will|should|'d|supposed to|meant to|hope|hoped|hoping|expect\w*|thought)(?:\s+\w+){0,2}\s*$", re.I)
# "Should I be worried?", "Should I worry?", "do we need to worry", "Is any of this a worry?": asked, not said
ASKS_WHETHER_TO = re.compile(r"\b(?:should|do|would|need|must|shall)\s+(?:i|we|you|she|he)\s+(?:need\s+to\s+)?(?:(?:be|get|feel)\s+(?:\w+\s+)?)?$"
                             r"|\b(?:is|are)\s+(?:any\s+of\s+)?(?:this|that|it|these|those|them)\s+(?:something\s+)?(?:a\s+|to\s+|i\s+should\s+)?$", re.I)
_SIMILE_BEFORE = re.compile(r"\b(?:like|as if|as though)\s+(?:(?:i|i've|ive|i'd|id|i had|she's|he's|she'd|he'd|you've|you'd|had|done|been|after|from)\s+){0,3}$", re.I)
_ONLY_WHILE_AFTER = re.compile(r"\s*(?:while|whilst|when|as long as|until|unless|except|apart from|if i|if she|if he|sitting|lying|at rest)\b", re.I)
BASELINE_BEFORE = re.compile(r"\b(?:normally|usually|normal is|normal temp\w* is|usual temp\w* is|baseline|normally runs|usually runs|runs at)\b(?:[\s,]+\w+){0,3}\s*$", re.I)
# Nerve and sphincter symptoms a person has had for years, said unchanged in the same sentence, are
# not new (triage-levels E1/E2 are about new deficits): "numb feet from diabetes for years, the
# podiatrist says they're unchanged", "left sciatica since 2017 ... exactly the same as it always is".
# They become questions, never a silent "no"; a sentence that also says something is new keeps them.
LONGSTANDING_FINDINGS = frozenset({
    "neurology.bladder_dysfunction", "neurology.bowel_dysfunction", "neurology.sexual_dysfunction",
    "neurology.leg_weakness", "neurology.arm_weakness", "neurology.gait_difficulty", "neurology.numbness",
    "pain.radiating_down_limb"})
_FOR_YEARS = re.compile(r"\b(?:for|over|in)\s+(?:over\s+|more than\s+|about\s+|many\s+|several\s+)?"
                        r"(?:\d+\s+|two\s+|three\s+|four\s+|five\s+|six\s+|ten\s+|twenty\s+)?(?:years|decades)\b"
                        r"|\bfor\s+ages\b|\balways\b|\bsince\s+(?:my|her|his|the)\s+(?:stroke|childbirth|children|kids)\b", re.I)
_SINCE_YEAR = re.compile(r"\b(?:since|in|from)\s+((?:19|20)\d\d)\b", re.I)
_UNCHANGED = re.compile(r"\b(?:no change|unchanged|not changed|hasn't changed|hasnt changed|has not changed|haven't changed|"
                        r"same as (?:always|ever|before|usual)|as it always (?:is|has been)|as before|nothing new|no different|"
                        r"stable|exactly the same|the same)\b", re.I)
_SAYS_NEW = re.compile(r"(?<!\bno )(?<!\bnot )(?<!\bnothing )\b(?:new|newly|now|worse|worsening|suddenly|sudden|today|"
                       r"yesterday|last night|this week|this morning|tonight|gone|started|starting|getting|become|became)\b", re.I)


def _long_ago(text: str, this_year: int) -> bool:
    return bool(_FOR_YEARS.search(text)) or any(int(y) < this_year for y in _SINCE_YEAR.findall(text))


def longstanding_unchanged(sentence: str, this_year: int, clause: str | None = None) -> bool:
    """The sentence says a symptom has been there for years, is unchanged, and says nothing is new;
    the finding's own clause, when given, carries one of the two (so a later clause of the same
    sentence, "..., and my legs feel weak", is not swept in)."""
    if not (_long_ago(sentence, this_year) and _UNCHANGED.search(sentence)) or _SAYS_NEW.search(sentence):
        return False
    return clause is None or _long_ago(clause, this_year) or bool(_UNCHANGED.search(clause))


# "mobility with frame unchanged", "waterworks the same as always": the course of something else
_OTHER_SUBJECT_BEFORE = re.compile(r"\b(?:mobility|walking|gait|legs?|tingling|numbness|numb|neuropathy|bladder|bowels?|waterworks|"
                                   r"continence|continent|sensation|weight|appetite|toilet|pee|poo|urine|feet|hands|fingers)\b[^,.;:\n]{0,30}$", re.I)
_DIAGNOSES = frozenset({"shingles", "zoster", "herpes zoster", "sciatica", "trapped nerve", "a trapped nerve"})
_ASKED_AFTER = re.compile(r"[^.!\n?]{0,40}\?")
_CLOTHES_BEFORE = re.compile(r"\b(?:trousers|jeans|clothes|skirt|skirts|pants|shorts|belt)\s+(?:are|is|keep|keeps|have been|'re|been)?\s*$", re.I)
_AWAITED_BEFORE = re.compile(r"\b(?:wait|waiting|waited|watch|watching|look|looking|keep an eye out)\s+(?:out\s+)?(?:for|till|until|to see if)\s+"
                             r"(?:(?:the|a|any|some|there's|there is|i get|she gets|he gets)\s+)*$", re.I)
_USUAL = re.compile(r"\b(?:(?:my|his|her|their) usual|usual for (?:me|him|her)|normal for (?:me|him|her)|as usual|"
                    r"same as (?:always|usual|ever)|as it always is|nothing new)\b", re.I)
_COMPARED_BEFORE = re.compile(r"\b(?:than|not|unlike|beyond)\s+(?:\w+\s+)?$", re.I)
_NO_NEW_BEFORE = re.compile(r"\b(?:no|nil|without|not any)\s+(?:new|further|more|progressive|additional|fresh)\s+(?:\w+\s+)?$", re.I)
_DOSE_BEFORE = re.compile(r"\b(?:dose|doses|dosage|mst|morphine|oxycodone|oxycontin|fentanyl|patch|tablets|meds|medication|medicine|"
                         r"painkillers|steroids?|dex|dexamethasone|pred|prednisolone|gabapentin|pregabalin|insulin)\b(?:\s+\w+){0,2}\s+$", re.I)
_EXTENT_AFTER = re.compile(r"\s+(?:to|as far as|into|past|towards|toward)\b", re.I)
_NUMBED_BY = re.compile(r"\b(?:dentist|doctor|nurse|they|anaesthetist|anesthetist|injection|cream|spray|gel|local)\s+(?:\w+\s+)?$", re.I)
_DONE_TO_IT = re.compile(r"\b(?:take|taking|took|takes|use|using|apply|applying|wear|wearing|put|putting|give|giving|"
                         r"swap|switch|move|moving|try|trying|leave|leaving|inject|injecting)\s+$", re.I)
_ONCE_AFTER = re.compile(r"\s*(?:just\s+|only\s+)?(?:once|twice|one time|two times|a couple of times)\b", re.I)


def _usual_for_them(text: str, end: int) -> bool:
    """The same clause says the feature is the person's usual ("which is my usual on this drug"),
    not more than it ("way more than normal for me")."""
    clause = re.match(r"[^.;!?\n]{0,50}", text[end:]).group(0)
    return any(not _COMPARED_BEFORE.search(clause[:m.start()]) for m in _USUAL.finditer(clause))


def is_carer_message(doc) -> bool:
    """A carer writing about the patient ("My mum is on chemo, her legs are weak")."""
    toks = [t.lower_ for t in doc]
    third = sum(t in {"she", "her", "he", "his", "him", "she's", "he's", "herself", "himself"} for t in toks)
    first_body = len(re.findall(r"\b(?:my (?:back|legs?|feet|foot|arms?|bladder|bowels?|neck|spine|temp|temperature|pain)|i'm|i am|i've|i have|i can't|i cant|i feel|i've got)\b", doc.text, re.I))
    return third > 0 and third > first_body


_FIRST_PERSON = frozenset({"my", "i", "me", "i'm", "im", "i've", "ive", "myself"})


def _writer_speaks_between(span, mod) -> bool:
    """A first-person word after the family cue and up to the finding's first word."""
    try:
        s, e = mod.modifier_span
    except Exception:
        return False
    if e > span.start:
        return False  # the cue comes after the finding ("... said my mum"): ConText's scope stands
    return any(t.lower_ in _FIRST_PERSON for t in span.doc[e:span.start + 1])


def span_context(span, carer: bool, carer_subjects: set[str]) -> str:
    cats = set()
    for mod in getattr(span._, "modifiers", ()) or ():
        cat = mod.category
        if cat == "FAMILY" and carer:
            mtext = mod_text(span.doc, mod)
            if mtext in carer_subjects:
                continue
        if cat == "FAMILY" and _writer_speaks_between(span, mod):
            continue  # "the drive back from my brother's ten days ago my lower back ...": the writer's own back
        if cat in CONTEXT_OF:
            cats.add(CONTEXT_OF[cat])
    for c in PRECEDENCE:
        if c in cats:
            return c
    return "present"


def negation_belongs_to_an_earlier_clause(span) -> bool:
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
        if e > span.start or not CLAUSE_BREAK.search(doc[e:span.start].text):
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


def answer_hypotheticals(text: str, hypothetical: list, b: Builder, questions: dict) -> None:
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


def mod_text(doc, mod) -> str:
    try:
        s, e = mod.modifier_span
        return doc[s:e].text.lower()
    except Exception:
        return ""


def negated_where_context_cannot_see(entry, span, text: str) -> bool:
    """Negations ConText misses: inside the matched words, or earlier in a negated pair."""
    start = span.start_char
    if span.text[:5].lower() == "worse" and _NOT_WORSE.search(text, max(0, start - 25), start):
        return True  # "no worse when I cough": "no worse" is pseudo-negation for the course, not here
    if entry.finding == "pain.worse_on_straining" and _INNER_NOT.search(span.text):
        return True  # "coughing doesn't hurt it"
    if entry.finding == "pain.night_pain" and entry.value is not False and _NOT_AT_NIGHT.search(span.text):
        return True  # "it isn't there at night", "it's not worse at night"
    if entry.value is False:
        return False
    if _CLAUSE_OPENS_WITH_NO.search(text, max(0, start - 40), start):
        return True
    # "his legs aren't weak or numb" (the second of a negated pair); "legs aren't weak" (inside the words)
    return bool(_NEGATED_LIST.search(text, max(0, start - 30), start) or _SUBJECT_NOT.search(span.text))


def not_this_finding(entry, span, text: str) -> bool:
    """Words that match an entry but say something else next to what surrounds them."""
    if entry.id == "stable" and _AGGRAVATION_AFTER.match(text, span.end_char):
        return True  # "not worse on cough" says nothing about the course
    if entry.id == "stable" and _OTHER_SUBJECT_BEFORE.search(text, max(0, span.start_char - 40), span.start_char):
        return True  # "mobility with frame unchanged from discharge" is not the pain's course
    if entry.id == "improving" and _EXPECTED_BEFORE.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "I thought they would start getting better": hoped for, not happening
    if entry.id == "improving" and _ONLY_WHILE_AFTER.match(text, span.end_char):
        return True  # "it's much better when I lie down": eased by a position, not a course
    if entry.finding == "pain.obvious_trigger" and _SIMILE_BEFORE.search(text, max(0, span.start_char - 25), span.start_char):
        return True  # "aching like I've done a big workout": a comparison, not what happened
    if entry.value is False and _ONLY_WHILE_AFTER.match(text, span.end_char):
        return True  # "my back is fine while I'm lying down" says when it hurts, not that it doesn't
    if entry.finding == "neurology.gait_difficulty" and _CLOTHES_BEFORE.search(text, max(0, span.start_char - 25), span.start_char):
        return True  # "my trousers are falling down": weight loss, not a fall
    if span.text.lower() in _DIAGNOSES and _ASKED_AFTER.match(text, span.end_char):
        return True  # "Is the shingles coming back?": a diagnosis asked about, not a rash reported
    if entry.finding.startswith("systemic.rash") and _AWAITED_BEFORE.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "wait for the spots": a rash expected, not one there (pre-eruptive shingles is asked)
    if entry.finding == "systemic.other_amber_domains" and _usual_for_them(text, span.end_char):
        return True  # "diarrhoea two or three times a day, which is my usual on this drug": not a new feature
    if entry.finding == "metastases" and _NO_NEW_BEFORE.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "no new lytic lesions": nothing *new*, which is not "no metastases"
    if entry.id == "worsening" and _DOSE_BEFORE.search(text, max(0, span.start_char - 40), span.start_char):
        return True  # "had her MST increased to 40 mg": a dose raised, not the pain worsening
    if entry.id == "fever_word" and span.text.lower() == "burning up" and _EXTENT_AFTER.match(text, span.end_char):
        return True  # "feet numb and burning up to mid-foot": how far the burning reaches, not a fever
    if span.text.lower() == "numbed" and _NUMBED_BY.search(text, max(0, span.start_char - 30), span.start_char):
        return True  # "the dentist numbed my lip": an anaesthetic given, not a symptom
    if entry.finding == "pain.night_pain" and span.text.lower().startswith("it ") and _DONE_TO_IT.search(
            text, max(0, span.start_char - 15), span.start_char):
        return True  # "can I take it at night": a tablet taken at night, not pain at night
    if entry.id == "vomiting" and _ONCE_AFTER.match(text, span.end_char):
        return True  # "been sick once": CTCAE grade 1 (1-2 episodes), not an amber domain
    # "doesn't stop me doing things" is about function, not pain that never stops
    return entry.finding == "pain.unrelieved_by_rest" and bool(_PRONOUN_AFTER.match(text, span.end_char))
