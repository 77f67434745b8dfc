"""Debtor pages for payment plans: ask for one, see the answer and the comparison, confirm it, keep it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.auth.attempts import client_address
from portal.auth.current import SignedIn
from portal.clock import business_today as today
from portal.db import SessionDep, saved_id, utcnow
from portal.debtors.models import Debtor
from portal.pages import render
from portal.plans import service, views, wording
from portal.plans.forms import parse_household, parse_note, parse_plan_form
from portal.plans.groups import Group, group_of, groups_of
from portal.plans.models import PaymentPlan
from portal.plans.service import PlanRefused
from portal.staff.forms import parse_day

router = APIRouter()
Short = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is
References = Annotated[list[str] | None, Form(max_length=40)]


def own_plan(plan_id: str, session: SessionDep, signed_in: SignedIn) -> PaymentPlan:
    """The signed-in debtor's plan, or 404 — the same answer whether the plan exists or not."""
    plan = (
        service.plan_of(session, signed_in.debtor_id, int(plan_id)) if plan_id.isdigit() and len(plan_id) < 12 else None
    )
    if plan is None:
        raise HTTPException(status_code=404)
    return plan


OwnPlan = Annotated[PaymentPlan, Depends(own_plan)]


def _debtor(session: SessionDep, signed_in: SignedIn) -> Debtor:
    debtor = session.get(Debtor, signed_in.debtor_id)
    if debtor is None:
        raise HTTPException(status_code=404)
    return debtor


