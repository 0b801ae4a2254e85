"""Telephone-triage transcripts and chat logs: the interviewer's words are questions, and the
answer in the next turn says what they mean for the patient."""

import pytest

from spinewatch.intake._transcript import question_turns

ASKED = ("Nurse: What's the problem?\nPt: Aching in my lower back, 2 out of 10.\n"
         "Nurse: Numbness, weakness, bladder or bowel problems?\nPt: {answer}\n")


@pytest.mark.parametrize("answer, expected", [
    ("No.", False),
    ("No to all of it.", False),
    ("Nope, nothing like that", False),
    ("Yes, a bit", True),                                          # affirmed: all asked count
    ("No, well, maybe a bit in my right foot since yesterday", True),  # a denial taken back: uncertain counts
])
def test_a_question_takes_its_answer(read, answer, expected):
    report = read(ASKED.format(answer=answer)).report
    for flag in ("leg_weakness", "numbness", "bladder_dysfunction", "bowel_dysfunction"):
        assert getattr(report.neurology, flag) is expected, flag


def test_a_question_answered_otherwise_is_asked_not_reported(read):
    x = read("N: Any weakness or numbness in your legs?\nP: It's just the back, sore if I press on it.\n"
             "N: Have you had paracetamol today?\nP: Not yet.")
    assert x.report.neurology.leg_weakness is None and x.report.neurology.numbness is None
    assert any("weak" in q.lower() for q in x.questions)


def test_the_answer_that_names_the_finding_speaks_for_itself(read):
    x = read("Nurse: Any numbness or weakness?\nPt: No numbness. My legs are weak though.\nNurse: OK.")
    assert x.report.neurology.leg_weakness is True
    assert x.report.neurology.numbness is False


def test_a_red_flag_said_later_in_the_call_wins(read):
    x = read("Nurse: Any bladder problems?\nPt: No.\nNurse: Anything else?\nPt: Actually yes, I wet myself last night.")
    assert x.report.neurology.bladder_dysfunction is True


def test_a_drug_asked_about_and_confirmed_is_a_treatment(read):
    x = read("Nurse: You're on the daily filgrastim injections?\nPt: Yes, Zarzio. Started Monday.\n"
             "Nurse: What's the problem?\nPt: Aching in my lower back.")
    assert [t.drug for t in x.report.treatments] == ["filgrastim"]


@pytest.mark.parametrize("text", [
    "Pain: 7/10\nWhere: low back\nNumbness: no\nTemp: 36.8",   # a self-typed form: no one asks
    "Nurse said to ring if my legs go weak. Legs fine.",
    "N: hello",                                                # one turn is not a conversation
])
def test_forms_and_prose_are_not_transcripts(text):
    assert question_turns(text) == []
