"""Debtor pages for a plan's saved card: save one so instalments are taken on their due dates, or stop that."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.auth.attempts import client_address
from portal.clock import business_today as today
from portal.db import SessionDep, saved_id, utcnow
from portal.i18n import N_, gettext
from portal.pages import render
from portal.payments.card_routes import Gateway
from portal.payments.stripe_gateway import CardDeclined
from portal.plans import auto_collect, views
from portal.plans.models import PaymentPlan
from portal.plans.routes import OwnPlan

router = APIRouter()
MethodId = Annotated[str, Form(max_length=200)]

NOT_SAVED = {
    "card_declined": N_("Your card was declined, so it was not saved. No money was taken. Please try another card."),
    "expired_card": N_("Your card has expired, so it was not saved. Please try another card."),
    "incorrect_cvc": N_("The security code of the card is not correct, so it was not saved. Please try again."),
    "processing_error": N_("The card could not be saved just now. No money was taken. Please try again later."),
    "authentication_required": N_(
        "Your bank wants to confirm this card with you each time, so it cannot be used for automatic payments. "
        "Please try another card, or pay each instalment yourself."
    ),
    "no_card": N_("Please type the card details before you save the card."),
}


def not_saved(code: str) -> str:
    return gettext(NOT_SAVED.get(code, NOT_SAVED["card_declined"]))


def active_plan(plan: OwnPlan) -> PaymentPlan:
    """The signed-in debtor's plan while it is being kept; a card means nothing to any other plan, so 404."""
    if plan.state != "active":
        raise HTTPException(status_code=404)
    return plan


ActivePlan = Annotated[PaymentPlan, Depends(active_plan)]


def _card_page(
    request: Request, session: SessionDep, plan: PaymentPlan, *, message: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "view": views.plan_view(session, plan, today=today()),
        "plan": plan,
        "charged": auto_collect.charged_instalments(session, plan),
        "message": message,
        "signed_in": True,
    }
    return render(request, "plans/card.html", context, status=status)


@router.get("/plans/{plan_id}/card")
def card_page(request: Request, session: SessionDep, plan: ActivePlan, gateway: Gateway) -> HTMLResponse:
    return _card_page(request, session, plan)


@router.post("/plans/{plan_id}/card")
def save_card(
    request: Request, session: SessionDep, plan: ActivePlan, gateway: Gateway, payment_method_id: MethodId = ""
) -> Response:
    try:
        auto_collect.save_card_for_plan(
            session, gateway, plan, payment_method_id.strip(), utcnow(), address=client_address(request)
        )
    except CardDeclined as declined:
        return _card_page(request, session, plan, message=not_saved(declined.reason_code), status=400)
    return RedirectResponse(f"/plans/{saved_id(plan)}?card=saved", status_code=303)


@router.post("/plans/{plan_id}/card/stop")
def stop(request: Request, session: SessionDep, plan: ActivePlan) -> Response:
    auto_collect.stop_auto_collect(session, plan, utcnow(), address=client_address(request))
    return RedirectResponse(f"/plans/{saved_id(plan)}?card=stopped", status_code=303)
