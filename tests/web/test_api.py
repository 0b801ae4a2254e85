"""The REST API: submit, list, queue, acknowledge; reports kept as submitted; bad input named."""

from __future__ import annotations

import json

import pytest

from spinewatch.web import _engine

from .conftest import audit_actions, bearer

LEG_WEAKNESS = {"cancers": [{"type": "breast"}], "pain": {"sites": ["thoracic"], "nrs": 6},
                "neurology": {"leg_weakness": True}}
MILD = {"pain": {"sites": ["lumbar"], "nrs": 2, "obvious_trigger": True, "course": "improving"}}


def _intake_available() -> bool:
    try:
        import spinewatch.intake  # noqa: F401
    except ImportError:
        return False
    return True


def submit(client, person_token, patient_id, payload):
    return client.post(f"/api/v1/patients/{patient_id}/reports", json=payload, headers=bearer(person_token))


def test_structured_report_is_stored_as_sent_and_assessed(client, nurse, patients):
    r = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS})
    assert r.status_code == 201, r.text
    body = r.json()
    assert json.loads(body["body"]) == LEG_WEAKNESS
    assert body["level"] == "emergency" and not body["needs_manual_triage"]
    a = body["assessments"][0]
    assert a["status"] == "ok" and a["kb_version"] and a["engine_version"]
    assert "E1" in [x["rule"] for x in a["result"]["assessment"]["reasons"]]
    assert a["result"]["engine_input"]["neurology"]["leg_weakness"] is True


def test_text_report_is_stored_verbatim_and_assessed_or_left_for_a_person(client, nurse, patients):
    text = "Back pain for 3 days, 5/10, my legs feel weak since this morning."
    r = submit(client, nurse.token, patients[0].id, {"text": text})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["body"] == text and body["kind"] == "text"
    if _intake_available():
        assert body["assessments"][0]["status"] == "ok"
        assert body["level"] == "emergency"  # weak legs
    else:
        assert body["needs_manual_triage"] and body["level"] == "manual"
        assert "intake" in body["assessments"][0]["error"]


def test_report_is_committed_before_the_engine_runs(app, client, nurse, patients, monkeypatch):
    """Fault injection: the engine cannot be made to fail on valid input, so we make it fail."""
    from spinewatch import store

    seen = []

    def failing_engine(report):
        with app.state.sessions() as db:  # a separate session sees only committed rows
            seen.append(db.query(store.Report).count())
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(_engine, "assess", failing_engine)
    r = submit(client, nurse.token, patients[0].id, {"report": MILD})
    assert r.status_code == 201
    assert seen == [1]
    body = r.json()
    assert body["needs_manual_triage"] and body["assessments"][0]["error"] == "RuntimeError: engine crashed"
    queue = client.get("/api/v1/queue", headers=bearer(nurse.token)).json()
    assert queue[0]["level"] == "manual" and queue[0]["report_id"] == body["id"]


def test_list_reports_and_get_one(client, nurse, patients):
    first = submit(client, nurse.token, patients[0].id, {"report": MILD}).json()
    second = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    submit(client, nurse.token, patients[1].id, {"report": MILD})
    listed = client.get(f"/api/v1/patients/{patients[0].id}/reports", headers=bearer(nurse.token)).json()
    assert [x["id"] for x in listed] == [first["id"], second["id"]]
    one = client.get(f"/api/v1/reports/{second['id']}", headers=bearer(nurse.token)).json()
    assert one["level"] == "emergency"
    assert one["assessments"][0]["worsening"] is True
    assert "pain up from 2 to 6" in one["assessments"][0]["worsening_why"]


