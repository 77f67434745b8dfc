"""What the dispute pages say: reasons, refusals and outcomes, each a whole sentence shown through gettext."""

from __future__ import annotations

from typing import Any

from portal.config import Settings
from portal.i18n import N_, format_money, gettext
from portal.messages.wording import error_messages as file_errors

REASONS = {
    "not_my_debt": N_("This is not my debt"),
    "identity_theft": N_("Someone used my identity"),
    "already_paid": N_("I have already paid"),
    "amount_wrong": N_("The amount is wrong"),
    "goods_or_service": N_("I did not get the goods or service, or they were faulty"),
    "time_barred": N_("The claim is too old (time-barred)"),
    "other": N_("Another reason"),
}
CANNOT_PAY_LABEL = N_("I owe it, but I cannot pay it all now")

ERRORS = {
    ("reason", "missing"): N_("Please choose what is wrong with the claim."),
    ("reason", "unknown"): N_("Please choose one of the reasons in the list."),
    ("target", "unknown"): N_("Please choose the whole case or one of its amounts."),
    ("explanation", "missing"): N_("Please tell us in your own words what is wrong."),
    ("explanation", "too_long"): N_("What you wrote can be at most 4000 characters long."),
    ("form", "already_disputed"): N_(
        "You have already disputed this. A person is looking at it and will answer you; you can add to it by "
        "sending us a message."
    ),
    ("form", "closed"): N_(
        "This case is closed, so there is nothing to dispute. Send us a message if something is wrong."
    ),
    ("form", "already_decided"): N_("This dispute has already been decided."),
    ("amount", "missing"): N_("Please write the amount by which the claim is reduced."),
    ("amount", "not_amount"): N_("Write the amount in numbers, for example 12,50."),
    ("amount", "not_positive"): N_("The amount must be more than zero."),
    ("amount", "bad_amount"): N_("The amount must be more than zero."),
    ("amount", "more_than_disputed"): N_(
        "The amount can be at most %(amount)s, what is still open of the disputed claim."
    ),
    ("text", "missing"): N_("Please write the reason for the decision. The debtor will read it."),
    ("text", "too_long"): N_("What you wrote can be at most 4000 characters long."),
    ("question", "missing"): N_("Please write what you need to know. The debtor will read it."),
    ("question", "too_long"): N_("What you wrote can be at most 4000 characters long."),
}
ERROR_DEFAULT = N_("Please check what you typed.")

STATES = {
    "open": N_("Being looked at"),
    "upheld": N_("Accepted"),
    "rejected": N_("Not accepted"),
}


def reason_label(code: str) -> str:
    return gettext(REASONS.get(code, REASONS["other"]))


def state_label(code: str) -> str:
    return gettext(STATES.get(code, STATES["open"]))


def error_messages(errors: dict[str, str], params: dict[str, Any], currency: str, settings: Settings) -> dict[str, str]:
    values: dict[str, Any] = {}
    if "open_minor" in params:
        values["amount"] = format_money(int(params["open_minor"]), currency)
    found = {field: gettext(ERRORS.get((field, code), ERROR_DEFAULT), **values) for field, code in errors.items()}
    if "files" in errors:  # the same sentences as for files sent with a message
        found.update(file_errors({"files": errors["files"]}, filename=params.get("filename"), settings=settings))
    return found
