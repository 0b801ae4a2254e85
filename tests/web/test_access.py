"""Refusals: a patient reaches only their own data, never the queue; no token, no access."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from spinewatch import store

from .conftest import bearer, csrf_from, login
from .test_api import LEG_WEAKNESS, submit


@pytest.fixture
def ann_report(client, nurse, patients):
    return submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()


def test_patient_token_reads_only_its_own_records(client, patients, ann_report):
    ann, bob = patients
    assert client.get(f"/api/v1/patients/{ann.id}/reports", headers=bearer(ann.token)).status_code == 200
    for path in (f"/api/v1/patients/{ann.id}", f"/api/v1/patients/{ann.id}/reports",
                 f"/api/v1/reports/{ann_report['id']}"):
        r = client.get(path, headers=bearer(bob.token))
        assert r.status_code == 404 and "Leg" not in r.text and ann.name not in r.text


def test_patient_cannot_submit_for_another_patient(client, patients):
    ann, bob = patients
    assert submit(client, bob.token, ann.id, {"report": LEG_WEAKNESS}).status_code == 404
    assert submit(client, bob.token, bob.id, {"report": LEG_WEAKNESS}).status_code == 201


@pytest.mark.parametrize("method,path", [
    ("get", "/api/v1/queue"), ("get", "/api/v1/patients"), ("get", "/api/v1/audit"),
    ("post", "/api/v1/patients"),
])
def test_patient_token_is_refused_clinician_endpoints(client, patients, ann_report, method, path):
    r = getattr(client, method)(path, headers=bearer(patients[0].token))
    assert r.status_code == 403


def test_patient_cannot_acknowledge(client, patients, ann_report):
    r = client.post(f"/api/v1/reports/{ann_report['id']}/acknowledgements", json={"note": "fine"},
                    headers=bearer(patients[0].token))
    assert r.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer " + "x" * 500}])
def test_missing_or_bad_token_is_401(client, patients, headers):
    for path in ("/api/v1/queue", f"/api/v1/patients/{patients[0].id}/reports"):
        r = client.get(path, headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_patient_link_shows_only_own_result(app, client, patients, ann_report):
    ann, bob = patients
    assert client.get(f"/p/{ann.token}/reports/{ann_report['id']}").status_code == 200
    r = client.get(f"/p/{bob.token}/reports/{ann_report['id']}")
    assert r.status_code == 404 and "Get help now" not in r.text
    assert client.get("/p/not-a-token").status_code == 404


def test_patient_link_does_not_open_clinician_pages(app, patients, ann_report):
    with TestClient(app) as browser:
        browser.get(f"/p/{patients[0].token}")  # a patient's browser, with its cookies
        for path in ("/queue", f"/patients/{patients[0].id}", f"/patients/{patients[1].id}", "/audit",
                     f"/patients/{patients[0].id}/chart.svg"):
            r = browser.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/login", path
        r = browser.get("/api/v1/queue", headers=bearer(patients[0].token))
        assert r.status_code == 403


def test_clinician_pages_need_a_session_that_is_still_valid(app, client, nurse):
    assert login(client).status_code == 200
    assert client.get("/queue").status_code == 200
    with app.state.sessions.begin() as db:
        db.query(store.WebSession).delete()
    r = client.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_logout_ends_the_session(app, client, nurse):
    login(client)
    page = client.get("/queue")
    cookie = client.cookies.get("sw_session")
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    with TestClient(app) as other:
        other.cookies.set("sw_session", cookie)
        assert other.get("/queue", follow_redirects=False).status_code == 303
