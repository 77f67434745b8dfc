"""Reading the plan form (pure): the request, the income and expenditure statement, or reason codes by field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portal.plans.affordability import ByAmount, ByMonths, Household, Request
from portal.staff.forms import parse_amount, parse_day

# Beyond these a figure is a typing slip, not a household: the form asks to check it rather than deciding on it.
MAX_MONTHLY_MINOR = 10_000_000  # 100 000 a month, in any currency we serve
MAX_MONTHS = 120
MAX_HOUSEHOLD = 20
MAX_NOTE = 2000
# The short form asks for living costs as one figure; the detailed one splits them.
SHORT_FIELDS = ("net_income", "housing", "living_costs", "other_debts")
DETAILED_FIELDS = ("net_income", "housing", "utilities", "food", "transport", "other", "other_debts")
_WHOLE = re.compile(r"\d{1,4}")


@dataclass(frozen=True)
class PlanForm:
    case_references: tuple[str, ...]
    request: Request
    household: Household | None


def parse_money(text: str, *, required: bool = False, zero: bool = True) -> tuple[int | None, str | None]:
    """A monthly amount; an empty field is 0 unless required, and 0 itself only where `zero` allows it.

    Codes: missing, not_amount, not_positive, too_large."""
    typed = text.strip()
    if not typed and required:
        return None, "missing"
    if typed in ("", "0", "0,00", "0.00") and zero:
        return 0, None
    minor, error = parse_amount(typed)
    if minor is None:
        return None, "negative" if zero and error == "not_positive" else error
    if minor > MAX_MONTHLY_MINOR:
        return None, "too_large"
    return minor, None


def parse_count(text: str, *, lowest: int, highest: int) -> tuple[int | None, str | None]:
    typed = text.strip()
    if not typed:
        return None, "missing"
    if not _WHOLE.fullmatch(typed):
        return None, "not_number"
    number = int(typed)
    if not lowest <= number <= highest:
        return None, "out_of_range"
    return number, None


def parse_first_due(text: str, *, today: date) -> tuple[date | None, str | None]:
    """The first due date; codes missing, not_a_date, in_past. Too late is the policy's answer, not a form error."""
    day, error = parse_day(text, today=date.max)
    if day is None:
        return None, error
    if day < today:
        return None, "in_past"
    return day, None


def parse_request(values: dict[str, str], *, today: date) -> tuple[Request | None, dict[str, str]]:
    errors: dict[str, str] = {}
    first_due, error = parse_first_due(values.get("first_due_on", ""), today=today)
    if error:
        errors["first_due_on"] = error
    way = values.get("way", "")
    request: Request | None = None
    if way == "amount":
        monthly, error = parse_money(values.get("monthly", ""), required=True, zero=False)
        if error:
            errors["monthly"] = error
        elif monthly is not None and first_due is not None:
            request = ByAmount(monthly, first_due)
    elif way == "months":
        months, error = parse_count(values.get("months", ""), lowest=1, highest=MAX_MONTHS)
        if error:
            errors["months"] = error
        elif months is not None and first_due is not None:
            request = ByMonths(months, first_due)
    else:
        errors["way"] = "missing"
    return (request if not errors else None), errors


def parse_household(values: dict[str, str], *, detailed: bool) -> tuple[Household | None, dict[str, str]]:
    errors: dict[str, str] = {}
    amounts: dict[str, int] = {}
    for name in DETAILED_FIELDS if detailed else SHORT_FIELDS:
        minor, error = parse_money(values.get(name, ""), required=name == "net_income")
        if error:
            errors[name] = error
        elif minor is not None:
            amounts[name] = minor
    size, error = parse_count(values.get("household_size", ""), lowest=1, highest=MAX_HOUSEHOLD)
    if error:
        errors["household_size"] = error
    dependants, error = parse_count(values.get("dependants", "") or "0", lowest=0, highest=MAX_HOUSEHOLD)
    if error:
        errors["dependants"] = error
    elif size is not None and dependants is not None and dependants >= size:
        errors["dependants"] = "more_than_household"
    if errors or size is None or dependants is None:
        return None, errors
    return Household(
        net_income_minor=amounts["net_income"],
        housing_minor=amounts["housing"],
        utilities_minor=amounts.get("utilities", 0),
        food_minor=amounts.get("food", 0),
        transport_minor=amounts.get("transport", 0),
        other_minor=amounts.get("other", amounts.get("living_costs", 0)),
        other_debts_minor=amounts["other_debts"],
        household_size=size,
        dependants=dependants,
    ), {}


def parse_note(text: str) -> tuple[str | None, str | None]:
    note = text.strip()
    if len(note) > MAX_NOTE:
        return None, "too_long"
    return note or None, None


def parse_plan_form(
    values: dict[str, str], case_references: list[str], *, allowed: set[str], is_company: bool, today: date
) -> tuple[PlanForm | None, dict[str, str]]:
    """Everything the debtor typed, or reason codes by field (`cases`, `way`, `monthly`, `months`, amounts …)."""
    errors: dict[str, str] = {}
    chosen = tuple(dict.fromkeys(reference.strip().upper() for reference in case_references if reference.strip()))
    if not chosen:
        errors["cases"] = "missing"
    elif not set(chosen) <= allowed:
        errors["cases"] = "unknown"
    request, request_errors = parse_request(values, today=today)
    errors.update(request_errors)
    household: Household | None = None
    if not is_company:
        household, household_errors = parse_household(values, detailed=values.get("detailed") == "1")
        errors.update(household_errors)
    if errors or request is None:
        return None, errors
    return PlanForm(chosen, request, household), {}
