"""Plain names for staff roles, work item codes and the console's messages, translated where they are shown."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from portal.i18n import N_, format_day, format_money, gettext, ngettext

ROLES = {
    "agent": N_("Agent"),
    "supervisor": N_("Supervisor"),
    "creditor": N_("Creditor user"),
    "admin": N_("Administrator"),
}

USER_ERRORS = {
    "bad_username": N_("A username is 2–64 small letters, digits, dots, dashes or underscores."),
    "bad_role": N_("Choose one of the roles."),
    "creditor_mismatch": N_("A creditor user needs a creditor; other roles must not have one."),
    "bad_language": N_("Choose one of the languages."),
    "username_taken": N_("This username is already taken."),
    "short_password": N_("A password needs at least 12 characters."),
    "not_yourself": N_("You cannot take away your own administrator rights: ask another administrator."),
}

# How the debtor's "Who has used your data" page names what staff did.
ACCESS_ACTIONS = {
    "staff.case.view": N_("Looked at the case"),
    "staff.cases.search": N_("Found you in a search"),
    "staff.case.note": N_("Added an internal note"),
    "staff.case.transfer": N_("Recorded a payment"),
    "staff.case.credit_note": N_("Recorded a credit note"),
    "staff.case.contact": N_("Corrected your contact details"),
    "staff.case.refund": N_("Refunded a card payment"),
    "staff.work.close": N_("Finished a task on your case"),
    "staff.dispute.view": N_("Read your dispute"),
    "staff.dispute.upheld": N_("Accepted your dispute"),
    "staff.dispute.rejected": N_("Decided not to accept your dispute"),
    "staff.dispute.info_requested": N_("Asked you for more information about your dispute"),
    "staff.message.post": N_("Wrote you a message"),
    "staff.attachment.download": N_("Opened a file you sent"),
    "staff.case.support_ended": N_("Marked a difficulty you told us about as ended"),
}
ACCESS_DEFAULT = N_("Used your data")

WORK_STATES = {
    "open": N_("Open"),
    "taken": N_("In progress"),
    "closed": N_("Done"),
}

PRIORITIES = {
    1: N_("Urgent"),
    2: N_("Normal"),
    3: N_("Low"),
}

WORK_ERRORS = {
    "closed": N_("This work item is already closed."),
    "taken_by_other": N_("Someone else is working on this item. A supervisor can reassign it."),
    "not_assignee": N_("Only the person working on this item or a supervisor can close it."),
    "not_supervisor": N_("Only a supervisor can reassign work."),
    "reason_missing": N_("Write why the item is closed."),
    "reason_too_long": N_("The reason can be at most 2000 characters long."),
    "bad_assignee": N_("Choose an active agent or supervisor."),
}

# Written into the case's internal notes, in the language of the person who made the change.
WORK_NOTES = {
    "taken": N_("Took the work item “%(type)s”."),
    "reassigned": N_("Assigned the work item “%(type)s” to %(name)s."),
    "closed": N_("Closed the work item “%(type)s”: %(reason)s"),
}

ACTORS = {
    "system": N_("System"),
    "debtor": N_("Debtor"),
    "staff": N_("Agency staff"),
    "creditor": N_("Creditor"),
}

CASE_ERRORS = {
    "missing": N_("Please fill in this field."),
    "too_long": N_("What you typed is too long. Please check it and try again."),
    "note_too_long": N_("A note can be at most 4000 characters long."),
    "not_amount": N_("Write the amount with at most two decimals, for example 12,50."),
    "not_positive": N_("The amount must be more than zero."),
    "too_much": N_("This is more than %(margin)s above what is still to pay. Check the amount."),
    "not_a_date": N_("This is not a date that exists. Write it as day.month.year, for example 21.11.2026."),
    "future_date": N_("The date cannot be in the future."),
    "before_case": N_("The date cannot be before the case was opened on %(date)s."),
    "duplicate_bank_reference": N_("A bank transfer with this bank reference has already been recorded."),
    "duplicate_credit_note": N_("A credit note with this number has already been recorded."),
    "bad_email": N_("This does not look like an e-mail address, for example name@example.com."),
    "bad_phone": N_(
        "This is not a phone number that can be reached. Write it with the country code, for example +372 5123 4567."
    ),
    "nothing_changed": N_("Nothing was changed: the contact details are the same as before."),
    "refund_too_much": N_("You can refund at most %(left)s of this payment."),
    "refund_reason_too_long": N_("The reason can be at most 500 characters long."),
    "not_refundable": N_("This is not a card payment of this case, so it cannot be refunded here."),
    "refund_failed": N_("Stripe did not make the refund, so nothing was recorded. Please try again later."),
    "refund_unavailable": N_("Card payments are not set up, so nothing can be refunded to a card."),
}


CASE_ACTIONS = {
    "notes": N_("Add an internal note"),
    "transfers": N_("Record a bank transfer"),
    "credit-notes": N_("Record a credit note"),
    "contact": N_("Correct the contact details"),
    "refunds": N_("Refund a card payment"),
}

# The answer of "Check with Stripe now" on the page of card payments awaiting confirmation.
CHECK_RESULTS = {
    "booked": N_("Stripe confirmed the payment and it was booked on the case."),
    "failed": N_("Stripe says the payment failed. Nothing was booked."),
    "pending": N_("Stripe has not finished this payment yet. Please check again later."),
    "no_intent": N_("The debtor has not sent the card details yet, so Stripe has no record of this payment."),
    "unknown": N_("Stripe has no record of this payment."),
    "done": N_("This payment is no longer waiting: it was already confirmed or it failed."),
}

ATTEMPT_STATES = {
    "created": N_("Started"),
    "processing": N_("Waiting for Stripe"),
    "succeeded": N_("Confirmed"),
    "failed": N_("Failed"),
}

DEBTOR_KINDS = {
    "person": N_("Person"),
    "company": N_("Company"),
}


def case_error_messages(errors: Mapping[str, str], params: Mapping[str, object], currency: str) -> dict[str, str]:
    """Form field → the sentence saying what is wrong with it, in the reader's language."""
    values: dict[str, object] = {}
    if isinstance(margin := params.get("margin_minor"), int):
        values["margin"] = format_money(margin, currency)
    if isinstance(left := params.get("left_minor"), int):
        values["left"] = format_money(left, currency)
    if isinstance(opened_on := params.get("opened_on"), date):
        values["date"] = format_day(opened_on)
    return {field: gettext(CASE_ERRORS[code], **values) for field, code in errors.items()}


def age_text(minutes: int) -> str:
    """How long something has been waiting, in the largest whole unit."""
    if minutes < 60:
        return ngettext("%(num)s minute", "%(num)s minutes", minutes)
    if minutes < 48 * 60:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // 60)
    return ngettext("%(num)s day", "%(num)s days", minutes // (24 * 60))
