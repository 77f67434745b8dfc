"""The sentences of the bank-transfer pages: form errors and what happened to a report, translated where shown."""

from __future__ import annotations

from datetime import date

from portal.i18n import N_, format_day, format_money, gettext
from portal.payments.reports import MAX_AMOUNT_MINOR, MAX_NOTE, Outcome

REPORT_ERRORS = {
    ("paid_on", "missing"): N_("Please write the date you paid."),
    ("paid_on", "not_a_date"): N_("This is not a date that exists. Check the day, month and year."),
    ("paid_on", "future_date"): N_("The date cannot be in the future."),
    ("paid_on", "before_case"): N_("The date cannot be before %(date)s, when the case came to us."),
    ("amount", "missing"): N_("Please write the amount you paid."),
    ("amount", "not_amount"): N_("Write the amount in numbers, for example 12,50."),
    ("amount", "not_positive"): N_("The amount must be more than zero."),
    ("amount", "too_much"): N_("The amount can be at most %(amount)s."),
    ("note", "too_long"): N_("What you wrote can be at most %(limit)s characters long."),
}
REPORT_ERROR_DEFAULT = N_("Please check what you typed.")

OUTCOMES = {
    Outcome.RECORDED: N_(
        "Thank you for telling us. We will check it against our bank account and update your balance."
    ),
    Outcome.ALREADY_RECEIVED: N_(
        "We had already received your report of this transfer. We will check it against our bank account and "
        "update your balance."
    ),
}


def report_messages(errors: dict[str, str], *, opened_on: date, currency: str) -> dict[str, str]:
    values = {"date": format_day(opened_on), "amount": format_money(MAX_AMOUNT_MINOR, currency), "limit": MAX_NOTE}
    return {
        field: gettext(REPORT_ERRORS.get((field, code), REPORT_ERROR_DEFAULT), **values)
        for field, code in errors.items()
    }


def outcome_sentence(code: str | None) -> str | None:
    """The confirmation shown on the case page after a report; None for anything that is not an outcome."""
    for outcome, sentence in OUTCOMES.items():
        if code == outcome.value:
            return gettext(sentence)
    return None


CARD_ERRORS = {
    "choose": N_("Please choose whether you pay the full amount or a part of it."),
    "missing": N_("Please write the amount you want to pay."),
    "not_amount": N_("Write the amount in numbers, for example 12,50."),
    "not_positive": N_("The amount must be more than zero."),
    "too_little": N_("A part payment by card must be at least %(minimum)s."),
    "too_much": N_("The amount can be at most %(amount)s: that is all that is still to pay."),
    "nothing_to_pay": N_("There is nothing left to pay on this case."),
}
CARD_DECLINES = {
    "card_declined": N_("Your card was declined. No money was taken. Please try another card or pay by bank transfer."),
    "expired_card": N_("Your card has expired. No money was taken. Please try another card."),
    "incorrect_cvc": N_("The security code of the card is not correct. No money was taken. Please try again."),
    "insufficient_funds": N_("There is not enough money on the card. No money was taken. You can pay a smaller part."),
    "processing_error": N_("The card payment could not be processed. No money was taken. Please try again later."),
    "authentication_failed": N_("The payment was not confirmed with your bank. No money was taken. Please try again."),
    "no_card": N_("Please type the card details before you pay."),
    "balance_changed": N_("The amount still to pay has changed. No money was taken. Please choose the amount again."),
}


def card_error(code: str, *, open_minor: int, minimum: int, currency: str) -> str:
    values = {"minimum": format_money(minimum, currency), "amount": format_money(open_minor, currency)}
    return gettext(CARD_ERRORS.get(code, REPORT_ERROR_DEFAULT), **values)


def decline_sentence(code: str | None) -> str:
    return gettext(CARD_DECLINES.get(code or "", CARD_DECLINES["card_declined"]))


# How a payment reached us, and what its provider's own id is called, on the receipt.
METHODS = {
    "card": N_("Card payment"),
    "bank_transfer": N_("Bank transfer"),
    "direct": N_("Payment to the creditor"),
}
PROVIDER_IDS = {
    "card": N_("Card payment ID (Stripe)"),
    "bank_transfer": N_("Bank reference"),
}
PROVIDER_ID_DEFAULT = N_("Payment ID")
