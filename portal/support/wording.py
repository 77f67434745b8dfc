"""The sentences of the support page and the console's support block, translated where they are shown."""

from __future__ import annotations

from collections.abc import Mapping

from portal.contact.wording import COUNTRIES
from portal.i18n import N_, gettext
from portal.support.needs import MAX_NOTE

# What the debtor ticks: in their words, not ours.
KINDS = {
    "illness": N_("Illness, injury or a health problem"),
    "bereavement": N_("Someone close to me has died"),
    "job_loss": N_("I lost my job or a large part of my income"),
    "reading_help": N_("I need help reading or understanding letters"),
    "other": N_("Something else"),
}

# How the console names the same kinds.
STAFF_KINDS = {
    "illness": N_("Illness"),
    "bereavement": N_("Bereavement"),
    "job_loss": N_("Job or income loss"),
    "reading_help": N_("Needs help reading or understanding letters"),
    "other": N_("Other"),
}

ERRORS = {
    "choose_kind": N_("Please choose at least one thing from the list. If none fits, choose “Something else”."),
    "too_long": N_("What you wrote can be at most %(limit)s characters long."),
}
ERROR_DEFAULT = N_("Please check what you typed.")

TOLD = N_("Thank you for telling us. A person will look at it, usually within a day.")


def error_messages(errors: Mapping[str, str]) -> dict[str, str]:
    return {field: gettext(ERRORS.get(code, ERROR_DEFAULT), limit=MAX_NOTE) for field, code in errors.items()}


def told_notice(code: str | None) -> str | None:
    return gettext(TOLD) if code == "1" else None


def country_name(code: str) -> str:
    return gettext(COUNTRIES[code]) if code in COUNTRIES else code
