"""The receipt e-mail: queued when a payment is booked, written in the debtor's language, its PDF made at send time."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal import i18n
from portal.cases.models import Case, LedgerEntry
from portal.cases.references import display
from portal.cases.service import case_balance
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_, format_day, format_money, gettext
from portal.notices.outbox import enqueue

KIND = "receipt"
SUBJECT = N_("Receipt for your payment on case %(reference)s")
RECEIVED = N_(
    "We have received your payment of %(amount)s on %(date)s for case %(reference)s. Your receipt is attached."
)
STILL_TO_PAY = N_("Still to pay: %(amount)s.")
PAID_IN_FULL = N_("Nothing is left to pay on this case. Thank you.")
QUESTIONS = N_("If you have a question, simply reply to this e-mail.")


def dedupe_key(entry_id: int) -> str:
    return f"{KIND}:{entry_id}"


def enqueue_receipt(session: Session, case: Case, entry: LedgerEntry, *, now: datetime) -> bool:
    """Queues the receipt of a booked payment when the debtor has an e-mail address; True when one was queued."""
    debtor = session.get(Debtor, case.debtor_id)
    if entry.kind != "payment" or debtor is None or not debtor.email:
        return False
    balance, _ = case_balance(session, saved_id(case))
    still_to_pay = max(balance.open(), 0)
    # The debtor's language, not the request's: staff or a Stripe webhook may be the ones booking the payment.
    with i18n.language_of(debtor.preferred_language) as language:
        values = {
            "reference": display(case.reference),
            "amount": format_money(entry.amount_minor, entry.currency),
            "date": format_day(entry.received_on),
        }
        subject = gettext(SUBJECT, **values)
        rest = (
            gettext(STILL_TO_PAY, amount=format_money(still_to_pay, case.currency))
            if still_to_pay
            else gettext(PAID_IN_FULL)
        )
        body = "\n\n".join([gettext(RECEIVED, **values), rest, gettext(QUESTIONS)]) + "\n"
    return enqueue(
        session,
        kind=KIND,
        recipient=debtor.email,
        language=language,
        subject=subject,
        body_text=body,
        data={"entry_id": saved_id(entry), "case_reference": case.reference},
        dedupe_key=dedupe_key(saved_id(entry)),
        now=now,
    )
