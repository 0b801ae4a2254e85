"""Rendering pages: Jinja2 templates with the CSRF token, no caching, and a few filters."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from ._security import csrf_token, set_csrf_cookie

LEVEL_LABELS = {"emergency": "Emergency", "manual": "Needs manual triage", "urgent": "Urgent", "soon": "Soon",
                "routine": "Routine"}

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%d %b %Y %H:%M UTC") if value else ""


def _waiting(value: datetime) -> str:
    minutes = int((datetime.now(UTC) - value).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // 1440} days"


templates.env.filters["when"] = _when
templates.env.filters["waiting"] = _waiting
templates.env.globals["LEVEL_LABELS"] = LEVEL_LABELS


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    ctx = {"csrf_token": csrf_token(request), "settings": request.app.state.settings, **(context or {})}
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    set_csrf_cookie(request, response)
    response.headers["Cache-Control"] = "no-store"
    return response


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status=status)
