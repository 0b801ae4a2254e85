"""The application factory: one database, one set of settings, three groups of routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .. import store
from . import _api, _clinician_pages, _errors, _patient_pages
from ._render import render_error
from ._security import LimitsAndHeaders
from ._settings import Settings


def create_app(database_url: str | None = None, **settings: Any) -> FastAPI:
    """Open (create, migrate) the database and build the app. ``settings`` override Settings fields."""
    config = Settings(database_url=store.normalise_url(database_url or store.database_url_from_env()), **settings)
    app = FastAPI(title="spinewatch", version="1", docs_url="/api/v1/docs", redoc_url=None,
                  openapi_url="/api/v1/openapi.json", swagger_ui_oauth2_redirect_url=None,
                  description="Back pain triage for people with cancer: reports, assessments, triage queue.")
    app.state.settings = config
    app.state.sessions = store.open_database(config.database_url)
    app.state.render_error = render_error
    _errors.install(app)
    app.include_router(_api.router)
    app.include_router(_patient_pages.router)
    app.include_router(_clinician_pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.add_middleware(LimitsAndHeaders, max_body=config.max_body_bytes)
    return app
