"""What the plan pages show: a plan with its schedule, progress and comparison; the plan box on a case page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from portal.cases.models import Case, ClaimLine
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.plans import schedule as schedules
from portal.plans.affordability import Policy
from portal.plans.comparison import LengthRow, compare_lengths, interest_over
from portal.plans.models import OPEN_STATES, PaymentPlan, PlanCase
from portal.plans.money import cases_in, paid_toward, pay_case
from portal.plans.policy import policy_of, terms_of
from portal.plans.schedule import Instalment, Progress, Terms
from portal.plans.service import schedule_of
from portal.work.models import WorkItem

COMPARED_LENGTHS = (3, 6, 12, 24)


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


def plans_of(session: Session, debtor_id: int) -> list[PaymentPlan]:
    return list(
        session.exec(
            select(PaymentPlan).where(PaymentPlan.debtor_id == debtor_id).order_by(col(PaymentPlan.id).desc())
        ).all()
    )


def latest_plan_for(session: Session, case_id: int) -> PaymentPlan | None:
    return session.exec(
        select(PaymentPlan)
        .join(PlanCase, col(PlanCase.plan_id) == PaymentPlan.id)
        .where(PlanCase.case_id == case_id)
        .order_by(col(PaymentPlan.id).desc())
    ).first()


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
