"""What a plan's cases owe, and the money that has been paid toward the plan since it started."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal.cases.models import Case, ClaimLine, LedgerEntry
from portal.db import saved_id
from portal.plans.models import PaymentPlan, PlanCase

# Money that counts toward a plan's instalments; a refund is money going back and is subtracted.
COUNTED_KINDS = ("payment", "direct_payment")
RETURNED_KINDS = ("refund",)


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


def pay_case(session: Session, plan: PaymentPlan) -> tuple[Case, int]:
    """The oldest of the plan's cases that still owes money, and how much: instalments are paid to it."""
    cases = cases_in(session, plan)
    for case in cases:
        still = open_balance(session, [saved_id(case)])
        if still > 0:
            return case, still
    return cases[0], 0
