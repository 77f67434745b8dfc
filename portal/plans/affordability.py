"""Whether a payment plan fits the debtor: the protected income floor, the creditor's plan policy, the decision."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from portal.rules.basis import Basis, basis_of
from portal.rules.figures import Figure, RulePack, RulePackError

NO_FLOOR_FIGURES = "no_floor_figures"


@dataclass(frozen=True)
class Protected:
    """The monthly income enforcement would leave the debtor; None with NO_FLOOR_FIGURES when it is not known."""

    amount_minor: int | None
    reason: str
    basis: Basis | None


def protected_income(pack: RulePack, *, dependants: int, on: date, net_income_minor: int | None = None) -> Protected:
    """The enforcement floor a voluntary plan must not go below (rules.md §5.1).

    EE (TMS § 132 lg 1–2): minimum wage × base ratio + minimum wage × per-dependant ratio × dependants.
    FI (ulosottokaari 4:48): (debtor daily + dependant daily × dependants) × days per month.
    RO (CPC art. 729 alin. 1 and 3): at most 1/3 of net income may be seized for an ordinary debt, and below
    the minimum net wage only the part above half of it; the debtor keeps the rest. Romanian law has no
    per-dependant amount, so dependants do not change the RO floor. Without the net income only the
    half-minimum-net-wage floor can be given. Fractions of a cent are rounded in the debtor's favour (up).
    """
    if dependants < 0:
        raise ValueError("dependants must not be negative")
    if net_income_minor is not None and net_income_minor < 0:
        raise ValueError("net_income_minor must not be negative")
    try:
        if pack.country == "EE":
            return _estonia(pack, dependants, on)
        if pack.country == "FI":
            return _finland(pack, dependants, on)
        if pack.country == "RO":
            return _romania(pack, net_income_minor, on)
    except RulePackError:
        pass  # a figure not in force on that day: a person decides, nothing is guessed
    return Protected(amount_minor=None, reason=NO_FLOOR_FIGURES, basis=None)


def _estonia(pack: RulePack, dependants: int, on: date) -> Protected:
    wage = pack.figure("minimum_wage_monthly", on)
    base = pack.figure("protected_income_base_ratio", on)
    per_dependant = pack.figure("protected_income_per_dependant_ratio", on)
    amount = wage.number * (_ratio(base) + _ratio(per_dependant) * dependants)
    figures = (base, wage, per_dependant) if dependants else (base, wage)
    return Protected(_ceil(amount), "ee_minimum_wage_and_dependants", basis_of(*figures))


def _finland(pack: RulePack, dependants: int, on: date) -> Protected:
    debtor = pack.figure("protected_income_debtor_daily", on)
    per_dependant = pack.figure("protected_income_dependant_daily", on)
    days = pack.figure("protected_income_days_per_month", on)
    amount = (debtor.number + per_dependant.number * dependants) * days.number
    figures = (debtor, days, per_dependant) if dependants else (debtor, days)
    return Protected(amount, "fi_daily_protected_amount", basis_of(*figures))


def _romania(pack: RulePack, net_income_minor: int | None, on: date) -> Protected:
    wage = pack.figure("minimum_net_wage_monthly", on)
    floor_ratio = pack.figure("seizure_floor_ratio_of_minimum_net_wage", on)
    floor = wage.number * _ratio(floor_ratio)
    if net_income_minor is None:
        return Protected(_ceil(floor), "ro_half_minimum_net_wage", basis_of(floor_ratio, wage))
    share = pack.figure("seizure_max_ratio_ordinary", on)
    seizable = min(net_income_minor * _ratio(share), max(Fraction(0), net_income_minor - floor))
    return Protected(_ceil(net_income_minor - seizable), "ro_share_of_income", basis_of(share, floor_ratio, wage))


def _ratio(figure: Figure) -> Fraction:
    if not isinstance(figure.value, Fraction):
        raise RulePackError(f"{figure.key} is a {figure.unit} figure, not a ratio")
    return figure.value


def _ceil(amount: Fraction | int) -> int:
    return -(-Fraction(amount).numerator // Fraction(amount).denominator)


@dataclass(frozen=True)
class Household:
    """A short income and expenditure statement; every amount is monthly, in minor units."""

    net_income_minor: int
    housing_minor: int = 0
    utilities_minor: int = 0
    food_minor: int = 0
    transport_minor: int = 0
    other_debts_minor: int = 0
    other_minor: int = 0
    household_size: int = 1
    dependants: int = 0

    def __post_init__(self) -> None:
        amounts = (self.net_income_minor, self.expenses_minor, self.dependants, *self._expenses())
        if min(amounts) < 0 or self.household_size < 1:
            raise ValueError("household amounts and counts must not be negative; the household has at least one")

    def _expenses(self) -> tuple[int, ...]:
        return (
            self.housing_minor,
            self.utilities_minor,
            self.food_minor,
            self.transport_minor,
            self.other_debts_minor,
            self.other_minor,
        )

    @property
    def expenses_minor(self) -> int:
        return sum(self._expenses())

    @property
    def disposable_minor(self) -> int:
        """What is left each month after the declared expenses; negative when they exceed the income."""
        return self.net_income_minor - max(self.expenses_minor, 0)


@dataclass(frozen=True)
class Policy:
    """A creditor's plan rules: plans up to max_auto_months may be agreed automatically, longer ones by a person."""

    min_instalment_minor: int
    max_months: int
    first_payment_within_days: int
    max_auto_months: int

    def __post_init__(self) -> None:
        if self.min_instalment_minor < 1 or self.first_payment_within_days < 0:
            raise ValueError("a policy needs a positive minimum instalment and a first-payment window")
        if not 1 <= self.max_auto_months <= self.max_months:
            raise ValueError("max_auto_months must be between 1 and max_months")


