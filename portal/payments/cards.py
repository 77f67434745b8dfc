"""Paying a case by card: the amount the debtor chose, the attempt, and handing its payment method to Stripe."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, select

from portal.cases.service import CaseView
from portal.db import saved_id
from portal.payments import wording
from portal.payments.card_events import FAILED_STATUSES
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import CardDeclined, StripeGateway, UnknownIntent
from portal.staff import forms

# The default creditor policy (creditors.min_part_payment_minor): smaller parts cost more in card fees than they pay.
MIN_PART_MINOR = 500
_METHOD_ID = re.compile(r"[a-z]{2,4}_[A-Za-z0-9]{6,100}")


class Step(StrEnum):
    PROCESSING = "processing"  # Stripe has it; the webhook or reconciliation confirms it
    ACTION_REQUIRED = "action_required"  # 3-D Secure in the browser
    DECLINED = "declined"
    ALREADY_SENT = "already_sent"


@dataclass(frozen=True)
class PayResult:
    step: Step
    reason: str | None = None
    client_secret: str | None = None


def parse_card_amount(
    choice: str, amount_text: str, *, open_minor: int, minimum_minor: int = MIN_PART_MINOR
) -> tuple[int | None, str | None]:
    """The amount to charge in minor units, or a reason code (see `portal.payments.wording.CARD_ERRORS`)."""
    if open_minor <= 0:
        return None, "nothing_to_pay"
    if choice == "full":
        return open_minor, None
    if choice != "part":
        return None, "choose"
    minor, error = forms.parse_amount(amount_text)
    if minor is None:
        return None, error or "not_amount"
    if minor > open_minor:
        return None, "too_much"
    if minor < minimum_minor and minor != open_minor:
        return None, "too_little"
    return minor, None


def start_attempt(session: Session, view: CaseView, amount_minor: int, *, now: datetime) -> PaymentAttempt:
    attempt = PaymentAttempt(
        case_id=saved_id(view.case),
        amount_minor=amount_minor,
        currency=view.case.currency,
        created_at=now,
        updated_at=now,
    )
    session.add(attempt)
    session.flush()
    return attempt


def attempt_of(session: Session, view: CaseView, attempt_id: int, *, lock: bool = False) -> PaymentAttempt | None:
    """The attempt, only if it belongs to this (already ownership-checked) case."""
    query = select(PaymentAttempt).where(PaymentAttempt.id == attempt_id, PaymentAttempt.case_id == view.case.id)
    return session.exec(query.with_for_update() if lock else query).first()


def pay(
    session: Session,
    gateway: StripeGateway,
    view: CaseView,
    attempt: PaymentAttempt,
    payment_method_id: str,
    *,
    now: datetime,
) -> PayResult:
    """Creates and confirms the PaymentIntent. Never books: only Stripe's confirmation (webhook, reconciliation)."""
    if attempt.state != "created" or attempt.provider_intent_id is not None:
        return PayResult(Step.ALREADY_SENT)
    if not _METHOD_ID.fullmatch(payment_method_id) or not payment_method_id.startswith(gateway.payment_method_ids()):
        return PayResult(Step.DECLINED, "no_card")
    if attempt.amount_minor > view.balance.open():
        return PayResult(Step.DECLINED, "balance_changed")
    metadata = {"case_reference": view.case.reference, "attempt_id": str(saved_id(attempt))}
    attempt.updated_at = now
    try:
        intent = gateway.create_intent(
            attempt.amount_minor,
            attempt.currency,
            payment_method_id=payment_method_id,
            metadata=metadata,
            idempotency_key=f"pi:{saved_id(attempt)}",
        )
    except CardDeclined as declined:
        attempt.state, attempt.failure_reason = "failed", declined.reason_code
        session.flush()
        return PayResult(Step.DECLINED, declined.reason_code)
    attempt.provider_intent_id = intent.id
    attempt.state = "failed" if intent.status in FAILED_STATUSES else "processing"
    session.flush()
    if intent.status == "requires_action":
        return PayResult(Step.ACTION_REQUIRED, client_secret=intent.client_secret)
    if attempt.state == "failed":
        return PayResult(Step.DECLINED, "card_declined")
    return PayResult(Step.PROCESSING)


def page_state(gateway: StripeGateway, attempt: PaymentAttempt) -> tuple[str, str]:
    """What the card page shows: a 3-D Secure client secret to complete, or a decline sentence.

    Read only: the page may follow Stripe, the balance follows only the webhook or reconciliation.
    """
    if attempt.state == "failed":
        return "", wording.decline_sentence(attempt.failure_reason)
    if attempt.state != "processing" or not attempt.provider_intent_id:
        return "", ""
    try:
        intent = gateway.retrieve(attempt.provider_intent_id)
    except UnknownIntent:
        return "", ""
    if intent.status == "requires_action":
        return intent.client_secret, ""
    if intent.status in FAILED_STATUSES:
        return "", wording.decline_sentence("authentication_failed")
    return "", ""
