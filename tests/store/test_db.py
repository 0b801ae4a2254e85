"""Opening and migrating the database; where the default database lives."""

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from spinewatch import store
from spinewatch.store import _db

TABLES = {"users", "patients", "reports", "assessments", "acknowledgements", "audit_events", "api_tokens",
          "web_sessions", "alembic_version"}


def test_open_creates_and_migrates_every_table(database_url):
    sessions = store.open_database(database_url)
    assert TABLES <= set(inspect(sessions.kw["bind"]).get_table_names())
    with sessions() as db:
        assert db.execute(text("select version_num from alembic_version")).scalar() == "0001"


def test_migrating_twice_keeps_the_data(database_url):
    sessions = store.open_database(database_url)
    with sessions.begin() as db:
        store.create_user(db, "amy", "a long password")
    again = store.open_database(database_url)
    with again() as db:
        assert db.scalar(text("select count(*) from users")) == 1


def test_default_database_is_a_sqlite_file_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("SPINEWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("SPINEWATCH_DATA_DIR", str(tmp_path / "data"))
    url = store.database_url_from_env()
    assert url == f"sqlite:///{tmp_path / 'data' / 'spinewatch.sqlite3'}"
    store.open_database(url)
    assert (tmp_path / "data" / "spinewatch.sqlite3").is_file()


def test_data_dir_follows_xdg_when_not_set(monkeypatch, tmp_path):
    monkeypatch.delenv("SPINEWATCH_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert _db.data_dir() == Path(tmp_path) / "spinewatch"


def test_database_url_from_env_wins(monkeypatch):
    monkeypatch.setenv("SPINEWATCH_DATABASE_URL", "postgresql://u@h/db")
    assert store.database_url_from_env() == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize("url,expected", [
    ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_normalise_url(url, expected):
    assert store.normalise_url(url) == expected


def test_migrations_match_the_models(database_url):
    """A model change without a migration (or the reverse) fails here, on both databases."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    sessions = store.open_database(database_url)
    with sessions.kw["bind"].connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), store.Base.metadata)
    assert diffs == []
