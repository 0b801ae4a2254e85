"""Every context type, in patients' words, and red flags after negated or negation-bearing phrases."""

import pytest

from .conftest import ctx_of


@pytest.mark.parametrize("text, finding, context", [
    # negated
    ("No fever, but my legs feel weak since Monday.", "systemic.temperature_c", "negated"),
    ("Denies numbness or incontinence.", "neurology.numbness", "negated"),
    ("Denies numbness or incontinence.", "neurology.bladder_dysfunction", "negated"),
    ("I haven't wet myself.", "neurology.bladder_dysfunction", "negated"),
    ("no pins and needles", "neurology.numbness", "negated"),
    ("Nil saddle anaesthesia.", "neurology.saddle_anaesthesia", "negated"),
    # hypothetical
    ("I worry I'll become incontinent.", "neurology.bladder_dysfunction", "hypothetical"),
    ("What should I do if my legs go weak?", "neurology.leg_weakness", "hypothetical"),
    ("Just checking in case I get a temperature.", "systemic.temperature_c", "hypothetical"),
    ("I'm scared I'll end up paralysed.", "neurology.leg_weakness", "hypothetical"),
    ("Told to call if I get numbness.", "neurology.numbness", "hypothetical"),
    # historical
    ("Had a fever last week, fine now.", "systemic.temperature_c", "historical"),
    ("I used to get pins and needles in my legs years ago.", "neurology.numbness", "historical"),
    ("My legs went weak last year, radiotherapy fixed it.", "neurology.leg_weakness", "historical"),
    # someone else
    ("My mum had pins and needles.", "neurology.numbness", "other_person"),
    ("My sister had bone mets.", "metastases", "other_person"),
    ("Dad was incontinent at the end.", "neurology.bladder_dysfunction", "other_person"),
    # uncertain
    ("might be a bit numb down there", "neurology.saddle_anaesthesia", "uncertain"),
    ("Maybe my legs are a bit weaker, I'm not sure.", "neurology.leg_weakness", "uncertain"),
    ("I think I had a temperature earlier", "systemic.temperature_c", "uncertain"),
    # present
    ("can't feel my legs", "neurology.numbness", "present"),
    ("my legs have gone like jelly", "neurology.leg_weakness", "present"),
])
def test_context_of_each_type(read, text, finding, context):
    assert context in ctx_of(read(text), finding), read(text).findings


def test_medspacy_pitfall_negation_bearing_phrase_does_not_negate_next_red_flag(read):
    x = read("can't feel my legs and wet myself twice")
    assert x.report.neurology.numbness is True
    assert x.report.neurology.bladder_dysfunction is True
    assert ctx_of(x, "neurology.bladder_dysfunction") == ["present"]


@pytest.mark.parametrize("text, flag", [
    ("No fever, wet myself twice today", "bladder_dysfunction"),
    ("no temp, wet myself twice", "bladder_dysfunction"),
    ("Not numb anywhere but my left leg keeps giving way.", "leg_weakness"),
    ("I don't have a temperature and my legs are weak", "leg_weakness"),
    ("No weakness. However reports pins and needles in both feet and buttocks.", "numbness"),
    ("can't pee and can't feel my bum", "saddle_anaesthesia"),
    ("No fever or chills. Can't feel my feet and legs giving way.", "leg_weakness"),
    ("never had this before, now numb down there", "saddle_anaesthesia"),
    ("no strength in my legs and I've soiled myself", "bowel_dysfunction"),
])
def test_red_flag_after_negated_or_negation_bearing_phrase_stays_present(read, text, flag):
    x = read(text)
    assert getattr(x.report.neurology, flag) is True, x.findings


def test_clinical_list_negation_runs_over_the_list(read):
    x = read("Denies leg weakness, numbness, saddle anaesthesia or bladder/bowel dysfunction.")
    n = x.report.neurology
    assert (n.leg_weakness, n.numbness, n.saddle_anaesthesia, n.bladder_dysfunction, n.bowel_dysfunction) == (
        False, False, False, False, False)


def test_present_wins_over_negated_elsewhere(read):
    x = read("No numbness. Actually my legs are numb now.")
    assert x.report.neurology.numbness is True


def test_hypothetical_red_flag_becomes_question_not_finding(read):
    x = read("I worry I'll become incontinent. Back ache 3/10.")
    assert x.report.neurology.bladder_dysfunction is None
    assert "neurology.bladder_dysfunction" in x.question_findings
    assert any("incontinent" in q for q in x.questions)


def test_uncertain_red_flag_counts_and_is_asked(read):
    x = read("might be a bit numb down there? not sure")
    assert x.report.neurology.saddle_anaesthesia is True
    assert "neurology.saddle_anaesthesia" in x.question_findings


def test_historical_red_flag_is_asked_again(read):
    x = read("My legs went weak last year. Now just back ache.")
    assert x.report.neurology.leg_weakness is None
    assert "neurology.leg_weakness" in x.question_findings


def test_other_person_is_not_the_patient(read):
    x = read("My mum had bone mets and pins and needles. I have lower back pain.")
    assert x.report.metastases is None
    assert x.report.neurology.numbness is None


def test_carer_message_is_about_the_patient(read):
    x = read("My mum is on chemo for myeloma, her legs have gone weak and she can't walk")
    assert x.report.neurology.leg_weakness is True
    assert x.report.neurology.gait_difficulty is True
    assert [c.type for c in x.report.cancers] == ["myeloma"]


def test_worry_sets_concern(read):
    assert read("I'm really worried about my back").report.concern is True
    assert read("not worried, just checking").report.concern is False


def test_a_said_normal_answer_after_a_negated_list_is_not_negated(read):
    r = read("no numbness or weakness, bladder and bowels normal").report
    assert r.neurology.numbness is False and r.neurology.leg_weakness is False
    assert r.neurology.bladder_dysfunction is False and r.neurology.bowel_dysfunction is False
    # a "not" inside the same clause still leaves it unknown, never "normal"
    assert read("bladder and bowels are not normal").report.neurology.bladder_dysfunction is not False


def test_a_hypothetical_red_flag_answered_in_the_next_sentence(read):
    x = read("The nurse told me to ring if I get numbness or can't pass water. I haven't.")
    assert x.report.neurology.numbness is False and x.report.neurology.bladder_dysfunction is False
    assert x.questions == []
    x = read("ring if your legs go weak. They have.")
    assert x.report.neurology.leg_weakness is True
    # a sentence that is not a bare answer answers nothing: still asked
    x = read("Call if you get numbness. I haven't rung yet.")
    assert x.report.neurology.numbness is None and x.questions
    # only the sentence right before the answer
    x = read("Ring if your legs go weak. My back aches. I haven't.")
    assert x.report.neurology.leg_weakness is None
