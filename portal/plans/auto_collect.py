"""Taking a plan's instalments from the debtor's saved card on their due dates: saving the card, stopping, charging."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case
from portal.config import Settings
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.payments.card_events import FAILED_STATUSES
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import CardDeclined, ChargeUncertain, StripeGateway
from portal.plans import notices
from portal.plans.models import PaymentPlan, PlanInstalment
from portal.plans.money import pay_case
from portal.plans.schedule import InstalmentProgress, InstalmentState, Progress
from portal.plans.service import PlanRefused

log = logging.getLogger(__name__)

# Due today, or past due and still within grace: a missed instalment (past grace) is left to the debtor and the rules.
CHARGED_STATES = (InstalmentState.DUE, InstalmentState.LATE)
_METHOD_ID = re.compile(r"[a-z]{2,4}_[A-Za-z0-9]{6,100}")


@dataclass(frozen=True)
class Charge:
    """What happened to one instalment's charge: processing or succeeded (booked when Stripe confirms), or failed."""

    seq: int
    amount_minor: int
    state: str
    failure: str | None = None


def save_card_for_plan(
    session: Session,
    gateway: StripeGateway,
    plan: PaymentPlan,
    payment_method_id: str,
    now: datetime,
    *,
    address: str | None = None,
) -> None:
    """Saves the card with Stripe and switches automatic collection on; raises CardDeclined when it is refused."""
    if plan.state != "active":
        raise PlanRefused("not_active")
    if not _METHOD_ID.fullmatch(payment_method_id) or not payment_method_id.startswith(gateway.payment_method_ids()):
        raise CardDeclined("no_card")
    debtor = session.get(Debtor, plan.debtor_id)
    saved = gateway.save_card(
        payment_method_id,
        email=debtor.email if debtor is not None else None,
        metadata={"plan_id": str(saved_id(plan)), "debtor_id": str(plan.debtor_id)},
        idempotency_key=f"plan-card-{saved_id(plan)}-{payment_method_id}",
    )
    plan.auto_collect = True
    plan.card_customer_id = saved.customer_id
    plan.card_payment_method_id = saved.payment_method_id
    plan.card_last4 = saved.last4
    session.add(plan)
    record(
        session,
        "plan.card_saved",
        actor_kind="debtor",
        actor_id=plan.debtor_id,
        debtor_id=plan.debtor_id,
        address=address,
        plan_id=plan.id,
        at=now.isoformat(),
    )
    session.flush()


def stop_auto_collect(session: Session, plan: PaymentPlan, now: datetime, *, address: str | None = None) -> None:
    """The debtor pays the instalments themselves from now on; we forget the card."""
    if plan.state != "active":
        raise PlanRefused("not_active")
    plan.auto_collect = False
    plan.card_customer_id = plan.card_payment_method_id = plan.card_last4 = None
    session.add(plan)
    record(
        session,
        "plan.card_stopped",
        actor_kind="debtor",
        actor_id=plan.debtor_id,
        debtor_id=plan.debtor_id,
        address=address,
        plan_id=plan.id,
        at=now.isoformat(),
    )
    session.flush()


def collect_due(
    session: Session,
    settings: Settings,
    gateway: StripeGateway,
    plan: PaymentPlan,
    progress: Progress,
    *,
    today: date,
    now: datetime,
) -> list[Charge]:
    """Charges the open part of every instalment due today or late, once each: the charge key is claimed first."""
    if plan.state != "active" or not plan.auto_collect:
        return []
    if not (plan.card_customer_id and plan.card_payment_method_id):
        return []
    charges = []
    for line in progress.rows:
        owed = line.instalment.amount_minor - line.paid_minor
        if line.state not in CHARGED_STATES or owed <= 0:
            continue
        row = _claim(session, plan, line.instalment.seq)
        if row is not None:
            charges.append(_charge(session, settings, gateway, plan, row, line, owed, today=today, now=now))
    return charges


