"""Staff sign-in: username and password, then a code from an authenticator app; and sign-out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal import i18n
from portal.auth.attempts import client_address
from portal.clock import BUSINESS_ZONE
from portal.csrf import rotated_cookie
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.staff import service
from portal.staff.current import PendingStaff, SignedInStaff, cleared_cookie, cookie
from portal.staff.permissions import home_of

router = APIRouter(prefix="/staff")
Text = Annotated[str, Form(max_length=200)]


def _continue(location: str, token: str) -> Response:
    response = RedirectResponse(location, status_code=303)
    response.headers.append("set-cookie", cookie(token))
    response.headers.append("set-cookie", rotated_cookie())
    return response


def _refused(request: Request, template: str, locked_until: object) -> HTMLResponse:
    if locked_until:
        context = {"locked_until": i18n.format_clock(locked_until, BUSINESS_ZONE)}  # type: ignore[arg-type]
        return render(request, template, context, status=429)
    return render(request, template, {"refused": True}, status=400)


@router.get("")
def console_home(staff: SignedInStaff) -> RedirectResponse:
    return RedirectResponse(home_of(staff.user.role), status_code=303)


@router.get("/sign-in")
def sign_in_form(request: Request) -> HTMLResponse:
    return render(request, "staff/sign_in.html")


@router.post("/sign-in")
def sign_in(request: Request, session: SessionDep, username: Text = "", password: Text = "") -> Response:
    result = service.check_password(
        session, username, password, address=client_address(request), now=utcnow(), settings=request.app.state.settings
    )
    if result.session_token:
        return _continue("/staff/sign-in/code", result.session_token)
    return _refused(request, "staff/sign_in.html", result.locked_until)


@router.get("/sign-in/code")
def code_form(request: Request, pending: PendingStaff) -> HTMLResponse:
    return render(request, "staff/code.html")


@router.post("/sign-in/code")
def code(request: Request, session: SessionDep, pending: PendingStaff, code: Text = "") -> Response:
    result = service.check_code(
        session, pending, code, address=client_address(request), now=utcnow(), settings=request.app.state.settings
    )
    if result.session_token:
        return _continue("/staff", result.session_token)
    return _refused(request, "staff/code.html", result.locked_until)


@router.post("/sign-out")
def sign_out(session: SessionDep, staff: SignedInStaff) -> Response:
    service.end_session(session, staff.session, now=utcnow())
    response = RedirectResponse("/staff/sign-in", status_code=303)
    response.headers.append("set-cookie", cleared_cookie())
    response.headers.append("set-cookie", rotated_cookie())
    return response
