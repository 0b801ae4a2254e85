"""Garbage thrown at every route, with every kind of caller: never a 500, never a traceback.

Runs on SQLite and on PostgreSQL (which refuses NUL characters that SQLite would store).
Routes are read from the app itself, so a new route is covered without editing this file.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Mount

from .conftest import bearer, login
from .test_api import LEG_WEAKNESS, submit

BODIES = [
    b"", b"{", b"null", b"[]", b'"x"', b"1e999999", b"NaN", b'{"report": null}', b'{"report": []}',
    b'{"report": {"pain": {"nrs": 1e400}}}', b'{"report": {"reported_at": "9999-99-99"}}',
    b'{"report": {"cancers": [{"type": {"a": 1}}]}}', b'{"text": 5}', b'{"text": "\\u0000"}', b'{"text": "\\ud800"}',
    b'{"note": ""}', b'{"note": "\\u0000"}', b'{"display_name": "\\ud83d"}', b'{"display_name": "x", "reference": 7}',
    b"\xff\xfe\x00garbage", b"[" * 50_000, b'{"a":' * 20_000, b"csrf_token=%ff%fe&note=%00&username=%ff",
    b"neurology__leg_weakness=%ff&pain__nrs=99999999999999999999&pain__sites=../../etc",
    b"--x\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--x--\r\n",
    b"--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhi\r\n--x--\r\n",
    b"--x\r\nbroken",
]
CONTENT_TYPES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                 "multipart/form-data", "text/plain; charset=utf-8"]
PATH_VALUES = ["x", "%00", "%ff", "..%2F..%2Fetc", "a" * 300, "'%20OR%201=1--", "%F0%9F%92%A9"]


def _routes(app):
    out = []
    for entry in app.routes:  # this FastAPI keeps included routers as one entry each
        for route in getattr(getattr(entry, "original_router", None), "routes", [entry]):
            if isinstance(route, Mount):
                continue
            for method in sorted(route.methods - {"HEAD"}):
                out.append((method, route.path))
    return out


def _paths(template: str, real: dict[str, str]) -> tuple[str, list[str]]:
    """The route with real ids, and with each garbage value in place of every id."""
    def fill(value: str | None) -> str:
        path = template
        for name in ("patient_id", "report_id", "token"):
            path = path.replace("{" + name + "}", real[name] if value is None else value)
        return path
    return fill(None), sorted({fill(v) for v in PATH_VALUES} - {fill(None)})


@pytest.fixture
def callers(app, client, nurse, patients):
    report = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    login(client)  # the client also carries a clinician session cookie
    real = {"patient_id": patients[0].id, "report_id": report["id"], "token": patients[0].token}
    auths = [{}, bearer(nurse.token), bearer(patients[1].token), {"Authorization": "Bearer \x7f\u00e9".encode("latin-1")}]
    return real, auths


def _check(response) -> None:
    assert response.status_code < 500, (response.request.method, response.request.url, response.text[:300])
    assert "Traceback" not in response.text


def test_every_route_survives_garbage(app, client, callers):
    real, auths = callers
    routes = _routes(app)
    assert len(routes) >= 25
    for method, template in routes:
        real_path, garbage_paths = _paths(template, real)
        for path in [real_path, *garbage_paths]:
            for auth in auths:
                _check(client.request(method, path, headers=auth))
            if method == "GET":
                _check(client.get(path, params={"limit": "-1", "patient_id": "\x00", "action": "%"},
                                  headers=auths[1]))
                continue
            # Every body in every content type at the real route; a sample at the garbage ones.
            bodies = BODIES if path == real_path else BODIES[:3]
            for body in bodies:
                for ctype in CONTENT_TYPES:
                    _check(client.request(method, path, content=body,
                                          headers={**auths[1], "content-type": ctype}))


def test_garbage_headers(client, callers):
    real, _ = callers
    for headers in ({"content-length": "-1"}, {"content-length": "abc"}, {"content-length": "99999999999"},
                    {"content-type": "application/json; charset=latin-9"}, {"cookie": "sw_session=" + "x" * 5000},
                    {"cookie": "sw_csrf=\x01"}):
        _check(client.post(f"/api/v1/patients/{real['patient_id']}/reports", content=b'{"text":"a"}',
                           headers=headers))
        _check(client.post("/login", content=b"username=a&password=b", headers=headers))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
report_like = st.fixed_dictionaries({}, optional={
    "pain": st.dictionaries(st.sampled_from(["nrs", "sites", "onset_date", "course", "night_pain"]), json_values),
    "neurology": st.dictionaries(st.sampled_from(["leg_weakness", "numbness_pattern", "x"]), json_values),
    "treatments": json_values, "cancers": json_values, "reported_at": json_values, "id": json_values,
})


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=st.one_of(json_values, st.fixed_dictionaries({"report": report_like}),
                         st.fixed_dictionaries({"text": st.text(max_size=200)}),
                         st.dictionaries(st.sampled_from(["report", "text", "reported_at", "x"]), json_values)))
def test_random_json_reports_never_500(client, callers, payload):
    real, auths = callers
    r = client.post(f"/api/v1/patients/{real['patient_id']}/reports", content=json.dumps(payload),
                    headers={**auths[1], "content-type": "application/json"})
    _check(r)
    assert r.status_code in (201, 422), r.text
    if r.status_code == 422:
        assert r.json()["problems"][0]["field"]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(fields=st.dictionaries(st.sampled_from(["neurology__leg_weakness", "pain__nrs", "pain__sites",
                                               "systemic__temperature_c", "pain__course", "notes", "other"]),
                              st.lists(st.text(max_size=20), max_size=3), max_size=6))
def test_random_patient_forms_never_500(client, callers, fields):
    from .conftest import csrf_from

    real, _ = callers
    page = client.get(f"/p/{real['token']}")
    r = client.post(f"/p/{real['token']}", data={"csrf_token": csrf_from(page.text), **fields})
    _check(r)
    assert r.status_code in (200, 422, 400), r.status_code
