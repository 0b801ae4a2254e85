"""Pytest fixtures for tests that need a real database, imported by the test suites' conftests.

``database_url`` is parametrised over SQLite and PostgreSQL. The PostgreSQL cluster is started
once per test session (see ``_pgcluster``); each test gets a fresh database in it, as each
gets a fresh SQLite file. Without the server binaries the PostgreSQL cases are skipped with the
reason, except under CI (CI=true), where that is a failure: CI installs the server.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from ._pgcluster import find_pg_bin, throwaway_cluster


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    """Admin URL of a throwaway PostgreSQL cluster for this test session."""
    if find_pg_bin() is None:
        message = "PostgreSQL server binaries not found (scripts/test-deps.sh installs them)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with throwaway_cluster() as url:
        yield url


def _fresh_pg_database(admin_url: str) -> Iterator[str]:
    name = f"t_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A URL for an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'spinewatch.sqlite3'}"
    else:
        yield from _fresh_pg_database(request.getfixturevalue("pg_cluster"))
