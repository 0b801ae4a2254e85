"""Long clinical documents and hurried messages: a past-medical-history list is history, and
drug names said in pieces are still drugs."""

import pytest

from spinewatch.intake._sections import history_spans

LETTER = """Re: Mrs A.K., 57F
PMH:
- L4/5 disc prolapse with right foot drop 2015, recovered
- Urinary retention after mastectomy 2017, resolved
DH: citalopram 20 mg OD
HPC: 5 weeks of pain between the shoulder blades, 5/10, now waking her at night. {today}
Plan: MRI if any new neurological symptoms develop."""


def test_red_flags_in_the_history_list_are_asked_not_current(read):
    x = read(LETTER.format(today="No new leg symptoms."))
    assert x.report.neurology.leg_weakness is None and x.report.neurology.bladder_dysfunction is None
    assert any("foot drop" in q for q in x.questions)
    assert x.report.pain.night_pain is True  # today's paragraph is read as usual


def test_a_red_flag_in_todays_paragraph_still_counts(read):
    x = read(LETTER.format(today="Since yesterday she has wet herself twice."))
    assert x.report.neurology.bladder_dysfunction is True


@pytest.mark.parametrize("text, inside, outside", [
    ("PMH: diabetes, sciatica 2015\nHPC: back pain", "sciatica", "back pain"),
    ("Past medical history:\n- shingles 2021\n- hypertension\n\nToday: weak legs", "shingles", "weak legs"),
    ("Background: myeloma 2019\nDH: dex", "myeloma", "dex"),
])
def test_the_history_list_runs_to_the_next_heading_or_blank_line(text, inside, outside):
    spans = history_spans(text)
    assert any(a <= text.index(inside) < b for a, b in spans)
    assert not any(a <= text.index(outside) < b for a, b in spans)


@pytest.mark.parametrize("text, drug", [
    ("back n hips achin from neu last a jab on sun", "pegfilgrastim"),
    ("doxy tax el was 11 days ago n lower back achin", "docetaxel"),
    ("finished oxaly platin 5 wks ago", "oxaliplatin"),
    ("on an astra zole since march", "anastrozole"),
])
def test_drug_names_said_in_pieces_are_drugs(read, text, drug):
    assert drug in {t.drug for t in read(text).report.treatments}


@pytest.mark.parametrize("text", [
    "I went to the pharmacy and the chemist gave me a leaflet about my condition",
    "the physio says my posture is poor and my core is weak at the moment",
])
def test_ordinary_words_do_not_join_into_a_drug(read, text):
    assert not read(text).report.treatments


@pytest.mark.parametrize("text, pattern", [
    ("fingers gettin worse not better, tingly n burny esp in cold", ["glove_and_stocking"]),
    ("my fingers are fine but I have tingling", None),      # the hands denied: unplaced, a red flag
    ("tingling and my legs feel odd", ["legs"]),
    ("I can't feel the paper when I wipe and my hands are cold", None),  # saddle numbness is never placed in the hands
])
def test_numbness_is_placed_by_the_body_part_its_sentence_names(read, text, pattern):
    assert read(text).report.neurology.numbness_pattern == pattern
