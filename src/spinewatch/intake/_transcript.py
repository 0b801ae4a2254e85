"""Telephone-triage transcripts and chat logs: the interviewer's questions are not reports.

"Nurse: Any numbness, weakness, bladder or bowel problems?  Pt: No." A finding named in a
question turn takes its context from the answer in the next turn: a bare "no" denies every
finding asked, a bare "yes" affirms them, a hedged answer ("no, well, maybe a bit", "I think
so") is uncertain, so a red flag still counts and is asked. Any other answer leaves the findings
asked, not reported: a red flag among them comes back as a question, unless the answer itself
speaks of the same finding ("No numbness. Bit weak maybe.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# who asks: the nurse, doctor, call handler or chatbot of a transcript
_ASKER = (r"nurse|n|q|bot|chatbot|operator|call handler|handler|dr|doctor|gp|clinician|triage nurse|triager|"
          r"advisor|adviser|assistant|agent|helpline|receptionist|spinewatch|111|acute oncology|aos|cns|rn")
_LABEL = re.compile(r"^[ \t]*(?:\[[^\]\n]{1,12}\][ \t]*)?([A-Za-z][A-Za-z0-9 .'/-]{0,20}?)[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*:",
                    re.M)
_IS_ASKER = re.compile(r"(?:" + _ASKER + r")\.?", re.I)
_NO = re.compile(r"\W*(?:no+|nope|nah|none|neither|nothing|not really|not at all|negative|nil|no to (?:all|both|everything)|"
                 r"none of (?:those|them|that|it|the above)|not that i(?:'ve| have)? noticed|(?:she|he|they) (?:says|said) no)\b", re.I)
# "no, well, maybe a bit in my right foot": a denial taken back is uncertain, never a "no"
_HEDGED = re.compile(r"\W*(?:(?:no+|not really|nope|nah)[\s,.-]+(?:well|maybe|actually|except|apart from|only|a bit|a little|sometimes|now you mention it|hmm|erm|um|i think|not sure)|"
                     r"i think so|maybe|possibly|not sure|a bit|a little|sometimes|kind of|sort of|slightly)\b", re.I)
_YES = re.compile(r"\W*(?:yes|yeah|yep|yup|aye|correct|that's right|thats right|uh huh)\b", re.I)


@dataclass(frozen=True, slots=True)
class Turn:
    """A question turn and the answer that follows it."""
    start: int
    end: int
    answer_start: int
    answer_end: int
    answer: str | None  # "negated" | "present" | "uncertain" | None (asked, not answered yes or no)


def question_turns(text: str) -> list[Turn]:
    """The interviewer's turns, each with the context its answer gives; [] when not a transcript."""
    labels = [(m.start(), m.end(), bool(_IS_ASKER.fullmatch(m.group(1).strip()))) for m in _LABEL.finditer(text)]
    askers = sum(1 for *_x, asks in labels if asks)
    if askers < 2 or askers == len(labels):
        return []
    turns = []
    for i, (start, label_end, asks) in enumerate(labels):
        if not asks:
            continue
        end = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        if i + 1 >= len(labels) or labels[i + 1][2]:
            turns.append(Turn(start, end, end, end, None))
            continue
        a_start = labels[i + 1][1]
        a_end = labels[i + 2][0] if i + 2 < len(labels) else len(text)
        turns.append(Turn(start, end, a_start, a_end, _answer(text[a_start:a_end])))
    return turns


def _answer(body: str) -> str | None:
    body = body.strip()
    if _HEDGED.match(body):
        return "uncertain"
    if _NO.match(body):
        return "negated"
    if _YES.match(body):
        return "present"
    return None


def turn_at(turns: list[Turn], at: int) -> Turn | None:
    return next((t for t in turns if t.start <= at < t.end), None)
