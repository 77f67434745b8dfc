"""What the plan pages say: the answer and its reasons, the rules up front, refusals and form errors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from portal.i18n import N_, format_day, format_money, gettext, ngettext
from portal.plans.affordability import Policy
from portal.plans.models import PaymentPlan
from portal.plans.policy import COUNTS

OUTCOME_HEADINGS = {
    "accepted": N_("Your plan fits. You can confirm it below."),
    "counter_offer": N_("We cannot agree the plan as you asked, but this plan fits. You can take it with one click."),
    "referred": N_("A person will look at your request."),
}

# The automatic answer as the console names it.
OUTCOME_LABELS = {
    "accepted": N_("Accepted"),
    "counter_offer": N_("Counter-offer"),
    "referred": N_("Referred to a person"),
}

# Each reason in plain words; placeholders are filled from the plan and the figures the decision used.
REASONS = {
    "no_disposable_income": N_("After the costs you listed, nothing is left of your income each month."),
    "exceeds_disposable_income": N_(
        "%(asked)s a month is more than is left of your income after your costs, which is %(disposable)s."
    ),
    "leaves_less_than_protected": N_(
        "%(asked)s a month would leave you less than %(protected)s, the part of the income of a household like "
        "yours that the law protects even from enforcement. We never agree a plan that leaves you less than that."
    ),
    "below_min_instalment": N_("The smallest instalment %(creditor)s accepts is %(minimum)s a month."),
    "longer_than_policy": N_("%(creditor)s agrees plans of at most %(max_months)s months."),
    "beyond_automatic_limit": N_(
        "Plans longer than %(auto_months)s months are agreed by a person rather than automatically."
    ),
    "first_payment_in_past": N_("The first instalment cannot be due in the past."),
    "first_payment_too_late": N_("The first instalment has to be paid within %(days)s days, by %(latest)s."),
    "nothing_affordable": N_(
        "From the figures you gave, no instalment is affordable at the moment without going below what you need "
        "to live on."
    ),
    "affordable_below_min_instalment": N_(
        "What you can afford, %(affordable)s a month, is less than the smallest instalment the creditor usually "
        "accepts."
    ),
    "no_plan_within_policy": N_(
        "At what you can afford, %(affordable)s a month, the debt would take longer to pay than the longest plan "
        "the creditor usually agrees."
    ),
    "no_floor_figures": N_(
        "We could not check the plan automatically against the amount the law protects, so a person will."
    ),
    "company_debtor": N_("A company's plan is checked against the creditor's plan rules only."),
}
FLAGS = {
    "living_costs_below_floor": N_(
        "The everyday costs you gave are lower than the minimum social assistance counts for a household like "
        "yours (%(floor)s a month, without housing). Please make sure the plan leaves you enough to live on."
    ),
    "living_costs_above_reference": N_(
        "Living costs are above the reference figure for this household (%(reference)s a month, without housing)."
    ),
}
# Shown to the debtor; the other flags are for the person who reviews the request.
DEBTOR_FLAGS = ("living_costs_below_floor",)

STATES = {
    "proposed": N_("Waiting for your confirmation"),
    "countered": N_("Offer waiting for your answer"),
    "referred": N_("With a person"),
    "active": N_("Active"),
    "completed": N_("Completed"),
    "broken": N_("Ended: instalments were missed"),
    "declined": N_("Not agreed"),
    "cancelled": N_("Withdrawn"),
}
INSTALMENT_STATES = {
    "paid": N_("Paid"),
    "part_paid": N_("Partly paid"),
    "upcoming": N_("Coming up"),
    "due": N_("Due today"),
    "late": N_("Late"),
    "missed": N_("Missed"),
}

ERRORS = {
    ("cases", "missing"): N_("Please choose at least one case for the plan."),
    ("cases", "unknown"): N_("One of the cases chosen cannot be part of a plan now. Please choose again."),
    ("cases", "cases_changed"): N_(
        "Something has changed on one of the cases (it was paid, disputed or joined another plan). Please start again."
    ),
    ("way", "missing"): N_("Please choose whether you want to pay a monthly amount or over a number of months."),
    ("monthly", "missing"): N_("Please write how much you can pay each month."),
    ("months", "missing"): N_("Please write over how many months you want to pay."),
    ("months", "not_number"): N_("Write the number of months in digits, for example 12."),
    ("months", "out_of_range"): N_("The number of months must be between 1 and 120."),
    ("first_due_on", "missing"): N_("Please choose the date of your first payment."),
    ("first_due_on", "not_a_date"): N_("This is not a date that exists. Check the day, month and year."),
    ("first_due_on", "in_past"): N_("The first payment cannot be in the past."),
    ("household_size", "missing"): N_("Please write how many people live in your household, you included."),
    ("household_size", "not_number"): N_("Write the number of people in digits, for example 2."),
    ("household_size", "out_of_range"): N_("The household must have between 1 and 20 people, you included."),
    ("dependants", "not_number"): N_("Write the number of people you support in digits, for example 1."),
    ("dependants", "out_of_range"): N_("The number of people you support must be between 0 and 20."),
    ("dependants", "more_than_household"): N_(
        "The people you support are part of your household, so there must be fewer of them than people in it."
    ),
    ("net_income", "missing"): N_("Please write your monthly income after tax. Write 0 if you have none."),
    ("note", "too_long"): N_("What you wrote can be at most 2000 characters long."),
    ("seq", "missing"): N_("Please choose the instalment to move."),
    ("new_due_on", "missing"): N_("Please choose the new date."),
    ("new_due_on", "not_a_date"): N_("This is not a date that exists. Check the day, month and year."),
}
# The same problem in any money field of the form.
MONEY_ERRORS = {
    "missing": N_("Please write an amount, for example 150 or 150,50."),
    "not_amount": N_("Write the amount in numbers, for example 150 or 150,50."),
    "not_positive": N_("The amount must be more than zero."),
    "negative": N_("The amount cannot be negative. Write 0 if you have none."),
    "too_large": N_("This amount looks too large for a month. Please check it."),
}
MONEY_FIELDS = (
    "monthly",
    "net_income",
    "housing",
    "living_costs",
    "utilities",
    "food",
    "transport",
    "other",
    "other_debts",
)
ERROR_DEFAULT = N_("Please check what you typed.")

REFUSALS = {
    "cases_changed": N_(
        "Something has changed on one of the cases (it was paid, disputed or joined another plan). Please start again."
    ),
    "balance_changed": N_(
        "The amount owed has changed since this plan was worked out. Please ask again, so the plan is right."
    ),
    "offer_expired": N_("The first payment date of this offer has passed. Please ask again with a new date."),
    "not_open": N_("This plan has already been answered."),
    "not_active": N_("This plan is no longer active."),
    "move_no_moves_left": N_("You have already moved due dates as many times as the plan allows. Please talk to us."),
    "move_too_far": N_("A due date can be moved by at most %(days)s days."),
    "move_not_later": N_("The new date must be later than the current due date."),
    "move_past_next": N_("The new date must be before the next instalment's due date."),
    "move_already_paid": N_("This instalment has already been paid."),
    "move_in_past": N_("The new date cannot be in the past."),
    "move_not_open": N_("Please choose an instalment that is still to be paid."),
}


def _money(value: Any, currency: str) -> str:
    return format_money(int(value), currency) if value is not None else ""


def reason_values(plan: PaymentPlan, policy: Policy, creditor_name: str) -> dict[str, str]:
    figures = plan.figures
    latest = plan.created_at.date() + timedelta(days=policy.first_payment_within_days)
    return {
        "asked": _money(plan.asked_monthly_minor or -(-plan.balance_minor // (plan.asked_months or 1)), plan.currency),
        "disposable": _money(figures.get("disposable_minor"), plan.currency),
        "protected": _money(figures.get("protected_minor"), plan.currency),
        "affordable": _money(figures.get("affordable_minor"), plan.currency),
        "floor": _money(figures.get("living_floor_minor"), plan.currency),
        "reference": _money(figures.get("living_reference_minor"), plan.currency),
        "creditor": creditor_name,
        "minimum": format_money(policy.min_instalment_minor, plan.currency),
        "max_months": str(policy.max_months),
        "auto_months": str(policy.max_auto_months),
        "days": str(policy.first_payment_within_days),
        "latest": format_day(latest),
    }


def reason_sentences(plan: PaymentPlan, values: dict[str, str], *, for_staff: bool = False) -> list[str]:
    codes = [code for code in plan.reasons if for_staff or code != "company_debtor"]
    sentences = [gettext(REASONS[code], **values) for code in codes if code in REASONS]
    flags = plan.flags if for_staff else [flag for flag in plan.flags if flag in DEBTOR_FLAGS]
    return sentences + [gettext(FLAGS[flag], **values) for flag in flags if flag in FLAGS]


def outcome_heading(plan: PaymentPlan) -> str:
    return gettext(OUTCOME_HEADINGS.get(plan.outcome, OUTCOME_HEADINGS["referred"]))


def state_label(code: str) -> str:
    return gettext(STATES.get(code, STATES["cancelled"]))


def instalment_state(code: str) -> str:
    return gettext(INSTALMENT_STATES.get(code, INSTALMENT_STATES["upcoming"]))


def months_text(months: int) -> str:
    return ngettext("%(num)d month", "%(num)d months", months)


def plan_summary(monthly_minor: int, months: int, last_minor: int, currency: str) -> str:
    """ "45,00 € a month for 14 months" — with the smaller last instalment when there is one."""
    values = {"amount": format_money(monthly_minor, currency), "last": format_money(last_minor, currency)}
    if months == 1:
        return gettext(N_("%(amount)s in one payment"), **values)
    if last_minor == monthly_minor:
        return ngettext(
            "%(amount)s a month for %(num)d month", "%(amount)s a month for %(num)d months", months, **values
        )
    return ngettext(
        "%(amount)s a month for %(num)d month, the last one %(last)s",
        "%(amount)s a month for %(num)d months, the last one %(last)s",
        months,
        **values,
    )


def error_messages(errors: dict[str, str]) -> dict[str, str]:
    found = {}
    for field, code in errors.items():
        if field in MONEY_FIELDS and code in MONEY_ERRORS and (field, code) not in ERRORS:
            found[field] = gettext(MONEY_ERRORS[code])
        else:
            found[field] = gettext(ERRORS.get((field, code), ERROR_DEFAULT))
    return found


def refusal(code: str, *, move_max_days: int = 0) -> str:
    return gettext(REFUSALS.get(code, ERROR_DEFAULT), days=str(move_max_days))


def _typed(minor: int) -> str:
    return f"{minor // 100}.{minor % 100:02d}" if minor % 100 else str(minor // 100)


def household_values(plan: PaymentPlan) -> dict[str, str]:
    """The statement as the debtor typed it, to fill the detailed form with."""
    data = plan.household or {}
    values = {
        name.removesuffix("_minor"): _typed(int(value)) for name, value in data.items() if name.endswith("_minor")
    }
    values["household_size"] = str(data.get("household_size", 1))
    values["dependants"] = str(data.get("dependants", 0))
    return values


DECISION_ERRORS = {
    ("form", "already_decided"): N_("This request has already been decided."),
    ("text", "missing"): N_("Please write the reasons. The debtor will read them."),
    ("text", "too_long"): N_("What you wrote can be at most 4000 characters long."),
}


def decision_errors(errors: dict[str, str]) -> dict[str, str]:
    """The console's decision forms: their own sentences first, then the plan form's for amounts and dates."""
    found = error_messages({key: code for key, code in errors.items() if (key, code) not in DECISION_ERRORS})
    found.update(
        {key: gettext(DECISION_ERRORS[(key, code)]) for key, code in errors.items() if (key, code) in DECISION_ERRORS}
    )
    return found


FIGURE_STATUSES = {
    "C": N_("confirmed in the law or an official source"),
    "S": N_("from a secondary source"),
    "D": N_("calculated from other figures"),
    "U": N_("unconfirmed: check before relying on it"),
}


def figure_status(code: str) -> str:
    return gettext(FIGURE_STATUSES.get(code, FIGURE_STATUSES["U"]))


def outcome_label(code: str) -> str:
    return gettext(OUTCOME_LABELS.get(code, OUTCOME_LABELS["referred"]))


RULES_ERRORS = {
    ("plan_max_auto_months", "more_than_longest"): N_(
        "The longest plan agreed automatically cannot be longer than the longest plan."
    ),
    ("settlement_discount", "out_of_range"): N_("The discount must be between 0 and 50 per cent."),
    ("settlement_discount", "not_number"): N_("Write the discount as a number, for example 10 or 12,5."),
    ("settlement_discount", "missing"): N_("Please write the discount. Write 0 for no offer."),
}
COUNT_ERRORS = {
    "missing": N_("Please fill in this field."),
    "not_number": N_("Write a whole number, for example 12."),
    "out_of_range": N_("The number must be between %(lowest)s and %(highest)s."),
}


def rules_errors(errors: dict[str, str]) -> dict[str, str]:
    found = {}
    for field, code in errors.items():
        if (field, code) in RULES_ERRORS:
            found[field] = gettext(RULES_ERRORS[(field, code)])
        elif field in COUNTS and code in COUNT_ERRORS:
            lowest, highest = COUNTS[field]
            found[field] = gettext(COUNT_ERRORS[code], lowest=str(lowest), highest=str(highest))
        elif code in MONEY_ERRORS:
            found[field] = gettext(MONEY_ERRORS[code])
        else:
            found[field] = gettext(ERROR_DEFAULT)
    return found
