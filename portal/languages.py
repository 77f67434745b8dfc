"""Which language a request is served in, and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from portal import i18n
from portal.pages import render

COOKIE = "accord_lang"

router = APIRouter()


class LanguageFromRequest:
    """An explicit choice (cookie) wins, then the browser's languages, then English."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            chosen = request.cookies.get(COOKIE)
            scope.setdefault("state", {})["language_chosen"] = i18n.is_language(chosen)
            browser = i18n.language_from_header(request.headers.get("accept-language"))
            i18n.set_language(chosen if chosen and i18n.is_language(chosen) else browser or i18n.DEFAULT_LANGUAGE)
        await self.app(scope, receive, send)


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target[:500]


@router.get("/lang/{code}", response_model=None)
def switch_language(code: str, request: Request, next: str | None = None) -> Response:
    if not i18n.is_language(code):
        return render(request, "errors/language.html", {"next": safe_next(next)}, status=404)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, path="/", secure=True, samesite="lax")
    return response
