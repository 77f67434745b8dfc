"""Console case pages: search, the case, and the forms that record notes, money and corrected contact details."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.cases.service import CaseView
from portal.clock import BUSINESS_ZONE
from portal.clock import business_today as today
from portal.db import SessionDep, saved_id, utcnow
from portal.disputes.service import disputes_of
from portal.messages.service import staff_thread
from portal.pages import render
from portal.plans.views import latest_plan_for
from portal.staff import case_actions, cases, refunds, wording
from portal.staff.case_actions import ActionRefused
from portal.staff.current import AsCaseActor, AsCaseReader
from portal.support.service import staff_support

router = APIRouter(prefix="/staff")
Short = Annotated[str, Form(max_length=300)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than any limit, so the form can say what the limit is
ACTIONS = ("notes", "transfers", "credit-notes", "contact")


def readable_case(reference: str, session: SessionDep, actor: AsCaseReader) -> CaseView:
    """The case if this person may open it, or 404 — the same answer whether it exists or not."""
    view = cases.find_case(session, actor, reference, today=today())
    if view is None:
        raise HTTPException(status_code=404)
    return view


def actionable_case(reference: str, session: SessionDep, actor: AsCaseActor) -> CaseView:
    """As readable_case, for changes: creditor users and administrators are refused (403) before any lookup."""
    view = cases.find_case(session, actor, reference, today=today())
    if view is None:
        raise HTTPException(status_code=404)
    return view


ReadableCase = Annotated[CaseView, Depends(readable_case)]
ActionableCase = Annotated[CaseView, Depends(actionable_case)]


def _form(
    request: Request,
    view: CaseView,
    action: str,
    values: dict[str, str],
    refused: ActionRefused | None = None,
    **extra: object,
) -> HTMLResponse:
    messages = wording.case_error_messages(refused.errors, refused.params, view.case.currency) if refused else {}
    context = {
        "view": view,
        "action": action,
        "values": values,
        "messages": messages,
        "zone": BUSINESS_ZONE,
        "today": today(),
    }
    context.update(extra)
    return render(request, "staff/case_action.html", context, status=400 if refused else 200)


def _back(view: CaseView, anchor: str) -> RedirectResponse:
    return RedirectResponse(f"/staff/cases/{view.case.reference}#{anchor}", status_code=303)


@router.get("/cases")
def search_page(request: Request, session: SessionDep, actor: AsCaseReader, q: str = "") -> HTMLResponse:
    result = cases.search(session, actor, q[:200])
    return render(request, "staff/search.html", {"q": q[:200], "result": result})


@router.get("/cases/{reference}")
def case_page(request: Request, session: SessionDep, actor: AsCaseReader, view: ReadableCase) -> HTMLResponse:
    page = cases.case_page(session, actor, view, now=utcnow())
    context = {
        "page": page,
        "view": view,
        "disputes": disputes_of(session, view),
        "plan": latest_plan_for(session, saved_id(view.case)),
        "support": staff_support(session, actor, view),
        "thread": staff_thread(session, actor, view, now=utcnow()),
        "zone": BUSINESS_ZONE,
        "today": today(),
        "values": {},
        "messages": {},
    }
    return render(request, "staff/case.html", context)


@router.get("/cases/{reference}/{action}")
def action_form(
    request: Request, session: SessionDep, action: str, actor: AsCaseActor, view: ActionableCase
) -> HTMLResponse:
    if action not in ACTIONS:
        raise HTTPException(status_code=404)
    cases.record_view(session, actor, view, action)
    return _form(request, view, action, {})


@router.post("/cases/{reference}/notes")
def add_note(
    request: Request, session: SessionDep, actor: AsCaseActor, view: ActionableCase, text: Long = ""
) -> Response:
    try:
        case_actions.add_note(session, actor, view, text, now=utcnow())
    except ActionRefused as refused:
        return _form(request, view, "notes", {"text": text}, refused)
    return _back(view, "notes")


@router.post("/cases/{reference}/transfers")
def record_transfer(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    view: ActionableCase,
    amount: Short = "",
    received_on: Short = "",
    bank_reference: Short = "",
) -> Response:
    values = {"amount": amount, "received_on": received_on, "bank_reference": bank_reference}
    try:
        case_actions.record_transfer(session, actor, view, **values, now=utcnow(), today=today())
    except ActionRefused as refused:
        return _form(request, view, "transfers", values, refused)
    return _back(view, "payments")


@router.post("/cases/{reference}/credit-notes")
def record_credit_note(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    view: ActionableCase,
    amount: Short = "",
    issued_on: Short = "",
    number: Short = "",
) -> Response:
    values = {"amount": amount, "issued_on": issued_on, "number": number}
    try:
        case_actions.record_credit_note(session, actor, view, **values, now=utcnow(), today=today())
    except ActionRefused as refused:
        return _form(request, view, "credit-notes", values, refused)
    return _back(view, "payments")


@router.post("/cases/{reference}/contact")
def correct_contact(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    view: ActionableCase,
    email: Short = "",
    phone: Short = "",
    street: Short = "",
    postal_code: Short = "",
    city: Short = "",
) -> Response:
    values = {"email": email, "phone": phone, "street": street, "postal_code": postal_code, "city": city}
    try:
        case_actions.correct_contact(session, actor, view, values, now=utcnow())
    except ActionRefused as refused:
        return _form(request, view, "contact", values, refused)
    return _back(view, "debtor")


@router.post("/cases/{reference}/refunds")
def refund_card_payment(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    view: ActionableCase,
    entry_id: Short = "",
    amount: Short = "",
    reason: Long = "",
    sequence: Short = "",
) -> Response:
    values = {"entry_id": entry_id, "amount": amount, "reason": reason, "sequence": sequence}
    try:
        refunds.refund_card_payment(
            session, actor, view, request.app.state.gateway, **values, now=utcnow(), today=today()
        )
    except ActionRefused as refused:
        payment = refunds.payment_of(session, view, entry_id)
        return _form(request, view, "refunds", values, refused, refund=payment)
    return _back(view, "payments")
