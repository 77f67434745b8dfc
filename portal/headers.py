"""Security headers on every response, and a cap on request body size (pure ASGI middleware)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portal.config import Settings
from portal.pages import render

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
# Stripe's published CSP needs for Stripe.js and 3-D Secure frames; localstripe serves all of it from one origin.
STRIPE_SOURCES = {
    "script-src": "https://js.stripe.com https://*.js.stripe.com",
    "frame-src": "https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com",
    "connect-src": "https://api.stripe.com",
}


def content_security_policy(settings: Settings) -> str:
    """The strict policy, opened to Stripe's origins only when card payments are configured."""
    if not settings.card_payments:
        return CSP
    local = settings.stripe_origin if settings.stripe_api_base else None
    extra = {name: local or sources for name, sources in STRIPE_SOURCES.items()}
    policy = CSP.replace("script-src 'self'", f"script-src 'self' {extra['script-src']}")
    policy = policy.replace("connect-src 'self'", f"connect-src 'self' {extra['connect-src']}")
    return policy.replace("form-action 'self'", f"frame-src {extra['frame-src']}; form-action 'self'")


HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(self)"),
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, csp: str = CSP) -> None:
        self.app = app
        self.headers = [(b"content-security-policy", csp.encode()), *HEADERS]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                # A response that sets one of these itself (a file download's stricter CSP) keeps its own.
                present = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in self.headers if k not in present)
                if not scope["path"].startswith("/static/") and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuses bodies over the limit before anything parses them; the error page explains it.

    Multipart bodies (forms with files) may be up to `multipart_max_bytes`; each file is checked again when it is kept.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, multipart_max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.multipart_max_bytes = multipart_max_bytes or max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        is_multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = self.multipart_max_bytes if is_multipart else self.max_bytes
        declared = headers.get(b"content-length", b"0")
        received = int(declared) if declared.isdigit() else 0
        if received > limit:
            # Answered before anything reads the body; the language is already known here.
            response = render(Request(scope), "errors/error.html", {"status": 413}, status=413)
            await response(scope, receive, send)
            return

        async def limited_receive() -> Message:
            nonlocal received
            if received > limit:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += 0 if declared.isdigit() else len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        await self.app(scope, limited_receive, send)
