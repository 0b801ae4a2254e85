"""Errors as answers: bad input becomes a 4xx that names the field, never a traceback.

API paths get JSON ``{"detail": ..., "problems": [{"field", "message"}]}``; pages get a short
HTML page in the same plain language as the rest of the site.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException


class FieldError(Exception):
    """Bad input in a named field (dotted path)."""

    def __init__(self, field: str, message: str, status: int = 422):
        super().__init__(f"{field}: {message}")
        self.problems, self.status = [(field, message)], status

    @classmethod
    def many(cls, problems: list[tuple[str, str]], status: int = 422) -> FieldError:
        err = cls(*problems[0], status=status)
        err.problems = problems
        return err


def _json(status: int, problems: list[tuple[str, str]]) -> JSONResponse:
    detail = "; ".join(f"{f}: {m}" for f, m in problems)
    return JSONResponse({"detail": detail, "problems": [{"field": f, "message": m} for f, m in problems]},
                        status_code=status)


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts) or "(body)"


def _message(err: dict) -> str:
    msg = str(err.get("msg", "invalid"))
    if err.get("type") == "extra_forbidden":
        return "unknown field (check the spelling)"
    return msg.removeprefix("Value error, ")


def install(app: FastAPI) -> None:
    @app.exception_handler(FieldError)
    async def _field_error(request: Request, exc: FieldError) -> Response:
        return _json(exc.status, exc.problems)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if not request.url.path.startswith("/api/"):
            return app.state.render_error(request, 422, "Something in the form could not be read. Please go back and try again.")
        return _json(422, [(_field(tuple(e.get("loc", ()))), _message(e)) for e in exc.errors()])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return app.state.render_error(request, exc.status_code, str(exc.detail))
