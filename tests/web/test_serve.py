"""`spinewatch serve`: one command starts the app on loopback and says where; --demo seeds data."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from spinewatch import store
from spinewatch.web import create_app
from spinewatch.web._demo import PATIENTS, load_demo

from .conftest import csrf_from


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(args: list[str], data_dir) -> Iterator[tuple[str, list[str]]]:
    """Run the CLI until it prints its address; yield (base URL, lines printed so far)."""
    env = {**os.environ, "SPINEWATCH_DATA_DIR": str(data_dir)}
    env.pop("SPINEWATCH_DATABASE_URL", None)
    cmd = [sys.executable, "-c", "from spinewatch.cli import app; app()", "serve", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError("server exited:\n" + "".join(lines))
            lines.append(line)
            if m := re.search(r"serving on (http://\S+?)/", line):
                base = m.group(1)
                break
        for _ in range(100):  # printed just before uvicorn binds
            try:
                httpx.get(base + "/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base, lines
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_creates_and_migrates_the_default_sqlite_file(tmp_path):
    port = _free_port()
    with running(["--port", str(port)], tmp_path) as (base, lines):
        assert base == f"http://127.0.0.1:{port}"
        assert httpx.get(base + "/api/v1/health").json() == {"status": "ok"}
        assert (tmp_path / "spinewatch.sqlite3").is_file()
        assert any(str(tmp_path / "spinewatch.sqlite3") in line for line in lines)


def test_serve_demo_prints_working_credentials_and_links(tmp_path):
    with running(["--demo", "--port", str(_free_port())], tmp_path) as (base, lines):
        text = "".join(lines)
        password = re.search(r"username 'nurse', password '([^']+)'", text).group(1)
        links = re.findall(r"demo patient link for [^:]+: (http://\S+)", text)
        assert len(links) == len(PATIENTS)
        with httpx.Client(base_url=base) as browser:
            assert "How is your back pain today?" in browser.get(links[0]).text
            page = browser.get("/login")
            r = browser.post("/login", data={"csrf_token": csrf_from(page.text), "username": "nurse",
                                             "password": password}, follow_redirects=True)
            assert r.status_code == 200 and "Triage queue" in r.text and "Ann Example" in r.text


def test_demo_histories_are_loaded_once_and_password_renewed(database_url):
    app = create_app(database_url)
    first = load_demo(app.state.sessions)
    second = load_demo(app.state.sessions)
    assert first.password != second.password
    with app.state.sessions() as db:
        assert db.query(store.Patient).count() == len(PATIENTS)
        assert db.query(store.Report).count() == sum(len(h) for _, _, h in PATIENTS)
        assert store.authenticate(db, "nurse", second.password) is not None
        assert store.authenticate(db, "nurse", first.password) is None
        assert all(r.assessments for r in db.query(store.Report))  # every report went through assessment
    app.state.sessions.kw["bind"].dispose()
