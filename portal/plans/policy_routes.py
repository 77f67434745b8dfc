"""Console pages where a creditor (or a supervisor for any creditor) sets the plan rules and the settlement offer."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import col, select

from portal.creditors.models import Creditor
from portal.db import SessionDep
from portal.pages import render
from portal.plans import wording
from portal.plans.policy import FIELDS, PlanRules, parse_rules
from portal.staff.actors import Actor, audit
from portal.staff.current import AsPlanRulesEditor

router = APIRouter(prefix="/staff")
Short = Annotated[str, Form(max_length=40)]


def _creditor(session: SessionDep, actor: Actor, creditor_id: str) -> Creditor:
    """A creditor user edits only their own creditor; the same 404 for any other, whether it exists or not."""
    creditor = session.get(Creditor, int(creditor_id)) if creditor_id.isdigit() and len(creditor_id) < 12 else None
    if creditor is None or (actor.user.role == "creditor" and actor.user.creditor_id != creditor.id):
        raise HTTPException(status_code=404)
    return creditor


def typed_values(creditor: Creditor) -> dict[str, str]:
    minimum = creditor.plan_min_instalment_minor
    discount = creditor.settlement_discount_bp
    values = {name: str(getattr(creditor, name)) for name in FIELDS if hasattr(creditor, name)}
    values["plan_min_instalment"] = f"{minimum // 100}" if minimum % 100 == 0 else f"{minimum / 100:.2f}"
    values["settlement_discount"] = f"{discount // 100}" if discount % 100 == 0 else f"{discount / 100:.2f}"
    return values


def _page(
    request: Request, creditor: Creditor, values: dict[str, str], errors: dict[str, str] | None = None
) -> HTMLResponse:
    context = {
        "creditor": creditor,
        "values": values,
        "messages": wording.rules_errors(errors or {}),
        "saved": request.query_params.get("saved") == "1",
    }
    return render(request, "plans/rules.html", context, status=400 if errors else 200)


@router.get("/plan-rules")
def rules_list(request: Request, session: SessionDep, actor: AsPlanRulesEditor) -> Response:
    if actor.user.role == "creditor":
        if actor.user.creditor_id is None:
            raise HTTPException(status_code=404)
        return RedirectResponse(f"/staff/plan-rules/{actor.user.creditor_id}", status_code=303)
    creditors = session.exec(select(Creditor).order_by(col(Creditor.name))).all()
    return render(request, "plans/rules_list.html", {"creditors": creditors})


@router.get("/plan-rules/{creditor_id}")
def rules_page(request: Request, session: SessionDep, actor: AsPlanRulesEditor, creditor_id: str) -> HTMLResponse:
    creditor = _creditor(session, actor, creditor_id)
    return _page(request, creditor, typed_values(creditor))


@router.post("/plan-rules/{creditor_id}")
def save_rules(
    request: Request,
    session: SessionDep,
    actor: AsPlanRulesEditor,
    creditor_id: str,
    plan_min_instalment: Short = "",
    plan_max_months: Short = "",
    plan_max_auto_months: Short = "",
    plan_first_payment_within_days: Short = "",
    plan_grace_days: Short = "",
    plan_missed_tolerance: Short = "",
    plan_max_moves: Short = "",
    plan_move_max_days: Short = "",
    settlement_discount: Short = "",
    settlement_valid_days: Short = "",
) -> Response:
    creditor = _creditor(session, actor, creditor_id)
    values = {name: value for name, value in locals().items() if name in FIELDS}
    rules, errors = parse_rules(values)
    if rules is None:
        return _page(request, creditor, values, errors)
    before = {name: getattr(creditor, name) for name in PlanRules.__dataclass_fields__}
    for name, value in asdict(rules).items():
        setattr(creditor, name, value)
    session.add(creditor)
    audit(
        session,
        actor,
        "staff.plan_rules.update",
        about_debtor=False,
        creditor_id=creditor.id,
        before=before,
        after=asdict(rules),
    )
    return RedirectResponse(f"/staff/plan-rules/{creditor.id}?saved=1", status_code=303)
