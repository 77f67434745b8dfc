"""Public pages to pay by case number without signing in."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal import i18n
from portal.auth.attempts import client_address
from portal.clock import BUSINESS_ZONE
from portal.clock import business_today as today
from portal.csrf import COOKIE as CSRF_COOKIE
from portal.db import SessionDep, saved_id, utcnow
from portal.pages import render
from portal.payments import cards, public_pay, wording
from portal.payments.card_routes import Gateway
from portal.payments.models import PaymentAttempt

router = APIRouter(prefix="/pay")
Short = Annotated[str, Form(max_length=40)]
MethodId = Annotated[str, Form(max_length=200)]


def _opened(request: Request, session: SessionDep, attempt_id: int, token: str, *, lock: bool = False) -> tuple:
    found = public_pay.opened(
        session,
        attempt_id,
        token,
        secret_key=request.app.state.settings.secret_key,
        browser_key=request.cookies.get(CSRF_COOKIE, ""),
        today=today(),
        lock=lock,
    )
    if found is None:
        raise HTTPException(status_code=404)
    return found


def _card_page(request: Request, attempt: PaymentAttempt, view: object, token: str, **extra: str) -> HTMLResponse:
    context = {"attempt": attempt, "view": view, "action": f"/pay/{attempt.id}/{token}", **extra}
    return render(request, "payments/public_card.html", context)


@router.get("")
def pay_form(request: Request, gateway: Gateway) -> HTMLResponse:
    return render(request, "payments/public_start.html", {"values": {}})


@router.post("")
def pay_start(
    request: Request, session: SessionDep, gateway: Gateway, case_number: Short = "", amount: Short = ""
) -> Response:
    started = public_pay.start(
        session, case_number, amount, address=client_address(request), now=utcnow(), today=today()
    )
    if started.attempt is None:
        context = {"values": {"case_number": case_number, "amount": amount}, "error": started.error}
        if started.locked_until:
            context["locked_until"] = i18n.format_clock(started.locked_until, BUSINESS_ZONE)
        return render(request, "payments/public_start.html", context, status=429 if started.locked_until else 400)
    attempt_id = saved_id(started.attempt)
    token = public_pay.access_token(
        request.app.state.settings.secret_key, attempt_id, request.cookies.get(CSRF_COOKIE, "")
    )
    return RedirectResponse(f"/pay/{attempt_id}/{token}", status_code=303)


@router.get("/{attempt_id}/{token}")
def pay_card(request: Request, session: SessionDep, gateway: Gateway, attempt_id: int, token: str) -> HTMLResponse:
    attempt, view = _opened(request, session, attempt_id, token)
    client_secret, message = cards.page_state(gateway, attempt)
    return _card_page(request, attempt, view, token, client_secret=client_secret, message=message)


@router.post("/{attempt_id}/{token}")
def pay_submit(
    request: Request,
    session: SessionDep,
    gateway: Gateway,
    attempt_id: int,
    token: str,
    payment_method_id: MethodId = "",
) -> Response:
    attempt, view = _opened(request, session, attempt_id, token, lock=True)
    result = cards.pay(session, gateway, view, attempt, payment_method_id.strip(), now=utcnow())
    if result.step == cards.Step.DECLINED and attempt.state == "created":
        return _card_page(request, attempt, view, token, message=wording.decline_sentence(result.reason))
    return RedirectResponse(f"/pay/{attempt_id}/{token}", status_code=303)
