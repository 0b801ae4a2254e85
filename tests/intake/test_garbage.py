"""Bad input gets a clear answer, never a traceback."""

import pytest

from spinewatch.intake import IntakeError, extract


def test_empty(read):
    x = read("")
    assert x.findings == [] and x.report.neurology.numbness is None
    assert "empty" in x.notes[0]


def test_whitespace_only(read):
    assert read("   \n\t ").notes


def test_one_megabyte_is_refused_clearly(kb):
    with pytest.raises(IntakeError, match="too long"):
        extract("my back hurts. " * 70_000, kb=kb)


def test_long_but_allowed_text_is_read(read):
    x = read("Back ache. " * 5000 + "Now I can't feel my legs.")
    assert x.report.neurology.numbness is True


def test_binary_bytes(kb):
    with pytest.raises(IntakeError, match="binary"):
        extract(bytes(range(256)) * 4, kb=kb)


def test_binary_in_a_string(kb):
    with pytest.raises(IntakeError, match="binary"):
        extract("\x00\x01\x02\x03" * 100, kb=kb)


def test_utf8_bytes_are_text(kb):
    assert extract("can't feel my legs".encode(), kb=kb).report.neurology.numbness is True


def test_not_utf8(kb):
    with pytest.raises(IntakeError, match="not readable text"):
        extract("temp 38 °C, numbness".encode("latin-1"), kb=kb)


def test_emoji_only(read):
    x = read("😢😢🔥💊")
    assert x.findings == [] and "no words" in x.notes[0]


def test_emoji_mixed_with_words(read):
    assert read("fell twice 😢 legs just went").report.neurology.gait_difficulty is True


@pytest.mark.parametrize("text", ["J'ai mal au dos et je ne sens plus mes jambes", "腰が痛いです、足がしびれます",
                                  "У меня болит спина", "ظهري يؤلمني"])
def test_other_languages(read, text):
    x = read(text)
    assert x.report.neurology.numbness is None
    assert x.notes and "No findings recognised" in x.notes[0] and "English" in x.notes[0]


def test_non_english_script_is_named(read):
    assert "English" in read("腰が痛いです、足がしびれます").notes[0]


def test_control_characters_keep_offsets(read):
    text = "no temp\x07 but\x1b wet myself"
    x = read(text)
    f = next(f for f in x.findings if f.finding == "neurology.bladder_dysfunction")
    assert text[f.start:f.end] == "wet myself"


def test_not_a_string(kb):
    with pytest.raises(IntakeError, match="Expected text"):
        extract(12345, kb=kb)


def test_impossible_values_are_dropped_not_fatal(read):
    x = read("pain 11/10 and temp 45.5 and I'm 200")
    assert x.report.pain.nrs is None and x.report.systemic.temperature_c is None


def test_offsets_point_at_the_words(read):
    text = "Had my Taxol Tuesday; numb down there, worse when I cough. Temp 38.4"
    for f in read(text).findings:
        assert text[f.start:f.end] == f.text


def test_to_dict_is_json(read):
    import json

    d = read("had my Taxol Tuesday, can't feel my left foot, no temp").to_dict()
    json.dumps(d)
    assert d["findings"][0]["start"] >= 0


def test_longest_allowed_text_is_read_in_reasonable_time(kb):
    import time

    from spinewatch.intake._extract import MAX_CHARS

    text = ("Back ache again today, 4/10, no temp. " * 3000)[: MAX_CHARS - 40] + " Now I can't feel my legs."
    t = time.perf_counter()
    x = extract(text, kb=kb)
    assert x.report.neurology.numbness is True
    assert time.perf_counter() - t < 20


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = ["no", "not", "can't", "legs", "weak", "numb", "temp", "38.5", "100F", "7/10", "Taxol", "Tuesday", "since",
         "if", "my", "mum", "wet", "myself", "down", "there", ",", ".", "and", "but", "for", "3", "weeks", "ago",
         "worried", "I'll", "fever", "shivery", "band", "round", "chest", "😢", "\n", "dex", "8mg", "AC", "ALL"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)))
def test_any_text_gives_a_valid_extraction_or_a_clear_error(read, text):
    try:
        x = read(text)
    except IntakeError as err:
        assert str(err)
        return
    for f in x.findings:
        assert x.text[f.start:f.end] == f.text
    x.report.model_validate(x.report.model_dump())
