"""Stripe's word on card payments: the webhook inbox, applying an intent's outcome once, and reconciliation."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from portal.cases.ledger import Booking, DuplicateEntry, book
from portal.cases.models import Case
from portal.db import saved_id
from portal.payments.models import ExternalEvent, PaymentAttempt
from portal.payments.stripe_gateway import Event, Intent, StripeGateway, UnknownIntent

log = logging.getLogger(__name__)

SOURCE = "stripe"
HANDLED = ("payment_intent.succeeded", "payment_intent.payment_failed")
FAILED_STATUSES = ("requires_payment_method", "canceled")
RECONCILE_AFTER = timedelta(minutes=1)


def record_event(session: Session, event: Event, *, now: datetime) -> int | None:
    """Stores the event; None when it was delivered before (the unique key decides, not a prior SELECT)."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(ExternalEvent)
        .values(source=SOURCE, external_id=event.id, type=event.type, payload=event.payload, received_at=now)
        .on_conflict_do_nothing(index_elements=["source", "external_id"])
        .returning(col(ExternalEvent.id))
    )
    return session.connection().execute(statement).scalar_one_or_none()


def handle_event(session: Session, gateway: StripeGateway, event: Event, *, now: datetime, today: date) -> None:
    event_row_id = record_event(session, event, now=now)
    if event_row_id is None:
        return
    if event.type in HANDLED:
        try:
            # Never trust the payload: ask Stripe what the intent's state is now.
            intent = gateway.retrieve(event.object_id)
        except UnknownIntent:
            log.warning("stripe event %s names an unknown intent", event.id)
        else:
            attempt = attempt_for(session, intent)
            if attempt is None:
                log.warning("stripe event %s: no attempt for intent %s", event.id, intent.id)
            else:
                apply_intent(session, attempt, intent, now=now, today=today)
    row = session.get(ExternalEvent, event_row_id)
    if row is not None:
        row.handled_at = now
    session.flush()


def attempt_for(session: Session, intent: Intent) -> PaymentAttempt | None:
    """The attempt the intent was made for, locked; found by the metadata only if we never learnt the intent id."""
    found = session.exec(
        select(PaymentAttempt).where(PaymentAttempt.provider_intent_id == intent.id).with_for_update()
    ).first()
    if found is not None or not intent.metadata.get("attempt_id", "").isdigit():
        return found
    # The request that created the intent crashed before it saved the id: the idempotency key was f"pi:{attempt_id}".
    orphan = session.exec(
        select(PaymentAttempt)
        .where(
            PaymentAttempt.id == int(intent.metadata["attempt_id"]),
            col(PaymentAttempt.provider_intent_id).is_(None),
            PaymentAttempt.amount_minor == intent.amount,
            PaymentAttempt.currency == intent.currency,
        )
        .with_for_update()
    ).first()
    case = session.get(Case, orphan.case_id) if orphan else None
    if orphan is None or case is None or case.reference != intent.metadata.get("case_reference"):
        return None
    orphan.provider_intent_id = intent.id
    return orphan


def apply_intent(session: Session, attempt: PaymentAttempt, intent: Intent, *, now: datetime, today: date) -> bool:
    """Succeeded books once on the attempt's own case; failed marks the attempt. True when money was booked."""
    if attempt.state == "succeeded":
        return False  # final: a late "failed" never moves it back
    if intent.status == "succeeded":
        if intent.currency != attempt.currency:
            log.error("intent %s is in %s, attempt %s in %s", intent.id, intent.currency, attempt.id, attempt.currency)
            return False
        case = session.get(Case, attempt.case_id)
        assert case is not None
        booked = True
        try:
            book(
                session,
                case,
                Booking("payment", "card", SOURCE, intent.id, intent.amount, today),
                now=now,
                today=today,
                actor_kind="system",
            )
        except DuplicateEntry:
            booked = False
        attempt.state, attempt.updated_at = "succeeded", now
        session.flush()
        return booked
    if intent.status in FAILED_STATUSES:
        attempt.state, attempt.updated_at = "failed", now
        attempt.failure_reason = attempt.failure_reason or "card_declined"
        session.flush()
    return False


def reconcile_payments(session: Session, gateway: StripeGateway, now: datetime, *, today: date) -> int:
    """Asks Stripe about every unfinished attempt older than a minute; returns how many payments were booked."""
    pending = session.exec(
        select(PaymentAttempt).where(
            col(PaymentAttempt.state).in_(("created", "processing")),
            col(PaymentAttempt.provider_intent_id).is_not(None),
            col(PaymentAttempt.updated_at) < now - RECONCILE_AFTER,
        )
    ).all()
    booked = 0
    for attempt in pending:
        try:
            if reconcile_attempt(session, gateway, attempt, now=now, today=today):
                booked += 1
        except UnknownIntent:
            log.warning("attempt %s: Stripe does not know intent %s", saved_id(attempt), attempt.provider_intent_id)
    return booked


def reconcile_attempt(
    session: Session, gateway: StripeGateway, attempt: PaymentAttempt, *, now: datetime, today: date
) -> bool:
    """Asks Stripe about one attempt that has an intent and applies its answer; True when money was booked.

    Raises UnknownIntent when Stripe does not know the intent."""
    intent = gateway.retrieve(str(attempt.provider_intent_id))
    locked = attempt_for(session, intent)
    return locked is not None and apply_intent(session, locked, intent, now=now, today=today)
