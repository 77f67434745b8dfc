"""Sign-in pages: the link landing page, the typed-code form and sign-out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal import i18n
from portal.auth import service
from portal.auth.attempts import client_address
from portal.auth.current import SignedIn, cleared_session_cookie, session_cookie
from portal.auth.factors import Factor
from portal.auth.forms import normalize_reference, parse_factor
from portal.auth.service import SignInResult
from portal.clock import BUSINESS_ZONE
from portal.csrf import rotated_cookie
from portal.db import SessionDep, utcnow
from portal.languages import COOKIE as LANGUAGE_COOKIE
from portal.pages import render

router = APIRouter()

Field = Annotated[str, Form(max_length=2000)]


def _signed_in(request: Request, result: SignInResult) -> Response:
    response = RedirectResponse("/cases", status_code=303)
    if result.language and not request.state.language_chosen:
        # The notice's language stays the default after sign-in, until the person picks another one.
        response.set_cookie(LANGUAGE_COOKIE, result.language, max_age=365 * 24 * 3600, secure=True, samesite="lax")
    response.headers.append("set-cookie", session_cookie(result.session_token or ""))
    response.headers.append("set-cookie", rotated_cookie())
    return response


def _refused(request: Request, template: str, context: dict, result: SignInResult) -> HTMLResponse:
    if result.locked_until:
        context["locked_until"] = i18n.format_clock(result.locked_until, BUSINESS_ZONE)
        return render(request, template, context, status=429)
    context["refused"] = True
    return render(request, template, context, status=400)


@router.get("/")
def home(request: Request) -> HTMLResponse:
    return render(request, "auth/home.html")


def _link_form(request: Request, session: SessionDep, token: str) -> service.LinkForm:
    """The link's form, in the notice's language unless the person chose one: on the page and on every answer."""
    form = service.link_form(session, token)
    if form.language and not request.state.language_chosen:
        i18n.set_language(form.language)
    return form


@router.get("/l/{token}")
def link_landing(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    form = _link_form(request, session, token)
    return render(request, "auth/link.html", {"factor": form.factor, "token": token, "values": {}, "errors": {}})


@router.post("/l/{token}")
def link_sign_in(
    token: str,
    request: Request,
    session: SessionDep,
    day: Field = "",
    month: Field = "",
    year: Field = "",
    factor_text: Field = "",
) -> Response:
    factor = _link_form(request, session, token).factor
    values = {"day": day, "month": month, "year": year, "factor_text": factor_text}
    now: datetime = utcnow()
    parsed = parse_factor(values, wants_text=factor is not Factor.BIRTH_DATE, today=now.date())
    context = {"factor": factor, "token": token, "values": values, "errors": parsed.errors}
    if parsed.errors:
        return render(request, "auth/link.html", context, status=400)
    result = service.sign_in_with_link(
        session, token, parsed.given, address=client_address(request), now=now, settings=request.app.state.settings
    )
    return _signed_in(request, result) if result.succeeded else _refused(request, "auth/link.html", context, result)


@router.get("/sign-in")
def code_form(request: Request) -> HTMLResponse:
    return render(request, "auth/code.html", {"values": {}, "errors": {}})


@router.post("/sign-in")
def code_sign_in(
    request: Request,
    session: SessionDep,
    reference: Field = "",
    code: Field = "",
    day: Field = "",
    month: Field = "",
    year: Field = "",
    factor_text: Field = "",
) -> Response:
    values = {
        "reference": reference,
        "code": code,
        "day": day,
        "month": month,
        "year": year,
        "factor_text": factor_text,
    }
    now = utcnow()
    wants_text = bool(factor_text.strip()) and not (day or month or year)
    parsed = parse_factor(values, wants_text=wants_text, today=now.date())
    errors = dict(parsed.errors)
    if not reference.strip():
        errors["reference"] = "missing"
    if not code.strip():
        errors["code"] = "missing"
    context = {"values": values, "errors": errors}
    if errors:
        return render(request, "auth/code.html", context, status=400)
    result = service.sign_in_with_code(
        session,
        normalize_reference(reference),
        code,
        parsed.given,
        address=client_address(request),
        now=now,
        settings=request.app.state.settings,
    )
    return _signed_in(request, result) if result.succeeded else _refused(request, "auth/code.html", context, result)


@router.post("/sign-out")
def sign_out(request: Request, session: SessionDep, signed_in: SignedIn) -> Response:
    service.end_session(session, signed_in, now=utcnow())
    response = RedirectResponse("/signed-out", status_code=303)
    response.headers.append("set-cookie", cleared_session_cookie())
    response.headers.append("set-cookie", rotated_cookie())
    return response


@router.get("/signed-out")
def signed_out(request: Request) -> HTMLResponse:
    return render(request, "auth/signed_out.html")
