"""A creditor's plan rules and settlement offer: as the plan decisions read them, and as typed in the console."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from portal.creditors.models import Creditor
from portal.plans.affordability import Policy
from portal.plans.forms import parse_count, parse_money
from portal.plans.schedule import Terms

MAX_DISCOUNT_BP = 5_000  # more than half off is a write-off, not an offer: a person arranges that
# Field name → (lowest, highest) for the whole-number fields.
COUNTS = {
    "plan_max_months": (1, 120),
    "plan_max_auto_months": (1, 120),
    "plan_first_payment_within_days": (1, 60),
    "plan_grace_days": (0, 60),
    "plan_missed_tolerance": (0, 6),
    "plan_max_moves": (0, 12),
    "plan_move_max_days": (1, 31),
    "settlement_valid_days": (1, 365),
}
FIELDS = ("plan_min_instalment", *COUNTS, "settlement_discount")


@dataclass(frozen=True)
class PlanRules:
    plan_min_instalment_minor: int
    plan_max_months: int
    plan_max_auto_months: int
    plan_first_payment_within_days: int
    plan_grace_days: int
    plan_missed_tolerance: int
    plan_max_moves: int
    plan_move_max_days: int
    settlement_discount_bp: int
    settlement_valid_days: int


def parse_percent(text: str) -> tuple[int | None, str | None]:
    """'10', '12,5', '0' → basis points; codes missing, not_number, out_of_range."""
    typed = text.strip().removesuffix("%").strip().replace(",", ".")
    if not typed:
        return None, "missing"
    try:
        value = Decimal(typed)
    except InvalidOperation:
        return None, "not_number"
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None, "not_number"
    bp = int(value * 100)
    if not 0 <= bp <= MAX_DISCOUNT_BP:
        return None, "out_of_range"
    return bp, None


def parse_rules(values: dict[str, str]) -> tuple[PlanRules | None, dict[str, str]]:
    errors: dict[str, str] = {}
    found: dict[str, int] = {}
    minimum, error = parse_money(values.get("plan_min_instalment", ""), required=True, zero=False)
    if error:
        errors["plan_min_instalment"] = error
    for name, (lowest, highest) in COUNTS.items():
        number, error = parse_count(values.get(name, ""), lowest=lowest, highest=highest)
        if error:
            errors[name] = error
        elif number is not None:
            found[name] = number
    discount, error = parse_percent(values.get("settlement_discount", ""))
    if error:
        errors["settlement_discount"] = error
    if found.get("plan_max_auto_months", 0) > found.get("plan_max_months", 120):
        errors["plan_max_auto_months"] = "more_than_longest"
    if errors or minimum is None or discount is None:
        return None, errors
    return PlanRules(plan_min_instalment_minor=minimum, settlement_discount_bp=discount, **found), {}


def policy_of(creditor: Creditor) -> Policy:
    return Policy(
        min_instalment_minor=creditor.plan_min_instalment_minor,
        max_months=creditor.plan_max_months,
        first_payment_within_days=creditor.plan_first_payment_within_days,
        max_auto_months=creditor.plan_max_auto_months,
    )


def terms_of(creditor: Creditor) -> Terms:
    return Terms(
        grace_days=creditor.plan_grace_days,
        tolerance=creditor.plan_missed_tolerance,
        max_moves=creditor.plan_max_moves,
        move_max_days=creditor.plan_move_max_days,
    )
