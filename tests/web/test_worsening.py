"""The 'worsening' rule: pain up 2+, a new red flag, or a higher level than last time."""

from spinewatch.web._worsening import worsening


def _result(*flags):
    return {"reasons": [{"rule": f, "title": f"title {f}", "red_flag": True} for f in flags]
            + [{"rule": "S1", "title": "Moderate pain", "red_flag": False}]}


def test_first_report_is_never_worsening():
    assert worsening(None, None, None, 9, "emergency", _result("E1")) == []


def test_pain_up_two_points():
    assert worsening(3, "soon", _result(), 5, "soon", _result()) == ["pain up from 3 to 5"]
    assert worsening(3, "soon", _result(), 4, "soon", _result()) == []
    assert worsening(None, "soon", _result(), 9, "soon", _result()) == []


def test_new_red_flag_only_when_new():
    assert worsening(5, "emergency", _result("E1"), 5, "emergency", _result("E1", "E2")) == ["new red flag: title E2"]
    assert worsening(5, "emergency", _result("E1"), 5, "emergency", _result("E1")) == []


def test_level_rise():
    assert worsening(5, "routine", _result(), 5, "urgent", _result()) == ["level rose from routine to urgent"]
    assert worsening(5, "urgent", _result(), 5, "routine", _result()) == []
