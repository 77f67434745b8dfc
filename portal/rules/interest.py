"""Statutory default interest: the rate in force on a day, and simple interest over a period."""

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from portal.rules.basis import basis_of
from portal.rules.figures import Figure, RulePack

DAYS_PER_YEAR = 365
BP_PER_UNIT = 10_000


@dataclass(frozen=True)
class Rate:
    bp: int
    base_bp: int
    margin_bp: int
    citation: str | None
    status: str
    sources: tuple[str, ...]


def statutory_rate(pack: RulePack, *, on: date, is_b2b: bool) -> Rate:
    """Base rate (EE § 94 rate, FI viitekorko, RO BNR reference rate) plus the statutory margin.

    A pack without a separate B2B margin (EE) applies the same margin to everyone.
    """
    base, margin = _rate_figures(pack, on=on, is_b2b=is_b2b)
    basis = basis_of(margin, base)
    return Rate(
        bp=base.number + margin.number,
        base_bp=base.number,
        margin_bp=margin.number,
        citation=basis.citation,
        status=basis.status,
        sources=basis.sources,
    )


def accrue(principal_minor: int, rate_bp: int, from_on: date, to_on: date) -> int:
    """Simple interest, actual/365, rounded half up to a whole minor unit; 0 when to_on <= from_on."""
    _check(principal_minor, rate_bp)
    days = (to_on - from_on).days
    if days <= 0:
        return 0
    return _round_half_up(Fraction(principal_minor * rate_bp * days, BP_PER_UNIT * DAYS_PER_YEAR))


def statutory_interest(pack: RulePack, *, principal_minor: int, from_on: date, to_on: date, is_b2b: bool) -> int:
    """Interest for each day in [from_on, to_on) at the statutory rate in force that day, rounded once."""
    total = Fraction(0)
    day = from_on
    while day < to_on:
        base, margin = _rate_figures(pack, on=day, is_b2b=is_b2b)
        ends = [to_on] + [f.effective_to + timedelta(days=1) for f in (base, margin) if f.effective_to]
        segment_end = min(ends)
        rate_bp = base.number + margin.number
        _check(principal_minor, rate_bp)
        total += Fraction(principal_minor * rate_bp * (segment_end - day).days, BP_PER_UNIT * DAYS_PER_YEAR)
        day = segment_end
    return _round_half_up(total)


def _rate_figures(pack: RulePack, *, on: date, is_b2b: bool) -> tuple[Figure, Figure]:
    margin_key = "statutory_interest_margin_bp"
    if is_b2b and pack.has("statutory_interest_margin_b2b_bp"):
        margin_key = "statutory_interest_margin_b2b_bp"
    return pack.figure("statutory_interest_base_bp", on), pack.figure(margin_key, on)


def _check(principal_minor: int, rate_bp: int) -> None:
    if principal_minor < 0 or rate_bp < 0:
        raise ValueError("principal and rate must not be negative")


def _round_half_up(amount: Fraction) -> int:
    whole, rest = divmod(amount.numerator, amount.denominator)
    return whole + (1 if 2 * rest >= amount.denominator else 0)
