"""Request-level protections: body size limit, security headers and CSRF tokens.

CSRF uses a random per-browser cookie (HttpOnly, SameSite=Strict) and a form field holding its
HMAC under the app's secret: a page on another site can neither read the cookie nor forge the
field. It also covers the login form, which is posted before any session exists.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "sw_csrf"
CSRF_FIELD = "csrf_token"

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # patient links carry a token in the path
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
]


class LimitsAndHeaders:
    """Refuse bodies over ``max_body`` with 413 (declared or streamed) and add security headers.

    A streamed body that goes over the limit is answered with 413 at once; the app then sees
    the client as gone and anything it still tries to send is dropped.
    """

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _too_large(self.max_body, send)
            return
        seen, refused = 0, False

        async def counted_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                refused = True
                await _too_large(self.max_body, send)
                return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            if refused:
                return
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except Exception:
            if not refused:
                raise


async def _too_large(limit: int, send: Send) -> None:
    body = f'{{"detail":"request body too large; the limit is {limit} bytes"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
                + _HEADERS})
    await send({"type": "http.response.body", "body": body})


def _sign(secret: bytes, seed: str) -> str:
    return hmac.new(secret, seed.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token to put in this page's forms (creating the browser's cookie seed if needed)."""
    seed = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_seed", None)
    if not seed:
        seed = request.state.csrf_seed = secrets.token_urlsafe(24)
    return _sign(request.app.state.settings.secret_key, seed)


def set_csrf_cookie(request: Request, response: Response) -> None:
    seed = getattr(request.state, "csrf_seed", None)
    if seed:
        response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="strict",
                            secure=request.app.state.settings.secure_cookies, path="/")


def csrf_ok(request: Request, submitted: str | None) -> bool:
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or not submitted:
        return False
    return hmac.compare_digest(_sign(request.app.state.settings.secret_key, seed), submitted)
