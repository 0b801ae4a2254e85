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
