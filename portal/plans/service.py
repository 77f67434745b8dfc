"""Payment plans for a debtor: which cases may join one, asking for one, confirming it, keeping track of it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseEvent
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_
from portal.plans import schedule as schedules
from portal.plans.affordability import Assessment, ByAmount, Household, Plan, assess, requested_plan
from portal.plans.forms import PlanForm
from portal.plans.groups import Group
from portal.plans.models import OPEN_STATES, PaymentPlan, PlanCase, PlanInstalment
from portal.plans.money import case_ids_of, cases_in, open_balance, paid_toward
from portal.plans.policy import terms_of
from portal.plans.references import check_living_costs
from portal.plans.schedule import Instalment
from portal.rules import pack_for
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register, register_queue


def _plan_page(item: WorkItem) -> str:
    plan_id = item.data.get("plan_id")
    return f"/staff/plans/{plan_id}" if isinstance(plan_id, int) else "/staff/work"


register_queue("plans", N_("Payment plans"))
PLAN_REVIEW = register(
    WorkType(
        "plan_review",
        "plans",
        N_("Decide on a payment plan request"),
        timedelta(days=3),
        priority=2,
        handler=_plan_page,
    )
)


class PlanRefused(Exception):
    """The request cannot go ahead as it stands; `code` is a reason code for portal.plans.wording."""

    def __init__(self, code: str, *, move_max_days: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.move_max_days = move_max_days  # for the sentence of a refused move


def _household_data(household: Household | None) -> dict[str, int] | None:
    if household is None:
        return None
    return {
        "net_income_minor": household.net_income_minor,
        "housing_minor": household.housing_minor,
        "utilities_minor": household.utilities_minor,
        "food_minor": household.food_minor,
        "transport_minor": household.transport_minor,
        "other_minor": household.other_minor,
        "other_debts_minor": household.other_debts_minor,
        "household_size": household.household_size,
        "dependants": household.dependants,
    }


def household_of(plan: PaymentPlan) -> Household | None:
    return Household(**plan.household) if plan.household is not None else None


def _figures(assessment: Assessment, flags_basis: Any, living: dict[str, int | None]) -> dict[str, Any]:
    protected = assessment.protected
    figures: dict[str, Any] = {
        "protected_minor": protected.amount_minor if protected else None,
        "protected_reason": protected.reason if protected else None,
        "disposable_minor": assessment.disposable_minor,
        "affordable_minor": assessment.affordable_minor,
        **living,
    }
    for name, basis in (("protected_basis", protected.basis if protected else None), ("living_basis", flags_basis)):
        if basis is not None:
            figures[name] = {"citation": basis.citation, "status": basis.status}
    return figures


def propose(
    session: Session,
    debtor: Debtor,
    group: Group,
    form: PlanForm,
    *,
    note: str | None,
    today: date,
    now: datetime,
    address: str,
) -> PaymentPlan:
    """Assesses the request and writes the answer: a plan to confirm, a counter-offer, or a referral to a person."""
    chosen = [summary for summary in group.cases if summary.case.reference in form.case_references]
    if len(chosen) != len(form.case_references):
        raise PlanRefused("cases_changed")
    balance = sum(summary.balance.open() for summary in chosen)
    pack = pack_for(chosen[0].case.jurisdiction)
    household = None if debtor.is_company else form.household
    assessment = assess(pack, household, balance_minor=balance, request=form.request, policy=group.policy, on=today)
    living = check_living_costs(pack, household, today) if household is not None else None
    offered = assessment.plan or requested_plan(balance, form.request)
    plan = PaymentPlan(
        debtor_id=saved_id(debtor),
        creditor_id=saved_id(group.creditor),
        currency=group.currency,
        state={"accepted": "proposed", "counter_offer": "countered", "referred": "referred"}[assessment.outcome],
        outcome=assessment.outcome.value,
        reasons=list(assessment.reasons),
        flags=list(living.flags) if living else [],
        figures=_figures(
            assessment,
            living.basis if living else None,
            {
                "living_floor_minor": living.floor_minor if living else None,
                "living_reference_minor": living.reference_minor if living else None,
            },
        ),
        asked_by="amount" if isinstance(form.request, ByAmount) else "months",
        asked_monthly_minor=form.request.monthly_minor if isinstance(form.request, ByAmount) else None,
        asked_months=None if isinstance(form.request, ByAmount) else form.request.months,
        asked_first_due_on=form.request.first_due_on,
        household=_household_data(household),
        debtor_note=note,
        balance_minor=balance,
        monthly_minor=offered.monthly_minor,
        months=offered.months,
        last_minor=offered.last_minor,
        first_due_on=offered.first_due_on,
        created_at=now,
    )
    _withdraw_open(session, saved_id(debtor), [saved_id(s.case) for s in chosen], now=now)
    session.add(plan)
    session.flush()
    for summary in chosen:
        session.add(PlanCase(plan_id=saved_id(plan), case_id=saved_id(summary.case)))
    if plan.state == "referred":
        _refer(session, plan, chosen[0].case, now=now)
    record(
        session,
        "plan.propose",
        actor_kind="debtor",
        actor_id=debtor.id,
        debtor_id=debtor.id,
        case_id=chosen[0].case.id,
        address=address,
        plan_id=plan.id,
        outcome=plan.outcome,
    )
    session.flush()
    return plan


def _withdraw_open(session: Session, debtor_id: int, case_ids: Sequence[int], *, now: datetime) -> None:
    """A new request replaces any earlier unanswered one for the same cases."""
    earlier = session.exec(
        select(PaymentPlan)
        .join(PlanCase, col(PlanCase.plan_id) == PaymentPlan.id)
        .where(
            PaymentPlan.debtor_id == debtor_id,
            col(PaymentPlan.state).in_(OPEN_STATES),
            col(PlanCase.case_id).in_(case_ids),
        )
    ).all()
    for plan in {saved_id(plan): plan for plan in earlier}.values():
        plan.state = "cancelled"
        plan.ended_on = now.date()
        close_item(session, plan, now, reason="withdrawn by the debtor")
        session.add(plan)


def close_item(session: Session, plan: PaymentPlan, now: datetime, *, reason: str, by_id: int | None = None) -> None:
    """The plan's review item is done: the debtor withdrew the request or a person answered it."""
    item = session.get(WorkItem, plan.work_item_id) if plan.work_item_id else None
    if item is not None and item.state != "closed":
        item.state, item.closed_at, item.closed_by_id, item.close_reason = "closed", now, by_id, reason
        session.add(item)