def test_queue_order_and_acknowledgement_in_audit(app, client, nurse, patients):
    mild = submit(client, nurse.token, patients[1].id, {"report": MILD}).json()
    emergency = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    queue = client.get("/api/v1/queue", headers=bearer(nurse.token)).json()
    assert [q["report_id"] for q in queue] == [emergency["id"], mild["id"]]
    assert queue[0]["patient"]["display_name"] == "Ann"
    r = client.post(f"/api/v1/reports/{emergency['id']}/acknowledgements", json={"note": "Called, sent to ED"},
                    headers=bearer(nurse.token))
    assert r.status_code == 201 and r.json()["by"] == "nurse"
    queue = client.get("/api/v1/queue", headers=bearer(nurse.token)).json()
    assert [q["report_id"] for q in queue] == [mild["id"]]
    assert ("user:nurse", "report.acknowledged", f"report:{emergency['id']}") in audit_actions(app)
    audit = client.get("/api/v1/audit", params={"action": "report.acknowledged"}, headers=bearer(nurse.token))
    assert audit.json()[0]["detail"] == "Called, sent to ED"


def test_create_patient_returns_a_working_link_token(client, nurse):
    r = client.post("/api/v1/patients", json={"display_name": "Cy", "reference": "R9"}, headers=bearer(nurse.token))
    assert r.status_code == 201
    new = r.json()
    assert new["link_path"] == f"/p/{new['link_token']}"
    me = client.get(f"/api/v1/patients/{new['id']}", headers=bearer(new["link_token"]))
    assert me.status_code == 200 and me.json()["display_name"] == "Cy"
    dup = client.post("/api/v1/patients", json={"display_name": "Cy2", "reference": "R9"}, headers=bearer(nurse.token))
    assert dup.status_code == 409 and dup.json()["problems"][0]["field"] == "reference"


@pytest.mark.parametrize("payload,field", [
    ({"report": {"pain": {"nrs": 11}}}, "report.pain.nrs"),
    ({"report": {"pain": {"nrss": 3}}}, "report.pain.nrss"),
    ({"report": {"neurology": {"leg_weakness": "maybe"}}}, "report.neurology.leg_weakness"),
    ({"report": {"pain": {"sites": ["knee"]}}}, "report.pain.sites.0"),
    ({"report": {"id": "a\u0000b"}}, "report.id"),
    ({"text": ""}, "text"),
    ({"text": "nul \u0000 here"}, "text"),
    ({"text": "lone \ud800 surrogate"}, "text"),
    ({"text": "ok", "reported_at": "2999-01-01T00:00:00Z"}, "reported_at"),
    ({"text": "ok", "report": {}}, "(body)"),
    ({}, "(body)"),
    ({"txt": "typo"}, "txt"),
    ([1, 2], "(body)"),
])
def test_bad_reports_are_422_naming_the_field(client, nurse, patients, payload, field):
    r = client.post(f"/api/v1/patients/{patients[0].id}/reports", content=json.dumps(payload),
                    headers={**bearer(nurse.token), "content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert field in [p["field"] for p in r.json()["problems"]], r.json()


def test_invalid_json_is_422(client, nurse, patients):
    r = client.post(f"/api/v1/patients/{patients[0].id}/reports", content=b'{"text": ',
                    headers={**bearer(nurse.token), "content-type": "application/json"})
    assert r.status_code == 422


def test_oversized_body_is_refused(app, client, nurse, patients):
    limit = app.state.settings.max_body_bytes
    r = client.post(f"/api/v1/patients/{patients[0].id}/reports", json={"text": "x" * (limit + 1)},
                    headers=bearer(nurse.token))
    assert r.status_code == 413
    assert "limit" in r.json()["detail"]

    def chunks():  # no Content-Length: counted while streaming
        for _ in range(limit // 1000 + 2):
            yield b"x" * 1000

    r = client.post(f"/api/v1/patients/{patients[0].id}/reports", content=chunks(),
                    headers={**bearer(nurse.token), "content-type": "application/json"})
    assert r.status_code == 413


def test_unknown_ids_are_404(client, nurse):
    assert client.get("/api/v1/patients/nope/reports", headers=bearer(nurse.token)).status_code == 404
    assert client.get("/api/v1/reports/nope", headers=bearer(nurse.token)).status_code == 404
    r = client.post("/api/v1/reports/nope/acknowledgements", json={"note": "x"}, headers=bearer(nurse.token))
    assert r.status_code == 404


def test_openapi_is_served_and_lists_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/v1/patients/{patient_id}/reports", "/api/v1/queue",
                 "/api/v1/reports/{report_id}/acknowledgements"):
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200
