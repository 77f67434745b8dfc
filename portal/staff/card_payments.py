"""Card payments awaiting Stripe's confirmation, as the console lists them, and checking one with Stripe now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from portal.cases.models import Case
from portal.payments.card_events import reconcile_attempt
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import StripeGateway, UnknownIntent
from portal.staff.actors import Actor, audit

WAITING = ("created", "processing")
LIST_LIMIT = 200


@dataclass(frozen=True)
class WaitingPayment:
    attempt: PaymentAttempt
    case_reference: str
    age_minutes: int


def waiting_payments(session: Session, actor: Actor, now: datetime) -> list[WaitingPayment]:
    """Unfinished attempts within the actor's scope, the oldest first."""
    rows = session.exec(
        select(PaymentAttempt, Case.reference)
        .join(Case, col(Case.id) == PaymentAttempt.case_id)
        .where(col(PaymentAttempt.state).in_(WAITING), actor.scope.condition())
        .order_by(col(PaymentAttempt.created_at), col(PaymentAttempt.id))
        .limit(LIST_LIMIT)
    ).all()
    return [
        WaitingPayment(attempt, reference, max(int((now - attempt.created_at).total_seconds()) // 60, 0))
        for attempt, reference in rows
    ]


def visible_attempt(session: Session, actor: Actor, attempt_id: int) -> PaymentAttempt | None:
    return session.exec(
        select(PaymentAttempt)
        .join(Case, col(Case.id) == PaymentAttempt.case_id)
        .where(PaymentAttempt.id == attempt_id, actor.scope.condition())
    ).first()


def check_now(
    session: Session, actor: Actor, gateway: StripeGateway, attempt: PaymentAttempt, *, now: datetime, today: date
) -> str:
    """Asks Stripe about one attempt the way reconciliation does; returns a result code for the page."""
    if attempt.state not in WAITING:
        result = "done"
    elif attempt.provider_intent_id is None:
        result = "no_intent"
    else:
        try:
            booked = reconcile_attempt(session, gateway, attempt, now=now, today=today)
        except UnknownIntent:
            result = "unknown"
        else:
            result = "booked" if booked else "failed" if attempt.state == "failed" else "pending"
    case = session.get(Case, attempt.case_id)
    audit(session, actor, "staff.payments.check", case, about_debtor=False, attempt_id=attempt.id, result=result)
    return result
