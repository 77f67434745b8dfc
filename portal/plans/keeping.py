"""Keeping track of active plans day by day: completion, a reminder when an instalment is late, a warning before
the plan would break, and the break itself. Run by `portal keep-plans` (cron until the engine's worker runs it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from portal.config import Settings
from portal.creditors.models import Creditor
from portal.payments.stripe_gateway import StripeGateway
from portal.plans import notices
from portal.plans.auto_collect import collect_due
from portal.plans.models import PaymentPlan, PlanInstalment
from portal.plans.money import case_ids_of, cases_in, open_balance, paid_toward
from portal.plans.policy import terms_of
from portal.plans.schedule import InstalmentState, Progress, progress
from portal.plans.service import end_plan, schedule_of

# The debtor is warned this many days before a plan would break (and again if the date moves).
WARN_DAYS = 7


@dataclass
class Kept:
    charged: int = 0
    reminded: int = 0
    warned: int = 0
    broken: int = 0
    completed: int = 0


def plan_progress(session: Session, plan: PaymentPlan, *, today: date) -> Progress:
    creditor = session.get(Creditor, plan.creditor_id)
    assert creditor is not None
    return progress(schedule_of(session, plan), paid_toward(session, plan), today=today, terms=terms_of(creditor))


def keep_plan(
    session: Session,
    settings: Settings,
    plan: PaymentPlan,
    *,
    today: date,
    now: datetime,
    gateway: StripeGateway | None = None,
) -> str | None:
    """One plan, one day: what happened to it (completed, broken, charged, warned, reminded) or None."""
    state = plan_progress(session, plan, today=today)
    first_case = cases_in(session, plan)[0]
    # Paid in full, or nothing left to pay (a dispute upheld, a credit note): the plan has done its work.
    if state.is_complete or open_balance(session, case_ids_of(session, plan)) <= 0:
        end_plan(session, plan, "completed", today=today, now=now)
        notices.notify(session, settings, plan, first_case, "plan_completed", now=now, dedupe="end")
        return "completed"
    if state.is_broken:
        end_plan(session, plan, "broken", today=today, now=now)
        notices.notify(session, settings, plan, first_case, "plan_broken", now=now, dedupe="end")
        return "broken"
    # A charge made today may pay what a warning or reminder would ask for: they wait for Stripe's answer.
    if gateway is not None and collect_due(session, settings, gateway, plan, state, today=today, now=now):
        return "charged"
    breaks_on = state.breaks_on
    near = breaks_on is not None and breaks_on - today <= timedelta(days=WARN_DAYS) and state.arrears_minor > 0
    if near and breaks_on is not None and plan.warned_breaks_on != breaks_on:
        plan.warned_breaks_on = breaks_on
        session.add(plan)
        notices.notify(
            session,
            settings,
            plan,
            first_case,
            "plan_warning",
            now=now,
            dedupe=breaks_on.isoformat(),
            amount_minor=state.arrears_minor,
            until=breaks_on - timedelta(days=1),
        )
        return "warned"
    rows = {row.seq: row for row in session.exec(select(PlanInstalment).where(PlanInstalment.plan_id == plan.id)).all()}
    for line in state.rows:
        row = rows.get(line.instalment.seq)
        if line.state == InstalmentState.LATE and row is not None and row.reminded_on is None:
            row.reminded_on = today
            session.add(row)
            notices.notify(
                session,
                settings,
                plan,
                first_case,
                "plan_late",
                now=now,
                dedupe=f"{row.seq}:{row.due_on.isoformat()}",
                amount_minor=line.instalment.amount_minor - line.paid_minor,
                due_on=line.instalment.due_on,
                until=line.grace_ends_on,
            )
            return "reminded"
    return None


def keep_plans(
    session: Session,
    settings: Settings,
    *,
    today: date,
    now: datetime,
    gateway: StripeGateway | None = None,
    after_each: Callable[[], None] | None = None,
) -> Kept:
    """Every active plan once. Writes flush in the caller's transaction; `after_each` (the CLI's commit) runs after
    every plan, so a crash mid-run loses at most the plan in hand."""
    kept = Kept()
    plan_ids = session.exec(
        select(PaymentPlan.id).where(PaymentPlan.state == "active").order_by(col(PaymentPlan.id))
    ).all()
    for plan_id in plan_ids:
        plan = session.get(PaymentPlan, plan_id)
        if plan is None or plan.state != "active":
            continue
        outcome = keep_plan(session, settings, plan, today=today, now=now, gateway=gateway)
        if outcome is not None:
            setattr(kept, outcome, getattr(kept, outcome) + 1)
        session.flush()
        if after_each is not None:
            after_each()
    return kept
