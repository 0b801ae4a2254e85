"""An app on a fresh database of each kind, a clinician and two patients, and page helpers."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import pytest

with warnings.catch_warnings():  # starlette nags about httpx vs httpx2; httpx is what we have
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from spinewatch import store
from spinewatch.store._testing import database_url, pg_cluster  # noqa: F401 (fixtures)
from spinewatch.web import create_app

PASSWORD = "a sufficiently long test password"


@dataclass
class Person:
    id: str
    token: str  # patient: link token; clinician: API token
    name: str


@pytest.fixture
def app(database_url):  # noqa: F811 (the fixture imported above)
    app = create_app(database_url, secret_key=b"k" * 32)
    yield app
    app.state.sessions.kw["bind"].dispose()


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def nurse(app) -> Person:
    with app.state.sessions.begin() as db:
        user = store.create_user(db, "nurse", PASSWORD, "Nora Nurse")
        return Person(str(user.id), store.create_api_token(db, user, "tests"), "nurse")


@pytest.fixture
def patients(app) -> list[Person]:
    out = []
    with app.state.sessions.begin() as db:
        for name in ("Ann", "Bob"):
            p, token = store.create_patient(db, name, f"REF-{name}")
            out.append(Person(p.id, token, name))
    return out


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client: TestClient, username: str = "nurse", password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf_from(page.text), "username": username,
                                       "password": password})


def audit_actions(app, **filters) -> list[tuple[str, str, str | None]]:
    with app.state.sessions() as db:
        return [(e.actor, e.action, e.target) for e in store.audit_events(db, limit=1000, **filters)]
