"""Console pages for card payments: the ones awaiting Stripe's confirmation, and checking one with Stripe now."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from portal.clock import BUSINESS_ZONE
from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.staff import card_payments
from portal.staff.current import AsCaseActor, AsCaseReader
from portal.staff.wording import CHECK_RESULTS

router = APIRouter(prefix="/staff")


@router.get("/payments")
def payments_page(request: Request, session: SessionDep, actor: AsCaseReader, result: str = "") -> HTMLResponse:
    rows = card_payments.waiting_payments(session, actor, utcnow())
    shown = result if result in CHECK_RESULTS else ""
    context = {"rows": rows, "zone": BUSINESS_ZONE, "result": shown, "can_act": actor.can_act}
    return render(request, "staff/payments.html", context)


@router.post("/payments/{attempt_id}/check")
def check_payment(request: Request, session: SessionDep, actor: AsCaseActor, attempt_id: str) -> RedirectResponse:
    gateway = request.app.state.gateway  # after the permission check: refused people learn nothing
    is_id = attempt_id.isdigit() and len(attempt_id) < 10
    found = card_payments.visible_attempt(session, actor, int(attempt_id)) if is_id else None
    if gateway is None or found is None:
        raise HTTPException(status_code=404)
    result = card_payments.check_now(session, actor, gateway, found, now=utcnow(), today=today())
    return RedirectResponse(f"/staff/payments?result={result}", status_code=303)
