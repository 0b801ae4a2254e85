"""Clinician pages: the queue, the patient record with its chart, acknowledging, the audit log."""

from __future__ import annotations

import re

from .conftest import audit_actions, bearer, csrf_from, login
from .test_api import LEG_WEAKNESS, MILD, submit


def test_queue_makes_unacknowledged_emergencies_impossible_to_miss(client, nurse, patients):
    submit(client, nurse.token, patients[1].id, {"report": MILD})
    submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS})
    login(client)
    html = client.get("/queue").text
    assert 'role="alert" id="emergency-alarm"' in html
    assert "1 unacknowledged emergency" in html
    assert html.startswith("<!doctype html>") and "<title>(1 EMERGENCY)" in html
    rows = re.findall(r'<tr class="row-(\w+)" data-patient="(\w+)">', html)
    assert rows == [("emergency", patients[0].id), ("routine", patients[1].id)]
    assert 'http-equiv="refresh"' in html


def test_no_alarm_when_nothing_is_an_emergency(client, nurse, patients):
    submit(client, nurse.token, patients[1].id, {"report": MILD})
    login(client)
    assert "emergency-alarm" not in client.get("/queue").text


def test_patient_page_shows_chart_reasons_actions_sources_and_worsening(app, client, nurse, patients):
    submit(client, nurse.token, patients[0].id, {"report": MILD})
    submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS})
    login(client)
    html = client.get(f"/patients/{patients[0].id}").text
    assert f'src="/patients/{patients[0].id}/chart.svg"' in html and "alt=" in html
    for heading in ("Reasons", "Actions", "Sources:", "Report as submitted"):
        assert heading in html
    assert "Red flag" in html and "New neurological symptom" in html
    assert "▲ Worsening: pain up from 2 to 6" in html
    assert ("user:nurse", "patient.viewed", None) in audit_actions(app, patient_id=patients[0].id)


def test_chart_is_a_matplotlib_svg(client, nurse, patients):
    for report in (MILD, LEG_WEAKNESS):
        submit(client, nurse.token, patients[0].id, {"report": report})
    login(client)
    r = client.get(f"/patients/{patients[0].id}/chart.svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in r.content and b"Matplotlib" in r.content
    assert b"pain score" in r.content or b"pain" in r.content


def test_chart_of_a_patient_without_reports_still_renders(client, nurse, patients):
    login(client)
    assert client.get(f"/patients/{patients[1].id}/chart.svg").status_code == 200


def test_acknowledging_with_a_note_clears_the_queue_and_is_audited(app, client, nurse, patients):
    report = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    login(client)
    page = client.get(f"/patients/{patients[0].id}")
    r = client.post(f"/reports/{report['id']}/acknowledge",
                    data={"csrf_token": csrf_from(page.text), "note": "Phoned; ambulance arranged"})
    assert r.status_code == 200
    assert "Acknowledged by Nora Nurse" in r.text and "Phoned; ambulance arranged" in r.text
    assert "emergency-alarm" not in client.get("/queue").text
    audit = client.get("/audit").text
    assert "report.acknowledged" in audit and "Phoned; ambulance arranged" in audit
    assert ("user:nurse", "report.acknowledged", f"report:{report['id']}") in audit_actions(app)


def test_empty_note_is_refused(client, nurse, patients):
    report = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    login(client)
    page = client.get(f"/patients/{patients[0].id}")
    r = client.post(f"/reports/{report['id']}/acknowledge", data={"csrf_token": csrf_from(page.text), "note": " "})
    assert r.status_code == 422
    assert client.get("/api/v1/queue", headers=bearer(nurse.token)).json()


def test_every_clinician_page_view_and_action_is_audited(app, client, nurse, patients):
    report = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    login(client)
    client.get("/queue")
    client.get("/patients")
    page = client.get(f"/patients/{patients[0].id}")
    client.get(f"/patients/{patients[0].id}/chart.svg")
    client.post(f"/reports/{report['id']}/acknowledge", data={"csrf_token": csrf_from(page.text), "note": "ok"})
    created = client.post("/patients", data={"csrf_token": csrf_from(page.text), "display_name": "Cy"})
    assert created.status_code == 201 and "/p/" in created.text
    client.get("/audit")
    client.post("/logout", data={"csrf_token": csrf_from(page.text)})
    actions = {a for actor, a, _ in audit_actions(app) if actor == "user:nurse"}
    assert {"login", "queue.viewed", "patients.listed", "patient.viewed", "chart.viewed", "report.acknowledged",
            "patient.created", "audit.viewed", "logout"} <= actions


def test_needs_manual_triage_is_shown(app, client, nurse, patients, monkeypatch):
    from spinewatch.web import _engine

    def broken(report):
        raise RuntimeError("knowledge base missing")

    monkeypatch.setattr(_engine, "assess", broken)
    submit(client, nurse.token, patients[0].id, {"report": MILD})
    login(client)
    assert "Needs manual triage" in client.get("/queue").text
    html = client.get(f"/patients/{patients[0].id}").text
    assert "Needs manual triage" in html and "knowledge base missing" in html