@dataclass(frozen=True)
class ByAmount:
    monthly_minor: int
    first_due_on: date


@dataclass(frozen=True)
class ByMonths:
    months: int
    first_due_on: date


Request = ByAmount | ByMonths


@dataclass(frozen=True)
class Plan:
    """Equal instalments; the last one is what remains, so it is never larger than the others."""

    monthly_minor: int
    months: int
    last_minor: int
    first_due_on: date

    @property
    def total_minor(self) -> int:
        return self.monthly_minor * (self.months - 1) + self.last_minor


def split(balance_minor: int, monthly_minor: int) -> tuple[int, int, int]:
    """(instalment, months, last instalment) paying the balance off; the instalment never exceeds the balance."""
    if balance_minor < 1 or monthly_minor < 1:
        raise ValueError("a plan needs a positive balance and instalment")
    monthly = min(monthly_minor, balance_minor)
    months = -(-balance_minor // monthly)
    return monthly, months, balance_minor - monthly * (months - 1)


def plan_for(balance_minor: int, monthly_minor: int, first_due_on: date) -> Plan:
    return Plan(*split(balance_minor, monthly_minor), first_due_on)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    COUNTER_OFFER = "counter_offer"
    REFERRED = "referred"


@dataclass(frozen=True)
class Assessment:
    """The answer and why. `plan` is the requested plan when accepted, the proposal when countered, else None."""

    outcome: Outcome
    reasons: tuple[str, ...]
    plan: Plan | None
    protected: Protected | None
    disposable_minor: int | None
    affordable_minor: int | None


def assess(
    pack: RulePack,
    household: Household | None,
    *,
    balance_minor: int,
    request: Request,
    policy: Policy,
    on: date,
) -> Assessment:
    """Accept the plan asked for, propose the nearest one that fits, or refer it to a person; never refuse.

    Affordable means instalment ≤ disposable income AND net income − instalment ≥ the protected income floor.
    A company debtor (household None) gets the policy check only. Interest that accrues during the plan is not
    part of this test (see comparison.py); the plan covers the balance as it stands on `on`.
    """
    requested = requested_plan(balance_minor, request)
    limit, protected, disposable = _limit(pack, household, on)
    reasons = _household_reasons(household, protected, requested.monthly_minor)
    reasons += _policy_reasons(requested, balance_minor, policy, on)
    referral = _referral(balance_minor, limit, policy)

    def answer(outcome: Outcome, plan: Plan | None, why: list[str]) -> Assessment:
        return Assessment(outcome, tuple(dict.fromkeys(why)), plan, protected, disposable, limit)

    if protected is not None and protected.amount_minor is None:
        return answer(Outcome.REFERRED, None, [*reasons, NO_FLOOR_FIGURES])
    if not [reason for reason in reasons if reason != "company_debtor"]:
        return answer(Outcome.ACCEPTED, requested, reasons)
    if referral:
        return answer(Outcome.REFERRED, None, [*reasons, *referral])
    lowest = max(min(policy.min_instalment_minor, balance_minor), -(-balance_minor // policy.max_auto_months))
    highest = balance_minor if limit is None else min(limit, balance_minor)
    monthly = min(max(requested.monthly_minor, lowest), highest)
    proposal = plan_for(balance_minor, monthly, _first_due(request.first_due_on, policy, on))
    return answer(Outcome.COUNTER_OFFER, proposal, reasons)


def requested_plan(balance_minor: int, request: Request) -> Plan:
    if balance_minor < 1:
        raise ValueError("balance_minor must be positive")
    if isinstance(request, ByMonths):
        if request.months < 1:
            raise ValueError("a plan needs at least one month")
        return plan_for(balance_minor, -(-balance_minor // request.months), request.first_due_on)
    if request.monthly_minor < 1:
        raise ValueError("a plan needs a positive instalment")
    return plan_for(balance_minor, request.monthly_minor, request.first_due_on)


def _limit(pack: RulePack, household: Household | None, on: date) -> tuple[int | None, Protected | None, int | None]:
    """The largest affordable instalment (None: no household test), the floor, and the disposable income."""
    if household is None:
        return None, None, None
    protected = protected_income(
        pack, dependants=household.dependants, on=on, net_income_minor=household.net_income_minor
    )
    disposable = household.disposable_minor
    if protected.amount_minor is None:
        return None, protected, disposable
    return min(disposable, household.net_income_minor - protected.amount_minor), protected, disposable


def _household_reasons(household: Household | None, protected: Protected | None, monthly_minor: int) -> list[str]:
    if household is None:
        return ["company_debtor"]
    reasons = []
    if household.disposable_minor <= 0:
        reasons.append("no_disposable_income")
    elif monthly_minor > household.disposable_minor:
        reasons.append("exceeds_disposable_income")
    floor = protected.amount_minor if protected is not None else None
    if floor is not None and household.net_income_minor - monthly_minor < floor:
        reasons.append("leaves_less_than_protected")
    return reasons


def _policy_reasons(plan: Plan, balance_minor: int, policy: Policy, on: date) -> list[str]:
    reasons = []
    if plan.monthly_minor < min(policy.min_instalment_minor, balance_minor):
        reasons.append("below_min_instalment")
    if plan.months > policy.max_months:
        reasons.append("longer_than_policy")
    elif plan.months > policy.max_auto_months:
        reasons.append("beyond_automatic_limit")
    if plan.first_due_on < on:
        reasons.append("first_payment_in_past")
    elif plan.first_due_on > on + timedelta(days=policy.first_payment_within_days):
        reasons.append("first_payment_too_late")
    return reasons


def _referral(balance_minor: int, limit: int | None, policy: Policy) -> list[str]:
    """Why no plan can be offered automatically; empty when one can."""
    if limit is None:
        return []
    if limit <= 0:
        return ["nothing_affordable"]
    if limit < min(policy.min_instalment_minor, balance_minor):
        return ["affordable_below_min_instalment"]
    if limit * policy.max_months < balance_minor:
        return ["no_plan_within_policy"]
    if limit * policy.max_auto_months < balance_minor:
        return ["beyond_automatic_limit"]
    return []


def _first_due(requested_on: date, policy: Policy, on: date) -> date:
    return min(max(requested_on, on), on + timedelta(days=policy.first_payment_within_days))
