"""The closed vocabularies shared by the rule packs, the decision modules and the web layer."""

from collections.abc import Sequence
from typing import Final

# Research status codes, exactly as in research/rules.md; ordered from strongest to weakest.
STATUSES: Final = ("C", "S", "D", "U")

# A claimed figure must be traceable: only derived and unconfirmed figures may lack a source.
STATUSES_NEEDING_SOURCES: Final = frozenset({"C", "S"})

MONEY_UNITS: Final = frozenset({"EUR_minor", "RON_minor"})
UNITS: Final = MONEY_UNITS | {"days", "years", "count", "percent_bp", "ratio", "bool", "text", "components"}

COMPONENTS: Final = ("collection_cost", "reminder_fee", "interest", "principal")

STAGE_CODES: Final = {
    "EE": (
        "reminder",
        "pre_collection",
        "register_notice",
        "register_entry",
        "court",
        "enforcement",
        "post_collection",
    ),
    "FI": ("reminder", "payment_demand", "legal_collection", "enforcement", "post_collection"),
    "RO": (
        "reminder",
        "amicable",
        "bureau_notice",
        "formal_notice",
        "court",
        "enforcement",
        "post_enforcement",
    ),
}

# Not in any pack: a paid or closed case leaves the stage spine in code.
CLOSED: Final = "closed"

STEP_KINDS: Final = frozenset(
    {
        "pre_collection",
        "amicable_collection",
        "register_notice",
        "register_entry",
        "payment_demand",
        "second_payment_demand",
        "legal_collection",
        "court_application",
        "bureau_notice",
        "bureau_report",
        "formal_notice",
        "enforcement_request",
        "none",
    }
)

# Conditions attached to a dated step: the step happens on that date unless one of these occurs first.
UNLESS_PAID: Final = "unless_paid"
UNLESS_DISPUTED: Final = "unless_disputed"
UNLESS_PLAN: Final = "unless_plan"


def weakest(statuses: Sequence[str]) -> str:
    return max(statuses, key=STATUSES.index)


# Figures the decision modules read without checking `has()`: a pack lacking one fails at load, not later.
REQUIRED_FIGURES: Final = {
    "*": (
        "limitation_years",
        "limitation_title_years",
        "statutory_interest_base_bp",
        "statutory_interest_margin_bp",
        "register_min_days_overdue",
        "register_notice_days",
        "payment_allocation_order",
        "dispute_freezes_collection",
        "plan_suspends_collection",
        "support_grace_days",
    ),
    "EE": (
        "pre_collection_after_reminder_days",
        "court_after_register_entry_days",
        "payment_order_max_claim",
        "minimum_wage_monthly",
        "protected_income_base_ratio",
        "protected_income_per_dependant_ratio",
    ),
    "FI": (
        "paid_letters_min_full_days_between",
        "payment_window_days",
        "letter_deemed_received_days",
        "max_payment_demands",
        "legal_collection_extra_wait_days",
        "electronic_consent_max_months",
        "protected_income_debtor_daily",
        "protected_income_dependant_daily",
        "protected_income_days_per_month",
    ),
    "RO": (
        "amicable_after_reminder_days",
        "formal_notice_after_report_days",
        "formal_notice_days",
        "minimum_net_wage_monthly",
        "seizure_floor_ratio_of_minimum_net_wage",
        "seizure_max_ratio_ordinary",
    ),
}
