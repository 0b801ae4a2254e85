"""Shell administration: accounts and tokens made there work in the app, and are audited."""

from __future__ import annotations

from starlette.testclient import TestClient

from spinewatch import store
from spinewatch.web import admin, create_app

from .conftest import bearer, login


def test_add_user_token_and_patient_link(database_url, monkeypatch, capsys):
    monkeypatch.setenv("SPINEWATCH_NEW_PASSWORD", "twelve chars or more")
    assert admin.main(["--db", database_url, "add-user", "amy", "--name", "Amy"]) == 0
    assert admin.main(["--db", database_url, "add-token", "amy", "lab feed"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    app = create_app(database_url)
    with app.state.sessions.begin() as db:
        patient, old = store.create_patient(db, "Pat")
    assert admin.main(["--db", database_url, "patient-link", patient.id]) == 0
    link = capsys.readouterr().out.strip()
    with TestClient(app) as client:
        assert client.get("/api/v1/queue", headers=bearer(token)).status_code == 200
        assert login(client, "amy", "twelve chars or more").url.path == "/queue"
        assert client.get(link).status_code == 200
        assert client.get(f"/p/{old}").status_code == 404
    with app.state.sessions() as db:
        actions = [e.action for e in store.audit_events(db)]
    assert {"user.created", "token.created", "patient.link_reissued"} <= set(actions)
    app.state.sessions.kw["bind"].dispose()


def test_short_password_and_unknown_names_are_refused(database_url, monkeypatch):
    monkeypatch.setenv("SPINEWATCH_NEW_PASSWORD", "short")
    assert admin.main(["--db", database_url, "add-user", "amy"]) == 2
    assert admin.main(["--db", database_url, "add-token", "nobody", "x"]) == 2
    assert admin.main(["--db", database_url, "patient-link", "nope"]) == 2
