"""Console page for a referred plan request: the figures behind it, and the decision (agree, counter, decline)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.plans import review, service, views, wording
from portal.plans.models import PaymentPlan
from portal.plans.review import DecisionRefused
from portal.staff.actors import Actor, audit
from portal.staff.current import AsCaseActor, AsCaseReader

router = APIRouter(prefix="/staff")
Short = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is


def _load(session: SessionDep, actor: Actor, plan_id: str) -> PaymentPlan:
    plan = review.plan_for_staff(session, actor, int(plan_id)) if plan_id.isdigit() and len(plan_id) < 12 else None
    if plan is None:
        audit(session, actor, "staff.plan.not_found", about_debtor=False, plan_id=plan_id[:12])
        raise HTTPException(status_code=404)
    return plan


def readable_plan(plan_id: str, session: SessionDep, actor: AsCaseReader) -> PaymentPlan:
    return _load(session, actor, plan_id)


def actionable_plan(plan_id: str, session: SessionDep, actor: AsCaseActor) -> PaymentPlan:
    return _load(session, actor, plan_id)


ReadablePlan = Annotated[PaymentPlan, Depends(readable_plan)]
ActionablePlan = Annotated[PaymentPlan, Depends(actionable_plan)]


def _page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    plan: PaymentPlan,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    day = today()
    view = views.plan_view(session, plan, today=day)
    messages = wording.decision_errors(errors or {})
    audit(session, actor, "staff.plan.view", view.cases[0], plan_id=plan.id)
    context = {
        "view": view,
        "plan": plan,
        "reasons": wording.reason_sentences(
            plan, wording.reason_values(plan, view.policy, view.creditor.name), for_staff=True
        ),
        "household": service.household_of(plan),
        "values": values
        or {"first_due_on": review.first_due_for(plan, day, view.policy.first_payment_within_days).isoformat()},
        "messages": messages,
        "can_act": actor.can_act,
    }
    return render(request, "plans/staff.html", context, status=400 if errors else 200)


@router.get("/plans/{plan_id}")
def plan_page(request: Request, session: SessionDep, actor: AsCaseReader, plan: ReadablePlan) -> HTMLResponse:
    return _page(request, session, actor, plan)


def _back(plan: PaymentPlan) -> RedirectResponse:
    return RedirectResponse(f"/staff/plans/{plan.id}", status_code=303)


@router.post("/plans/{plan_id}/agree")
def agree(request: Request, session: SessionDep, actor: AsCaseActor, plan: ActionablePlan) -> Response:
    settings = request.app.state.settings
    try:
        review.agree(session, settings, actor, plan, today=today(), now=utcnow())
    except DecisionRefused as refused:
        return _page(request, session, actor, plan, errors=refused.errors)
    return _back(plan)


@router.post("/plans/{plan_id}/counter")
def counter(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    plan: ActionablePlan,
    monthly: Short = "",
    first_due_on: Short = "",
) -> Response:
    values = {"monthly": monthly, "first_due_on": first_due_on}
    try:
        review.counter(session, request.app.state.settings, actor, plan, **values, today=today(), now=utcnow())
    except DecisionRefused as refused:
        return _page(request, session, actor, plan, values=values, errors=refused.errors)
    return _back(plan)


@router.post("/plans/{plan_id}/decline")
def decline(
    request: Request, session: SessionDep, actor: AsCaseActor, plan: ActionablePlan, text: Long = ""
) -> Response:
    try:
        review.decline(session, request.app.state.settings, actor, plan, text=text, now=utcnow())
    except DecisionRefused as refused:
        return _page(request, session, actor, plan, values={"text": text[:4000]}, errors=refused.errors)
    return _back(plan)
