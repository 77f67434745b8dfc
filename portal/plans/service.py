"""Payment plans for a debtor: which cases may join one, asking for one, confirming it, keeping track of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseEvent, ClaimLine, LedgerEntry
from portal.cases.service import CaseSummary, cases_of
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_
from portal.plans import schedule as schedules
from portal.plans.affordability import Assessment, ByAmount, Household, Plan, Policy, assess, requested_plan
from portal.plans.comparison import LengthRow, compare_lengths, interest_over
from portal.plans.forms import PlanForm
from portal.plans.models import OPEN_STATES, PaymentPlan, PlanCase, PlanInstalment
from portal.plans.references import check_living_costs
from portal.plans.schedule import Instalment, Progress, Terms
from portal.rules import pack_for
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register, register_queue

COMPARED_LENGTHS = (3, 6, 12, 24)
# Money that counts toward a plan's instalments; a refund is money going back and is subtracted.
COUNTED_KINDS = ("payment", "direct_payment")
RETURNED_KINDS = ("refund",)


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

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def policy_of(creditor: Creditor) -> Policy:
    return Policy(
        min_instalment_minor=creditor.plan_min_instalment_minor,
        max_months=creditor.plan_max_months,
        first_payment_within_days=creditor.plan_first_payment_within_days,
        max_auto_months=creditor.plan_max_auto_months,
    )


def terms_of(creditor: Creditor) -> Terms:
    return Terms(
        grace_days=creditor.plan_grace_days,
        tolerance=creditor.plan_missed_tolerance,
        max_moves=creditor.plan_max_moves,
        move_max_days=creditor.plan_move_max_days,
    )


@dataclass(frozen=True)
class Group:
    """Cases that may share one plan: same creditor, same currency, something to pay, nothing stopping a plan."""

    creditor: Creditor
    currency: str
    cases: tuple[CaseSummary, ...]

    @property
    def balance_minor(self) -> int:
        return sum(summary.balance.open() for summary in self.cases)

    @property
    def policy(self) -> Policy:
        return policy_of(self.creditor)


def plannable(summary: CaseSummary) -> bool:
    case = summary.case
    return not (case.is_closed or case.is_disputed or case.has_active_plan) and summary.balance.open() > 0


def groups_of(session: Session, debtor_id: int, *, today: date) -> list[Group]:
    groups: dict[tuple[int, str], list[CaseSummary]] = {}
    for summary in cases_of(session, debtor_id, today=today):
        if plannable(summary):
            groups.setdefault((saved_id(summary.creditor), summary.case.currency), []).append(summary)
    return [Group(rows[0].creditor, currency, tuple(rows)) for (_, currency), rows in groups.items()]


def group_of(groups: Sequence[Group], reference: str) -> Group | None:
    return next((group for group in groups if any(s.case.reference == reference for s in group.cases)), None)


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


def _lines_of(plan: Plan) -> tuple[int, int, int, date]:
    return plan.monthly_minor, plan.months, plan.last_minor, plan.first_due_on


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


def case_ids_of(session: Session, plan: PaymentPlan) -> list[int]:
    return list(
        session.exec(select(PlanCase.case_id).where(PlanCase.plan_id == plan.id).order_by(col(PlanCase.case_id))).all()
    )


def cases_in(session: Session, plan: PaymentPlan) -> list[Case]:
    return list(
        session.exec(
            select(Case)
            .join(PlanCase, col(PlanCase.case_id) == Case.id)
            .where(PlanCase.plan_id == plan.id)
            .order_by(col(Case.id))
        ).all()
    )


def event(session: Session, case_id: int, kind: str, *, now: datetime, actor_kind: str, **data: Any) -> None:
    session.add(CaseEvent(case_id=case_id, occurred_at=now, actor_kind=actor_kind, kind=kind, data=data))


def plan_of(session: Session, debtor_id: int, plan_id: int) -> PaymentPlan | None:
    """The debtor's own plan, or None whoever else's it is."""
    plan = session.get(PaymentPlan, plan_id)
    return plan if plan is not None and plan.debtor_id == debtor_id else None


def offered_plan(plan: PaymentPlan) -> Plan:
    return Plan(plan.monthly_minor, plan.months, plan.last_minor, plan.first_due_on)


def open_balance(session: Session, case_ids: Sequence[int]) -> int:
    claimed = session.exec(
        select(func.coalesce(func.sum(ClaimLine.amount_minor), 0)).where(col(ClaimLine.case_id).in_(case_ids))
    ).one()
    received = _received(session, case_ids, kinds=("payment", "credit_note", "direct_payment"))
    returned = _received(session, case_ids, kinds=RETURNED_KINDS)
    return int(claimed) - received + returned


def _received(session: Session, case_ids: Sequence[int], *, kinds: Sequence[str], since: date | None = None) -> int:
    statement = select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
        col(LedgerEntry.case_id).in_(case_ids), col(LedgerEntry.kind).in_(kinds)
    )
    if since is not None:
        statement = statement.where(LedgerEntry.received_on >= since)
    return int(session.exec(statement).one())


def paid_toward(session: Session, plan: PaymentPlan) -> int:
    """Money received on the plan's cases since it started, less money paid back: it fills instalments in order."""
    if plan.started_on is None:
        return 0
    case_ids = case_ids_of(session, plan)
    paid = _received(session, case_ids, kinds=COUNTED_KINDS, since=plan.started_on)
    return max(paid - _received(session, case_ids, kinds=RETURNED_KINDS, since=plan.started_on), 0)


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


