"""Clinician login: argon2-checked passwords, server-side sessions, CSRF, rate-limited attempts."""

from __future__ import annotations

from .conftest import PASSWORD, audit_actions, csrf_from, login


def test_login_sets_a_session_and_is_audited(app, client, nurse):
    r = login(client)
    assert r.status_code == 200 and str(r.url).endswith("/queue")
    cookie = next(c for c in client.cookies.jar if c.name == "sw_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert ("user:nurse", "login", "nurse") in audit_actions(app)


def test_wrong_password_is_refused_and_audited(app, client, nurse):
    r = login(client, password="wrong")
    assert r.status_code == 401 and "do not match" in r.text
    assert "sw_session" not in client.cookies
    assert ("anonymous", "login.failed", "nurse") in audit_actions(app)


def test_login_is_rate_limited_even_for_the_right_password(app, client, nurse):
    limit = app.state.settings.login_failures_per_user
    for _ in range(limit):
        assert login(client, password="guess").status_code == 401
    r = login(client)
    assert r.status_code == 429 and "Too many" in r.text
    assert "sw_session" not in client.cookies
    assert ("anonymous", "login.blocked", "nurse") in audit_actions(app)


def test_rate_limit_per_address_covers_many_usernames(app, client, nurse):
    for i in range(app.state.settings.login_failures_per_ip):
        login(client, username=f"user{i}", password="guess")
    assert login(client).status_code == 429


def test_login_without_csrf_token_is_refused(client, nurse):
    client.get("/login")
    r = client.post("/login", data={"username": "nurse", "password": PASSWORD})
    assert r.status_code == 403
    r = client.post("/login", data={"username": "nurse", "password": PASSWORD, "csrf_token": "0" * 64})
    assert r.status_code == 403
    assert "sw_session" not in client.cookies


def test_csrf_token_from_another_browser_is_refused(app, client, nurse):
    from starlette.testclient import TestClient

    with TestClient(app) as attacker:
        token = csrf_from(attacker.get("/login").text)
    client.get("/login")
    r = client.post("/login", data={"csrf_token": token, "username": "nurse", "password": PASSWORD})
    assert r.status_code == 403


def test_acknowledge_form_needs_csrf(app, client, nurse, patients):
    from .test_api import LEG_WEAKNESS, submit

    report = submit(client, nurse.token, patients[0].id, {"report": LEG_WEAKNESS}).json()
    login(client)
    r = client.post(f"/reports/{report['id']}/acknowledge", data={"note": "done"})
    assert r.status_code == 403
    assert client.get("/api/v1/queue", headers={"Authorization": f"Bearer {nurse.token}"}).json()


def test_security_headers_on_pages(client):
    r = client.get("/login")
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"