def _claim(session: Session, plan: PaymentPlan, seq: int) -> PlanInstalment | None:
    """The instalment, now carrying its charge key; None when it already has one.

    The row lock makes a second run wait and then see the key (PostgreSQL; SQLite writes one at a time), so the key
    is set before Stripe is asked and an instalment is never charged twice. The key is also Stripe's idempotency key.
    """
    statement = (
        select(PlanInstalment)
        .where(PlanInstalment.plan_id == plan.id, PlanInstalment.seq == seq)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = session.exec(statement).first()
    if row is None or row.charge_key is not None:
        return None
    try:
        with session.begin_nested():
            row.charge_key = f"plan-{saved_id(plan)}-{row.seq}-{row.due_on.isoformat()}"
            row.charge_state, row.charge_failure = "processing", None
            session.add(row)
            session.flush()
    except IntegrityError:
        log.warning("plan %s instalment %s: charge key already taken", plan.id, seq)
        return None
    return row


def _charge(
    session: Session,
    settings: Settings,
    gateway: StripeGateway,
    plan: PaymentPlan,
    row: PlanInstalment,
    line: InstalmentProgress,
    owed: int,
    *,
    today: date,
    now: datetime,
) -> Charge:
    case, still = pay_case(session, plan)
    amount = min(owed, still)  # never take more than the case still owes: it would be money to pay back
    if amount <= 0:
        return _failed(session, settings, plan, case, row, line, owed, "nothing_to_pay", now=now, notify=False)
    attempt = PaymentAttempt(
        case_id=saved_id(case), amount_minor=amount, currency=plan.currency, created_at=now, updated_at=now
    )
    session.add(attempt)
    session.flush()
    try:
        intent = gateway.charge_saved_card(
            amount,
            plan.currency,
            customer_id=str(plan.card_customer_id),
            payment_method_id=str(plan.card_payment_method_id),
            # attempt_id lets the webhook find the attempt even if we never learn the intent's id (card_events).
            metadata={
                "case_reference": case.reference,
                "attempt_id": str(saved_id(attempt)),
                "plan_id": str(saved_id(plan)),
                "instalment": str(row.seq),
            },
            idempotency_key=str(row.charge_key),
        )
    except CardDeclined as declined:
        attempt.state, attempt.failure_reason = "failed", declined.reason_code
        return _failed(session, settings, plan, case, row, line, amount, declined.reason_code, now=now)
    except ChargeUncertain as uncertain:
        # Stripe may or may not have charged: the attempt waits for the webhook, the key stops a second charge.
        log.warning("plan %s instalment %s: no answer from Stripe (%s)", plan.id, row.seq, uncertain)
        row.charge_failure = "no_answer"
        session.flush()
        return Charge(row.seq, amount, "processing", "no_answer")
    attempt.provider_intent_id = intent.id
    attempt.state = "failed" if intent.status in FAILED_STATUSES else "processing"
    if attempt.state == "failed":
        attempt.failure_reason = "card_declined"
        return _failed(session, settings, plan, case, row, line, amount, "card_declined", now=now)
    # Booked on the case by the webhook or reconciliation (portal.payments.card_events), exactly once.
    row.charge_state = "succeeded" if intent.status == "succeeded" else "processing"
    session.flush()
    return Charge(row.seq, amount, row.charge_state)


def _failed(
    session: Session,
    settings: Settings,
    plan: PaymentPlan,
    case: Case,
    row: PlanInstalment,
    line: InstalmentProgress,
    amount: int,
    reason: str,
    *,
    now: datetime,
    notify: bool = True,
) -> Charge:
    """The instalment stays unpaid: grace and reminders apply as for anyone who pays by hand; the debtor is told now."""
    row.charge_state, row.charge_failure = "failed", reason
    session.add(row)
    if notify:
        notices.notify(
            session,
            settings,
            plan,
            case,
            "plan_charge_failed",
            now=now,
            dedupe=str(row.charge_key),
            amount_minor=amount,
            due_on=row.due_on,
            until=line.grace_ends_on,
        )
    session.flush()
    return Charge(row.seq, amount, "failed", reason)


def charged_instalments(session: Session, plan: PaymentPlan) -> list[PlanInstalment]:
    """The plan's instalments that have been charged to the card, in order: for the plan and card pages."""
    return list(
        session.exec(
            select(PlanInstalment)
            .where(PlanInstalment.plan_id == plan.id, col(PlanInstalment.charge_key).is_not(None))
            .order_by(col(PlanInstalment.seq))
        ).all()
    )