def _new_page(
    request: Request,
    debtor: Debtor,
    groups: list[Group],
    group: Group | None,
    values: dict[str, str],
    chosen: list[str],
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    day = today()
    context = {
        "groups": groups,
        "group": group,
        "values": values,
        "chosen": chosen,
        "messages": wording.error_messages(errors or {}),
        "is_company": debtor.is_company,
        "today": day,
        "latest_first_due": day + timedelta(days=group.policy.first_payment_within_days) if group else day,
        "signed_in": True,
    }
    return render(request, "plans/new.html", context, status=400 if errors else 200)


@router.get("/plans/new")
def new_plan(request: Request, session: SessionDep, signed_in: SignedIn, case: str = "") -> HTMLResponse:
    debtor = _debtor(session, signed_in)
    groups = groups_of(session, signed_in.debtor_id, today=today())
    group = group_of(groups, case.upper()[:16]) or (groups[0] if groups else None)
    chosen = [case.upper()[:16]] if group and case else [s.case.reference for s in group.cases] if group else []
    # A week ahead, or sooner when the creditor wants the first payment sooner.
    days = min(7, group.policy.first_payment_within_days) if group else 7
    values = {"way": "amount", "first_due_on": (today() + timedelta(days=days)).isoformat(), "household_size": "1"}
    return _new_page(request, debtor, groups, group, values, chosen)


def plan_fields(
    way: Short = "",
    monthly: Short = "",
    months: Short = "",
    first_due_on: Short = "",
    household_size: Short = "",
    dependants: Short = "",
    net_income: Short = "",
    housing: Short = "",
    living_costs: Short = "",
    utilities: Short = "",
    food: Short = "",
    transport: Short = "",
    other: Short = "",
    other_debts: Short = "",
    detailed: Short = "",
) -> dict[str, str]:
    """Every field of the plan form as typed, so a refused form shows it again unchanged."""
    return {name: value for name, value in locals().items()}


Fields = Annotated[dict[str, str], Depends(plan_fields)]


@router.post("/plans/new")
def ask_for_plan(
    request: Request, session: SessionDep, signed_in: SignedIn, fields: Fields, cases: References = None
) -> Response:
    debtor = _debtor(session, signed_in)
    day = today()
    groups = groups_of(session, signed_in.debtor_id, today=day)
    chosen = [reference.strip().upper() for reference in (cases or [])[:50]]
    group = next((found for ref in chosen if (found := group_of(groups, ref))), None)
    allowed = {summary.case.reference for summary in group.cases} if group else set()
    form, errors = parse_plan_form(fields, chosen, allowed=allowed, is_company=debtor.is_company, today=day)
    if form is None or group is None:
        return _new_page(request, debtor, groups, group or (groups[0] if groups else None), fields, chosen, errors)
    try:
        plan = service.propose(
            session, debtor, group, form, note=None, today=day, now=utcnow(), address=client_address(request)
        )
    except PlanRefused as refused:
        return _new_page(request, debtor, groups, group, fields, chosen, {"cases": refused.code})
    return RedirectResponse(f"/plans/{plan.id}", status_code=303)


def _plan_page(
    request: Request,
    session: SessionDep,
    plan: PaymentPlan,
    *,
    message: str = "",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    day = today()
    view = views.plan_view(session, plan, today=day)
    reason_values = wording.reason_values(plan, view.policy, view.creditor.name)
    context = {
        "view": view,
        "plan": plan,
        "reasons": wording.reason_sentences(plan, reason_values),
        "message": message,
        "values": values or {},
        "messages": wording.error_messages(errors or {}),
        "notice": request.query_params.get("done", "")[:20],
        "card_notice": request.query_params.get("card", "")[:20],
        "signed_in": True,
    }
    return render(request, "plans/plan.html", context, status=status)


@router.get("/plans")
def plan_list(request: Request, session: SessionDep, signed_in: SignedIn) -> HTMLResponse:
    plans = views.plans_of(session, signed_in.debtor_id)
    return render(request, "plans/list.html", {"plans": plans, "signed_in": True})


@router.get("/plans/{plan_id}")
def plan_page(request: Request, session: SessionDep, plan: OwnPlan) -> HTMLResponse:
    return _plan_page(request, session, plan)


@router.post("/plans/{plan_id}/confirm")
def confirm_plan(request: Request, session: SessionDep, plan: OwnPlan, auto_collect: Short = "") -> Response:
    try:
        service.confirm(
            session,
            plan,
            auto_collect=auto_collect == "1",
            today=today(),
            now=utcnow(),
            address=client_address(request),
        )
    except PlanRefused as refused:
        return _plan_page(request, session, plan, message=wording.refusal(refused.code), status=409)
    target = f"/plans/{plan.id}/card" if plan.auto_collect else f"/plans/{plan.id}?done=confirmed"
    return RedirectResponse(target, status_code=303)


@router.post("/plans/{plan_id}/review")
def ask_a_person(
    request: Request, session: SessionDep, plan: OwnPlan, fields: Fields, note: Long = "", with_details: Short = ""
) -> Response:
    """A person looks at the request instead of the rules (GDPR art. 22), with the detailed figures if given."""
    household = service.household_of(plan)
    errors: dict[str, str] = {}
    if with_details == "1" and household is not None:
        household, errors = parse_household({**fields, "detailed": "1"}, detailed=True)
    text, note_error = parse_note(note)
    if note_error:
        errors["note"] = note_error
    if errors:
        values = {**fields, "note": note[:2000]}
        return _plan_page(request, session, plan, values=values, errors=errors, status=400)
    try:
        service.refer(session, plan, household=household, note=text, now=utcnow())
    except PlanRefused as refused:
        return _plan_page(request, session, plan, message=wording.refusal(refused.code), status=409)
    return RedirectResponse(f"/plans/{plan.id}?done=referred", status_code=303)


@router.post("/plans/{plan_id}/details")
def add_details(request: Request, session: SessionDep, plan: OwnPlan, fields: Fields, note: Long = "") -> Response:
    """While a person has it: the detailed costs and a note for them."""
    if plan.state != "referred":
        return _plan_page(request, session, plan, message=wording.refusal("not_open"), status=409)
    household = service.household_of(plan)
    errors: dict[str, str] = {}
    if household is not None:
        household, errors = parse_household({**fields, "detailed": "1"}, detailed=True)
    text, note_error = parse_note(note)
    if note_error:
        errors["note"] = note_error
    if errors:
        return _plan_page(request, session, plan, values={**fields, "note": note[:2000]}, errors=errors, status=400)
    service.add_details(session, plan, household=household, note=text)
    return RedirectResponse(f"/plans/{plan.id}?done=details", status_code=303)


@router.post("/plans/{plan_id}/cancel")
def withdraw(request: Request, session: SessionDep, plan: OwnPlan) -> Response:
    try:
        service.cancel(session, plan, now=utcnow())
    except PlanRefused as refused:
        return _plan_page(request, session, plan, message=wording.refusal(refused.code), status=409)
    return RedirectResponse(f"/plans/{plan.id}?done=withdrawn", status_code=303)


@router.post("/plans/{plan_id}/move")
def move_due_date(
    request: Request, session: SessionDep, plan: OwnPlan, seq: Short = "", new_due_on: Short = ""
) -> Response:
    values = {"seq": seq, "new_due_on": new_due_on}
    number = int(seq) if seq.isdigit() and len(seq) < 5 else None
    day, error = parse_day(new_due_on, today=date.max)
    errors = {name: code for name, code in (("seq", None if number else "missing"), ("new_due_on", error)) if code}
    if errors or number is None or day is None:
        return _plan_page(request, session, plan, values=values, errors=errors, status=400)
    try:
        service.move_due(session, plan, number, day, today=today(), now=utcnow(), address=client_address(request))
    except PlanRefused as refused:
        message = wording.refusal(refused.code, move_max_days=refused.move_max_days)
        return _plan_page(request, session, plan, message=message, values=values, status=409)
    return RedirectResponse(f"/plans/{saved_id(plan)}?done=moved", status_code=303)