@dataclass(frozen=True)
class PlanView:
    plan: PaymentPlan
    creditor: Creditor
    cases: tuple[Case, ...]
    schedule: tuple[Instalment, ...]
    progress: Progress | None
    comparison: tuple[LengthRow, ...]
    annual_rate_bp: int
    terms: Terms
    policy: Policy
    answer_by: datetime | None
    today: date
    # Where an instalment paid by card or transfer goes, and how much that case still owes.
    pay_case: Case
    pay_case_open_minor: int
    # The interest estimated to accrue while this plan's instalments are paid (0 without an interest rate).
    interest_minor: int

    @property
    def is_open(self) -> bool:
        return self.plan.state in OPEN_STATES

    @property
    def moves_left(self) -> int:
        return max(self.terms.max_moves - self.plan.moves_used, 0)

    @property
    def latest_move_on(self) -> date | None:
        """The latest date the next instalment may be moved to (the date field's maximum)."""
        next_due = self.progress.next_due if self.progress else None
        return schedules.latest_move(self.schedule, next_due.instalment.seq, terms=self.terms) if next_due else None

    @property
    def pay_by(self) -> date | None:
        """The last day overdue instalments can be paid before the plan breaks."""
        breaks_on = self.progress.breaks_on if self.progress else None
        return breaks_on - timedelta(days=1) if breaks_on else None


def annual_rate_bp(session: Session, case_ids: Sequence[int]) -> int:
    """The highest contractual or statutory rate on the cases' interest lines: the comparison must not understate."""
    rates = session.exec(
        select(ClaimLine.interest_rate_bp).where(
            col(ClaimLine.case_id).in_(case_ids), col(ClaimLine.interest_rate_bp).is_not(None)
        )
    ).all()
    return max((int(rate) for rate in rates if rate is not None), default=0)


def plan_view(session: Session, plan: PaymentPlan, *, today: date) -> PlanView:
    creditor = session.get(Creditor, plan.creditor_id)
    assert creditor is not None
    cases = tuple(cases_in(session, plan))
    case_ids = [saved_id(case) for case in cases]
    terms = terms_of(creditor)
    schedule = schedule_of(session, plan)
    progress = (
        schedules.progress(schedule, paid_toward(session, plan), today=today, terms=terms)
        if plan.started_on is not None
        else None
    )
    rate = annual_rate_bp(session, case_ids)
    policy = policy_of(creditor)
    lengths = tuple(sorted({*COMPARED_LENGTHS, plan.months}))
    item = session.get(WorkItem, plan.work_item_id) if plan.work_item_id else None
    payee, payee_open = pay_case(session, plan)
    return PlanView(
        plan=plan,
        creditor=creditor,
        cases=cases,
        schedule=schedule,
        progress=progress,
        comparison=compare_lengths(plan.balance_minor, rate, lengths, policy=policy),
        annual_rate_bp=rate,
        terms=terms,
        policy=policy,
        answer_by=item.due_at if item is not None and plan.state == "referred" else None,
        today=today,
        pay_case=payee,
        pay_case_open_minor=payee_open,
        interest_minor=interest_over(plan.balance_minor, rate, [instalment.amount_minor for instalment in schedule]),
    )


def pay_case(session: Session, plan: PaymentPlan) -> tuple[Case, int]:
    """The oldest of the plan's cases that still owes money, and how much: instalments are paid to it."""
    cases = cases_in(session, plan)
    for case in cases:
        still = open_balance(session, [saved_id(case)])
        if still > 0:
            return case, still
    return cases[0], 0


def plans_of(session: Session, debtor_id: int) -> list[PaymentPlan]:
    return list(
        session.exec(
            select(PaymentPlan).where(PaymentPlan.debtor_id == debtor_id).order_by(col(PaymentPlan.id).desc())
        ).all()
    )


def active_plan_for(session: Session, case_id: int) -> PaymentPlan | None:
    return session.exec(
        select(PaymentPlan)
        .join(PlanCase, col(PlanCase.plan_id) == PaymentPlan.id)
        .where(PlanCase.case_id == case_id, PaymentPlan.state == "active")
    ).first()


def latest_plan_for(session: Session, case_id: int) -> PaymentPlan | None:
    return session.exec(
        select(PaymentPlan)
        .join(PlanCase, col(PlanCase.plan_id) == PaymentPlan.id)
        .where(PlanCase.case_id == case_id)
        .order_by(col(PaymentPlan.id).desc())
    ).first()


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
        raise PlanRefused(f"move_{refusal.value}")
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


@dataclass(frozen=True)
class CasePlan:
    """What the case page says about plans: the plan the case is in or waiting on, or whether one can be asked for."""

    plan: PaymentPlan | None
    progress: Progress | None
    can_ask: bool


def case_plan(session: Session, case: Case, *, open_minor: int, today: date) -> CasePlan:
    latest = latest_plan_for(session, saved_id(case))
    if latest is not None and latest.state in ("active", *OPEN_STATES):
        creditor = session.get(Creditor, latest.creditor_id)
        assert creditor is not None
        progress = (
            schedules.progress(
                schedule_of(session, latest), paid_toward(session, latest), today=today, terms=terms_of(creditor)
            )
            if latest.state == "active"
            else None
        )
        return CasePlan(latest, progress, can_ask=False)
    can_ask = not (case.is_closed or case.is_disputed or case.has_active_plan) and open_minor > 0
    return CasePlan(latest, None, can_ask=can_ask)