def _refer(session: Session, plan: PaymentPlan, case: Case, *, now: datetime) -> None:
    item = create_item(
        session,
        kind=PLAN_REVIEW.code,
        case_id=saved_id(case),
        summary=plan.debtor_note[:200] if plan.debtor_note else f"{plan.balance_minor / 100:.2f} {plan.currency}",
        now=now,
        data={"plan_id": saved_id(plan)},
    )
    plan.work_item_id = saved_id(item)
    session.add(plan)
    for case_id in case_ids_of(session, plan):
        event(session, case_id, "plan_referred", now=now, actor_kind="debtor")


def refer(session: Session, plan: PaymentPlan, *, household: Household | None, note: str | None, now: datetime) -> None:
    """The debtor asks a person to look at the request instead (GDPR art. 22), with any details they add."""
    if plan.state not in ("proposed", "countered"):
        raise PlanRefused("not_open")
    plan.state = "referred"
    if household is not None:
        plan.household = _household_data(household)
    if note:
        plan.debtor_note = note
    cases = cases_in(session, plan)
    _refer(session, plan, cases[0], now=now)
    session.flush()


def add_details(session: Session, plan: PaymentPlan, *, household: Household | None, note: str | None) -> None:
    if household is not None:
        plan.household = _household_data(household)
    if note:
        plan.debtor_note = note
    session.add(plan)
    session.flush()


def event(session: Session, case_id: int, kind: str, *, now: datetime, actor_kind: str, **data: Any) -> None:
    session.add(CaseEvent(case_id=case_id, occurred_at=now, actor_kind=actor_kind, kind=kind, data=data))


def plan_of(session: Session, debtor_id: int, plan_id: int) -> PaymentPlan | None:
    """The debtor's own plan, or None whoever else's it is."""
    plan = session.get(PaymentPlan, plan_id)
    return plan if plan is not None and plan.debtor_id == debtor_id else None


def offered_plan(plan: PaymentPlan) -> Plan:
    return Plan(plan.monthly_minor, plan.months, plan.last_minor, plan.first_due_on)


