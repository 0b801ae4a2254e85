"""Invalid reports are refused with a message naming the field, never a traceback."""

import subprocess
import sys
from datetime import date, timedelta

import pytest

from spinewatch.report import MAX_REPORT_BYTES, ReportError, load_report, parse_report, parse_report_json

TOMORROW = (date.today() + timedelta(days=1)).isoformat()

BAD = [
    ({"pain": {"nrs": 11}}, "pain.nrs"),
    ({"pain": {"nrs": -1}}, "pain.nrs"),
    ({"pain": {"nrs": "severe"}}, "pain.nrs"),
    ({"systemic": {"temperature_c": 60}}, "systemic.temperature_c"),
    ({"systemic": {"temperature_c": "hot"}}, "systemic.temperature_c"),
    ({"neurology": {"leg_weakness": "maybe"}}, "neurology.leg_weakness"),
    ({"pain": {"sites": ["elbow"]}}, "pain.sites"),
    ({"treatments": [{"drug": "paclitaxel", "last_dose": TOMORROW}]}, "treatments.0.last_dose"),
    ({"pain": {"onset_date": TOMORROW}}, "pain.onset_date"),
    ({"treatments": [{"drug": "paclitaxel", "start": "2026-05-01", "last_dose": "2026-04-01"}]}, "treatments.0"),
    ({"reported_at": "2099-01-01T00:00:00"}, "reported_at"),
    ({"painn": {"nrs": 3}}, "painn"),
    ({"pain": {"nrs": 3, "severity": "bad"}}, "pain.severity"),
    ({"labs": {"platelets": -5}}, "labs.platelets"),
    ({"cancers": "breast"}, "cancers"),
]


@pytest.mark.parametrize("data,field", BAD, ids=[b[1] for b in BAD])
def test_invalid_field_is_named(data, field):
    with pytest.raises(ReportError) as err:
        parse_report(data)
    assert any(path == field or path.startswith(field + ".") for path, _ in err.value.problems), err.value.problems
    assert field in str(err.value)


def test_unknown_is_not_no():
    r = parse_report({"neurology": {"leg_weakness": False}})
    assert r.neurology.leg_weakness is False
    assert r.neurology.bladder_dysfunction is None


@pytest.mark.parametrize("raw", ["", "{", "[1, 2]", "null", "\"text\"", "{\"pain\": }"])
def test_malformed_json_is_refused_clearly(raw):
    with pytest.raises(ReportError) as err:
        parse_report_json(raw)
    assert "report" in str(err.value)


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.write(b'{"id": "' + b"x" * (50 * 1024 * 1024) + b'"}')
    with pytest.raises(ReportError) as err:
        load_report(big)
    assert str(MAX_REPORT_BYTES) in str(err.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ReportError, match="cannot read"):
        load_report(tmp_path / "nope.json")


@pytest.mark.parametrize("content", [b'{"pain": {"nrs": 11}}', b"\x00\xff\xfe binary", b'{"foo": 1}'])
def test_cli_refuses_bad_files_without_traceback(tmp_path, content):
    f = tmp_path / "r.json"
    f.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "spinewatch.cli", "assess", str(f)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr + proc.stdout
