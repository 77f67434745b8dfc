"""What a plan costs over different lengths: instalments, the interest that keeps accruing, fees, the total."""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from portal.plans.affordability import Policy, split

BP_PER_UNIT = 10_000
MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class LengthRow:
    """One plan length. `flags` are reason codes (longer_than_policy, beyond_automatic_limit, below_min_instalment).

    `months` may be shorter than the length asked for when the balance is too small to spread that far.
    """

    length: int
    months: int
    principal_instalment_minor: int
    first_instalment_minor: int
    last_instalment_minor: int
    interest_minor: int
    fee_minor: int
    total_minor: int
    flags: tuple[str, ...]


def compare_lengths(
    balance_minor: int,
    annual_rate_bp: int,
    lengths: Sequence[int] = (3, 6, 12, 24),
    *,
    policy: Policy,
    fee_minor: int = 0,
) -> tuple[LengthRow, ...]:
    """Every length, in the order given; lengths outside the policy are flagged, not dropped.

    Each instalment repays an equal share of the principal (the last one what remains) plus one month's
    simple interest on the principal still open before it: open × rate / 12, rounded half up to a whole
    minor unit per instalment. So instalments fall as the principal falls and the interest total is the sum of
    the rounded monthly amounts. `fee_minor` is a plan fee charged once; no pack holds a plan-fee figure yet,
    so it is 0 unless the caller passes a capped fee. The rate is the caller's: it must already respect the
    statutory caps.
    """
    if balance_minor < 1 or annual_rate_bp < 0 or fee_minor < 0:
        raise ValueError("balance must be positive, rate and fee not negative")
    return tuple(_row(balance_minor, annual_rate_bp, length, policy, fee_minor) for length in lengths)


def monthly_interest(open_minor: int, annual_rate_bp: int) -> int:
    return _round_half_up(Fraction(open_minor * annual_rate_bp, BP_PER_UNIT * MONTHS_PER_YEAR))


def _row(balance_minor: int, annual_rate_bp: int, length: int, policy: Policy, fee_minor: int) -> LengthRow:
    if length < 1:
        raise ValueError("a plan length is at least one month")
    monthly, months, last = split(balance_minor, -(-balance_minor // length))
    principal = [monthly] * (months - 1) + [last]
    interests = []
    open_minor = balance_minor
    for part in principal:
        interests.append(monthly_interest(open_minor, annual_rate_bp))
        open_minor -= part
    interest = sum(interests)
    return LengthRow(
        length=length,
        months=months,
        principal_instalment_minor=monthly,
        first_instalment_minor=principal[0] + interests[0],
        last_instalment_minor=last + interests[-1],
        interest_minor=interest,
        fee_minor=fee_minor,
        total_minor=balance_minor + interest + fee_minor,
        flags=_flags(monthly, months, balance_minor, policy),
    )


def _flags(monthly_minor: int, months: int, balance_minor: int, policy: Policy) -> tuple[str, ...]:
    flags = []
    if months > policy.max_months:
        flags.append("longer_than_policy")
    elif months > policy.max_auto_months:
        flags.append("beyond_automatic_limit")
    if monthly_minor < min(policy.min_instalment_minor, balance_minor):
        flags.append("below_min_instalment")
    return tuple(flags)


def _round_half_up(amount: Fraction) -> int:
    whole, rest = divmod(amount.numerator, amount.denominator)
    return whole + (1 if 2 * rest >= amount.denominator else 0)


def interest_over(balance_minor: int, annual_rate_bp: int, instalments_minor: Sequence[int]) -> int:
    """The interest one plan's instalments leave to accrue, by the same monthly method as the comparison."""
    total, open_minor = 0, balance_minor
    for part in instalments_minor:
        total += monthly_interest(open_minor, annual_rate_bp)
        open_minor -= part
    return total