def confirm(
    session: Session, plan: PaymentPlan, *, auto_collect: bool, today: date, now: datetime, address: str
) -> PaymentPlan:
    """The debtor agrees to the plan on offer: its instalments are fixed and collection of its cases is suspended."""
    if plan.state not in ("proposed", "countered"):
        raise PlanRefused("not_open")
    cases = [_lock(session, case_id) for case_id in case_ids_of(session, plan)]
    if any(case.is_closed or case.is_disputed or case.has_active_plan for case in cases):
        raise PlanRefused("cases_changed")
    if open_balance(session, [saved_id(case) for case in cases]) != plan.balance_minor:
        raise PlanRefused("balance_changed")
    if plan.first_due_on < today:
        raise PlanRefused("offer_expired")
    for instalment in schedules.instalments(offered_plan(plan)):
        session.add(
            PlanInstalment(
                plan_id=saved_id(plan),
                seq=instalment.seq,
                due_on=instalment.due_on,
                original_due_on=instalment.due_on,
                amount_minor=instalment.amount_minor,
            )
        )
    plan.state = "active"
    plan.auto_collect = auto_collect
    plan.confirmed_at = now
    plan.started_on = today
    for case in cases:
        case.has_active_plan = True
        session.add(case)
        event(
            session,
            saved_id(case),
            "plan_agreed",
            now=now,
            actor_kind="debtor",
            amount_minor=plan.monthly_minor,
            months=plan.months,
        )
    session.add(plan)
    record(
        session,
        "plan.confirm",
        actor_kind="debtor",
        actor_id=plan.debtor_id,
        debtor_id=plan.debtor_id,
        case_id=cases[0].id,
        address=address,
        plan_id=plan.id,
    )
    session.flush()
    return plan


def cancel(session: Session, plan: PaymentPlan, *, now: datetime) -> None:
    """The debtor withdraws a request that has not been agreed yet."""
    if plan.state not in OPEN_STATES:
        raise PlanRefused("not_open")
    plan.state = "cancelled"
    plan.ended_on = now.date()
    close_item(session, plan, now, reason="withdrawn by the debtor")
    session.add(plan)
    session.flush()


def _lock(session: Session, case_id: int) -> Case:
    statement = select(Case).where(Case.id == case_id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).one()


def schedule_of(session: Session, plan: PaymentPlan) -> tuple[Instalment, ...]:
    rows = session.exec(
        select(PlanInstalment).where(PlanInstalment.plan_id == plan.id).order_by(col(PlanInstalment.seq))
    ).all()
    if not rows:
        return schedules.instalments(offered_plan(plan))
    return tuple(Instalment(row.seq, row.due_on, row.amount_minor) for row in rows)


def move_due(
    session: Session, plan: PaymentPlan, seq: int, new_due_on: date, *, today: date, now: datetime, address: str
) -> None:
    if plan.state != "active":
        raise PlanRefused("not_active")
    creditor = session.get(Creditor, plan.creditor_id)
    assert creditor is not None
    current = schedule_of(session, plan)
    moved, refusal = schedules.move_due(
        current,
        seq,
        new_due_on,
        paid_minor=paid_toward(session, plan),
        moves_used=plan.moves_used,
        today=today,
        terms=terms_of(creditor),
    )
    if refusal is not None:
        raise PlanRefused(f"move_{refusal.value}", move_max_days=creditor.plan_move_max_days)
    row = session.exec(select(PlanInstalment).where(PlanInstalment.plan_id == plan.id, PlanInstalment.seq == seq)).one()
    old = row.due_on
    row.due_on = next(instalment.due_on for instalment in moved if instalment.seq == seq)
    row.reminded_on = None
    if row.charge_state == "failed":  # a declined automatic charge is tried again on the new date
        row.charge_key, row.charge_state, row.charge_failure = None, None, None
    plan.moves_used += 1
    session.add(row)
    session.add(plan)
    for case_id in case_ids_of(session, plan):
        event(
            session,
            case_id,
            "plan_due_moved",
            now=now,
            actor_kind="debtor",
            moved_from=old.isoformat(),
            moved_to=row.due_on.isoformat(),
        )
    record(
        session,
        "plan.move_due",
        actor_kind="debtor",
        actor_id=plan.debtor_id,
        debtor_id=plan.debtor_id,
        address=address,
        plan_id=plan.id,
        seq=seq,
    )
    session.flush()


def end_plan(session: Session, plan: PaymentPlan, state: str, *, today: date, now: datetime) -> None:
    """Completed or broken: collection of the cases is no longer suspended by this plan."""
    plan.state = state
    plan.ended_on = today
    session.add(plan)
    for case in cases_in(session, plan):
        case.has_active_plan = False
        session.add(case)
        event(session, saved_id(case), f"plan_{state}", now=now, actor_kind="system")
    session.flush()
