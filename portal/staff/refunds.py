"""Refunding a card payment from the console: check the form, ask Stripe, then book the reversal and audit it."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from portal.cases.ledger import DuplicateEntry
from portal.cases.refunds import Refundable, book_refund, refundable
from portal.cases.service import CaseView
from portal.db import saved_id
from portal.payments.stripe_gateway import RefundFailed, StripeGateway
from portal.staff import forms
from portal.staff.actors import Actor, audit
from portal.staff.case_actions import ActionRefused

MAX_REASON = 500


def payment_of(session: Session, view: CaseView, entry_id: str) -> Refundable | None:
    """The card payment the form names, if it is one of this case's."""
    return refundable(session, view.case, int(entry_id)) if entry_id.isdigit() and len(entry_id) < 10 else None


def _payment(session: Session, view: CaseView, entry_id: str) -> Refundable:
    found = payment_of(session, view, entry_id)
    if found is None:
        raise ActionRefused({"form": "not_refundable"})
    return found


def _amount(payment: Refundable, amount: str, reason: str) -> tuple[int, str]:
    amount_minor, amount_error = forms.parse_amount(amount)
    if amount_minor is not None and amount_minor > payment.left_minor:
        amount_error = "refund_too_much"
    text = " ".join(reason.split())
    reason_error = "missing" if not text else "refund_reason_too_long" if len(text) > MAX_REASON else None
    errors = {"amount": amount_error, "reason": reason_error}
    if any(errors.values()) or amount_minor is None:
        raise ActionRefused({field: code for field, code in errors.items() if code}, left_minor=payment.left_minor)
    return amount_minor, text


def refund_card_payment(
    session: Session,
    actor: Actor,
    view: CaseView,
    gateway: StripeGateway | None,
    *,
    entry_id: str,
    amount: str,
    reason: str,
    sequence: str,
    now: datetime,
    today: date,
) -> Refundable:
    """Refunds part or all of a card payment once. `sequence` is the refund number the form was shown with: a
    repeat of a request already booked (a double click) books nothing and is answered like the first one."""
    payment = _payment(session, view, entry_id)  # locks the case: a second click waits for the first
    if sequence.isdigit() and int(sequence) < payment.sequence:
        return payment
    amount_minor, text = _amount(payment, amount, reason)
    if gateway is None:
        raise ActionRefused({"form": "refund_unavailable"})
    key = f"refund:{saved_id(payment.entry)}:{payment.sequence}"
    try:
        result = gateway.refund(payment.entry.external_id, amount_minor, idempotency_key=key)
    except RefundFailed as failed:
        audit(session, actor, "staff.case.refund_failed", view.case, entry_id=payment.entry.id, code=failed.reason_code)
        raise ActionRefused({"form": "refund_failed"}) from None
    if result.amount != amount_minor:  # a reused key answered with another request's refund: never book that
        raise ActionRefused({"form": "refund_failed"})
    try:
        entry = book_refund(
            session,
            view.case,
            payment,
            refund_id=result.id,
            amount_minor=amount_minor,
            now=now,
            today=today,
            actor_kind=actor.kind,
        )
    except DuplicateEntry:
        return payment  # Stripe answered the same key with the refund we booked already
    audit(
        session,
        actor,
        "staff.case.refund",
        view.case,
        entry_id=payment.entry.id,
        refund_entry_id=entry.id,
        amount_minor=amount_minor,
        reason=text,
    )
    return payment
