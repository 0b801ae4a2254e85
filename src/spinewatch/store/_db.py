"""Where the database is, opening it, and bringing its schema up to date.

SQLite is the default so that ``spinewatch serve`` needs nothing installed; PostgreSQL is used
when a URL is given (``--db`` or SPINEWATCH_DATABASE_URL). Migrations ship inside the package
and run on every start, so an upgrade of spinewatch upgrades the database with it.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_HERE = Path(__file__).parent


def data_dir() -> Path:
    """$SPINEWATCH_DATA_DIR, else $XDG_DATA_HOME/spinewatch, else ~/.local/share/spinewatch."""
    if env := os.environ.get("SPINEWATCH_DATA_DIR"):
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spinewatch"


def database_url_from_env(filename: str = "spinewatch.sqlite3") -> str:
    """SPINEWATCH_DATABASE_URL if set, else a SQLite file in the data directory."""
    if url := os.environ.get("SPINEWATCH_DATABASE_URL"):
        return normalise_url(url)
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / filename}"


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` URLs (as libpq tools write them) use psycopg 3, the driver we ship."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        # More connections than the server has worker threads (40): a thread never waits for one.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=20, max_overflow=30)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_size=20, max_overflow=30, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the queue page read while a report is being written; foreign keys are off by
    # default in SQLite and we rely on them.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration shipped with this version."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str | None = None) -> sessionmaker[Session]:
    """Open (creating and migrating if needed) the database; return a session factory."""
    engine = make_engine(url or database_url_from_env())
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
