"""Debtor pages for paying by card: choose the amount, type the card, follow the payment until Stripe confirms it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.cases.routes import OwnCase
from portal.cases.service import CaseView
from portal.db import SessionDep, saved_id, utcnow
from portal.pages import render
from portal.payments import cards, wording
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import StripeGateway

router = APIRouter()
Short = Annotated[str, Form(max_length=40)]
MethodId = Annotated[str, Form(max_length=200)]


def card_gateway(request: Request) -> StripeGateway:
    """The gateway, or 404 when card payments are not configured: the pages then do not exist."""
    gateway: StripeGateway | None = request.app.state.gateway
    if gateway is None:
        raise HTTPException(status_code=404)
    return gateway


Gateway = Annotated[StripeGateway, Depends(card_gateway)]


def _card_page(
    request: Request, view: CaseView, attempt: PaymentAttempt, *, client_secret: str = "", message: str = ""
) -> HTMLResponse:
    context = {
        "view": view,
        "attempt": attempt,
        "client_secret": client_secret,
        "message": message,
        "retry_amount": f"{attempt.amount_minor // 100}.{attempt.amount_minor % 100:02d}",
        "signed_in": True,
    }
    return render(request, "payments/card.html", context)


@router.post("/cases/{reference}/card")
def choose_amount(
    request: Request, session: SessionDep, view: OwnCase, gateway: Gateway, choice: Short = "", amount: Short = ""
) -> Response:
    open_minor = view.balance.open()
    minimum = view.creditor.min_part_payment_minor
    amount_minor, error = cards.parse_card_amount(choice, amount, open_minor=open_minor, minimum_minor=minimum)
    if amount_minor is None:
        message = wording.card_error(error or "", open_minor=open_minor, minimum=minimum, currency=view.case.currency)
        context = {"view": view, "values": {"choice": choice, "amount": amount}, "error": message, "signed_in": True}
        return render(request, "payments/card_amount.html", context, status=400)
    attempt = cards.start_attempt(session, view, amount_minor, now=utcnow())
    return RedirectResponse(f"/cases/{view.case.reference}/card/{saved_id(attempt)}", status_code=303)


@router.get("/cases/{reference}/card/{attempt_id}")
def card_page(request: Request, session: SessionDep, view: OwnCase, gateway: Gateway, attempt_id: int) -> HTMLResponse:
    attempt = cards.attempt_of(session, view, attempt_id)
    if attempt is None:
        raise HTTPException(status_code=404)
    client_secret, message = cards.page_state(gateway, attempt)
    return _card_page(request, view, attempt, client_secret=client_secret, message=message)


@router.post("/cases/{reference}/card/{attempt_id}")
def pay(
    request: Request,
    session: SessionDep,
    view: OwnCase,
    gateway: Gateway,
    attempt_id: int,
    payment_method_id: MethodId = "",
) -> Response:
    attempt = cards.attempt_of(session, view, attempt_id, lock=True)
    if attempt is None:
        raise HTTPException(status_code=404)
    result = cards.pay(session, gateway, view, attempt, payment_method_id.strip(), now=utcnow())
    if result.step == cards.Step.DECLINED and attempt.state == "created":
        # Nothing reached Stripe (no card typed, or the balance changed): the same attempt can be tried again.
        return _card_page(request, view, attempt, message=wording.decline_sentence(result.reason))
    return RedirectResponse(f"/cases/{view.case.reference}/card/{attempt_id}", status_code=303)
