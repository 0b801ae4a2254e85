"""End to end in Debian's chromium: a patient reports leg weakness; a nurse sees, opens, acknowledges.

Screenshots go to $SPINEWATCH_SCREENSHOT_DIR when set (docs/screenshots for the README), else to
the test's temporary directory.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from spinewatch import store
from spinewatch.report import parse_report
from spinewatch.web import create_app
from spinewatch.web._triage import Submission, submit

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[str, object, dict[str, str]]]:
    """The app under uvicorn on loopback, with a nurse, Ann (no reports) and Bob (an older mild one)."""
    import uvicorn

    app = create_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}")
    with app.state.sessions.begin() as db:
        store.create_user(db, "nurse", PASSWORD, "Nora Nurse")
        ann, ann_token = store.create_patient(db, "Ann Example", "MRN-001")
        bob, _ = store.create_patient(db, "Bob Example", "MRN-002")
    now = store.utcnow()
    history = [(bob, 0.01, {"pain": {"sites": ["lumbar"], "nrs": 3, "course": "stable"}}, False),
               (ann, 12, {"pain": {"sites": ["lumbar"], "nrs": 2}}, True),
               (ann, 5, {"pain": {"sites": ["lumbar"], "nrs": 3, "night_pain": False}}, True),
               (ann, 2, {"pain": {"sites": ["thoracic"], "nrs": 5, "night_pain": True}}, True)]
    for patient, days, report, acknowledged in history:
        row, _ = submit(app.state.sessions, patient.id, Submission("structured", json.dumps(report),
                        report=parse_report(report)), actor="test", source="api",
                        submitted_at=now - timedelta(days=days))
        if acknowledged:  # Ann's older reports were dealt with at the time
            with app.state.sessions.begin() as db:
                db.add(store.Acknowledgement(report_id=row.id, user_id=1, note="seen in clinic",
                                             created_at=row.submitted_at + timedelta(hours=3)))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{server.config.port}"
    yield base, app, {"ann": ann.id, "ann_token": ann_token}
    server.should_exit = True
    thread.join(timeout=10)
    app.state.sessions.kw["bind"].dispose()


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{CHROMIUM} missing (scripts/test-deps.sh installs it)")
        pytest.skip(f"{CHROMIUM} missing (scripts/test-deps.sh installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SPINEWATCH_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_leg_weakness_to_acknowledgement(site, chromium, shots):
    base, app, ids = site
    # The patient, on a phone, with JavaScript off: the form must work without it.
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False,
                                 device_scale_factor=2)
    page = phone.new_page()
    page.goto(f"{base}/p/{ids['ann_token']}")
    assert page.title().startswith("How is your back")
    page.screenshot(path=str(shots / "patient-form.png"))
    weak = page.get_by_role("group", name="Are your legs weak or heavy, or do they give way?")
    weak.get_by_label("Yes").focus()
    page.keyboard.press("Space")  # keyboard, not mouse
    assert weak.get_by_label("Yes").is_checked()
    page.get_by_role("group", name="How bad has your pain been").get_by_label("7").check()
    page.get_by_role("group", name="Where is the pain?").get_by_label("Upper or middle back").check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**/reports/*")
    headline = page.get_by_role("heading", level=1)
    assert headline.inner_text().strip() == "Get help now."
    assert page.locator(".do-now-emergency").is_visible()
    page.screenshot(path=str(shots / "patient-result-emergency.png"), full_page=True)
    phone.close()

    # The nurse, on a desktop.
    desk = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill("nurse")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/queue")
    alarm = page.locator("#emergency-alarm")
    assert alarm.is_visible() and "Ann Example" in alarm.inner_text()
    first_row = page.locator("table.queue tbody tr").first
    assert "Ann Example" in first_row.inner_text() and "Emergency" in first_row.inner_text()
    assert page.locator("table.queue tbody tr").count() == 2
    page.screenshot(path=str(shots / "clinician-queue.png"), full_page=True)

    first_row.get_by_role("link", name="Ann Example").click()
    page.wait_for_url(f"**/patients/{ids['ann']}*")
    chart = page.locator("#trajectory-chart")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_by_text("▲ Worsening").first.is_visible()
    assert page.get_by_text("New neurological symptom").first.is_visible()
    page.screenshot(path=str(shots / "clinician-patient.png"))

    page.get_by_label("Note (what you did or will do)").fill("Phoned Ann: ambulance to ED, MSCC coordinator told")
    page.get_by_role("button", name="Acknowledge").click()
    ack = page.locator("p.ack", has_text="Phoned Ann: ambulance to ED")
    assert ack.is_visible() and "Acknowledged by Nora Nurse" in ack.inner_text()

    page.get_by_role("link", name="Triage queue").click()
    assert page.locator("#emergency-alarm").count() == 0
    page.get_by_role("link", name="Audit log").click()
    row = page.locator("tr.audit-report-acknowledged").first
    assert "user:nurse" in row.inner_text() and "ambulance to ED" in row.inner_text()
    page.screenshot(path=str(shots / "clinician-audit.png"))
    desk.close()

    with app.state.sessions() as db:
        acks = store.audit_events(db, action="report.acknowledged")
    assert [(e.actor, e.patient_id) for e in acks] == [("user:nurse", ids["ann"])]
