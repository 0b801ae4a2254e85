"""The 'worsening' rule: pain up 2+, a new red flag, or a higher level than last time."""

from spinewatch.web._worsening import worsening

E1 = {"E1": "title E1"}


def test_first_report_is_never_worsening():
    assert worsening(None, None, None, 9, "emergency", E1) == []


def test_pain_up_two_points():
    assert worsening(3, "soon", {}, 5, "soon", {}) == ["pain up from 3 to 5"]
    assert worsening(3, "soon", {}, 4, "soon", {}) == []
    assert worsening(None, "soon", {}, 9, "soon", {}) == []


def test_new_red_flag_only_when_new():
    assert worsening(5, "emergency", E1, 5, "emergency", {**E1, "E2": "title E2"}) == ["new red flag: title E2"]
    assert worsening(5, "emergency", E1, 5, "emergency", E1) == []


def test_level_rise():
    assert worsening(5, "routine", {}, 5, "urgent", {}) == ["level rose from routine to urgent"]
    assert worsening(5, "urgent", {}, 5, "routine", {}) == []
