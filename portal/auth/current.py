"""The signed-in debtor of a request, as a dependency no debtor route can forget."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from portal.auth.models import DebtorSession
from portal.auth.service import active_session
from portal.db import SessionDep, utcnow

SESSION_COOKIE = "__Host-accord_session"


class SignInRequired(Exception):
    pass


def current_session(request: Request, session: SessionDep) -> DebtorSession:
    found = active_session(
        session, request.cookies.get(SESSION_COOKIE, ""), now=utcnow(), settings=request.app.state.settings
    )
    if found is None:
        raise SignInRequired
    return found


SignedIn = Annotated[DebtorSession, Depends(current_session)]


def session_cookie(token: str) -> str:
    return f"{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax"


def cleared_session_cookie() -> str:
    return f"{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0"
