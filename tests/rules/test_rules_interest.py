"""Statutory interest rates per country and date, and simple actual/365 accrual with half-up rounding."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules import RulePackError, accrue, pack_for, statutory_interest, statutory_rate


@pytest.mark.parametrize(
    ("country", "on", "is_b2b", "bp", "status"),
    [
        ("EE", date(2023, 3, 1), False, 1050, "S"),
        ("EE", date(2026, 3, 1), False, 1015, "U"),
        ("EE", date(2026, 3, 1), True, 1015, "U"),
        ("FI", date(2024, 9, 1), False, 1150, "S"),
        ("FI", date(2025, 2, 1), True, 1150, "S"),
        ("FI", date(2025, 9, 1), False, 950, "U"),
        ("FI", date(2026, 3, 1), False, 950, "C"),
        ("FI", date(2026, 3, 1), True, 1050, "C"),
        ("FI", date(2026, 9, 1), False, 950, "U"),
        ("RO", date(2026, 3, 1), False, 1050, "U"),
        ("RO", date(2026, 3, 1), True, 1450, "U"),
    ],
)
def test_statutory_rate(country: str, on: date, is_b2b: bool, bp: int, status: str) -> None:
    rate = statutory_rate(pack_for(country), on=on, is_b2b=is_b2b)
    assert (rate.bp, rate.status) == (bp, status)
    assert rate.bp == rate.base_bp + rate.margin_bp


def test_rate_citations() -> None:
    ee = statutory_rate(pack_for("EE"), on=date(2026, 3, 1), is_b2b=False)
    assert ee.citation == "VÕS § 113 lg 1; VÕS § 94"
    fi = statutory_rate(pack_for("FI"), on=date(2026, 3, 1), is_b2b=True)
    assert fi.citation is not None and fi.citation.startswith("korkolaki 4 a §")


def test_no_rate_before_the_researched_history() -> None:
    with pytest.raises(RulePackError):
        statutory_rate(pack_for("FI"), on=date(2024, 6, 30), is_b2b=False)


@pytest.mark.parametrize(
    ("principal", "bp", "days", "interest"),
    [
        (100000, 1000, 365, 10000),
        (100000, 1000, 1, 27),  # 27.397…
        (1825, 1000, 1, 1),  # exactly 0.5 rounds up
        (1824, 1000, 1, 0),  # 0.4997… rounds down
        (100000, 1015, 366, 10178),  # leap year still divides by 365
        (0, 1000, 100, 0),
        (100000, 0, 100, 0),
    ],
)
def test_accrue(principal: int, bp: int, days: int, interest: int) -> None:
    start = date(2024, 1, 1)
    assert accrue(principal, bp, start, start + timedelta(days=days)) == interest


def test_accrue_is_zero_when_the_period_is_empty_or_reversed() -> None:
    assert accrue(100000, 1000, date(2026, 1, 2), date(2026, 1, 2)) == 0
    assert accrue(100000, 1000, date(2026, 1, 2), date(2026, 1, 1)) == 0


def test_accrue_refuses_negative_inputs() -> None:
    with pytest.raises(ValueError, match="negative"):
        accrue(-1, 1000, date(2026, 1, 1), date(2026, 2, 1))
    with pytest.raises(ValueError, match="negative"):
        accrue(1, -1000, date(2026, 1, 1), date(2026, 2, 1))


def test_statutory_interest_uses_each_half_year_rate() -> None:
    # June 2025 at 10.50 %, July 2025 at 9.50 % (FI consumer): 100000 × (1050×30 + 950×31) / 3 650 000.
    result = statutory_interest(
        pack_for("FI"), principal_minor=100000, from_on=date(2025, 6, 1), to_on=date(2025, 8, 1), is_b2b=False
    )
    assert result == 1670
    single_rate = accrue(100000, 1050, date(2025, 6, 1), date(2025, 8, 1))
    assert single_rate != result


@given(
    principal=st.integers(min_value=0, max_value=10**10),
    bp=st.integers(min_value=0, max_value=5000),
    days=st.integers(min_value=0, max_value=3650),
    extra=st.integers(min_value=0, max_value=3650),
)
def test_accrue_properties(principal: int, bp: int, days: int, extra: int) -> None:
    start = date(2020, 1, 1)
    shorter = accrue(principal, bp, start, start + timedelta(days=days))
    longer = accrue(principal, bp, start, start + timedelta(days=days + extra))
    assert isinstance(shorter, int)
    assert 0 <= shorter <= longer
    exact_times_den = principal * bp * days
    assert abs(shorter * 3_650_000 - exact_times_den) <= 3_650_000 // 2
    if days == 0:
        assert shorter == 0
