"""CSRF protection: a random cookie per browser, and forms carry an HMAC of it bound to our key."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "__Host-accord_csrf"
FIELD = "csrf_token"


class CsrfRejected(Exception):
    pass


def _cookie_header(value: str) -> bytes:
    return f"{COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Lax".encode()


def token_for(key: str, cookie_value: str) -> str:
    return hmac.new(key.encode(), f"csrf:{cookie_value}".encode(), hashlib.sha256).hexdigest()


class CsrfCookie:
    """Gives every browser a CSRF cookie before its first form, and exposes the form token to templates."""

    def __init__(self, app: ASGIApp, key: str) -> None:
        self.app = app
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        value = request.cookies.get(COOKIE, "")
        fresh = not (20 <= len(value) <= 100)
        if fresh:
            value = secrets.token_urlsafe(32)
        state = scope.setdefault("state", {})
        state["csrf_cookie"] = value
        state["csrf_token"] = token_for(self.key, value)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and fresh:
                message.setdefault("headers", []).append((b"set-cookie", _cookie_header(value)))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def rotated_cookie() -> str:
    """A new cookie on sign-in, so a token planted before sign-in is worthless after it."""
    return _cookie_header(secrets.token_urlsafe(32)).decode()


async def verify_csrf(request: Request) -> None:
    """Dependency for every router: refuses unsafe requests whose form token does not match the cookie."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    cookie = request.cookies.get(COOKIE, "")
    form = await request.form()
    sent = str(form.get(FIELD, ""))
    expected = token_for(request.app.state.settings.secret_key, cookie) if cookie else ""
    if not cookie or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfRejected
