"""``spinewatch serve``: build the app and run it under uvicorn, saying where it listens."""

from __future__ import annotations

from .. import store
from ._app import create_app
from ._demo import load_demo
from ._engine import warm_up


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, database_url: str | None = None) -> None:
    """Run until interrupted. ``demo`` without a database URL uses a separate demo database file."""
    import uvicorn

    url = database_url or (store.database_url_from_env("demo.sqlite3") if demo else None)
    app = create_app(url)
    base = f"http://{host}:{port}"
    if demo:
        access = load_demo(app.state.sessions)
        print(f"demo clinician login: username {access.username!r}, password {access.password!r}")
        for name, path in access.patient_links:
            print(f"demo patient link for {name}: {base}{path}")
    warm_up()
    print(f"database: {_safe(app.state.settings.database_url)}")
    print(f"spinewatch serving on {base}/  (API docs: {base}/api/v1/docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _safe(url: str) -> str:
    """The URL without a password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
