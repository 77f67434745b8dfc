"""Comparing plan lengths: instalments, interest on the declining balance, fees and totals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.plans.affordability import Policy
from portal.plans.comparison import compare_lengths, interest_over, monthly_interest

POLICY = Policy(min_instalment_minor=2000, max_months=12, first_payment_within_days=14, max_auto_months=6)


def test_interest_accrues_on_the_open_principal_each_month() -> None:
    # 12 % a year is 1 % a month: 1 200 + 800 + 400 on 1 200.00, 800.00 and 400.00 still open.
    (row,) = compare_lengths(120000, 1200, (3,), policy=POLICY)
    assert (row.months, row.principal_instalment_minor) == (3, 40000)
    assert (row.first_instalment_minor, row.last_instalment_minor) == (41200, 40400)
    assert (row.interest_minor, row.fee_minor, row.total_minor) == (2400, 0, 122400)
    assert row.flags == ()


def test_lengths_outside_the_policy_are_marked_not_dropped() -> None:
    rows = compare_lengths(120000, 1200, policy=POLICY)
    assert [row.length for row in rows] == [3, 6, 12, 24]
    assert [row.flags for row in rows] == [(), (), ("beyond_automatic_limit",), ("longer_than_policy",)]
    assert [row.interest_minor for row in rows] == [2400, 4200, 7800, 15000]


def test_too_small_instalments_are_marked() -> None:
    (row,) = compare_lengths(30000, 0, (24,), policy=POLICY)
    assert row.principal_instalment_minor == 1250
    assert row.flags == ("longer_than_policy", "below_min_instalment")


def test_a_small_balance_cannot_be_spread_over_more_months_than_cents() -> None:
    (row,) = compare_lengths(5, 0, (24,), policy=POLICY)
    assert (row.length, row.months, row.principal_instalment_minor, row.total_minor) == (24, 5, 1, 5)


@pytest.mark.parametrize(
    ("open_minor", "rate_bp", "interest_minor"),
    [(50, 1200, 1), (49, 1200, 0), (150, 1200, 2), (100000, 0, 0), (100000, 1100, 917)],
)
def test_monthly_interest_rounds_half_up(open_minor: int, rate_bp: int, interest_minor: int) -> None:
    assert monthly_interest(open_minor, rate_bp) == interest_minor


def test_a_fee_is_added_once() -> None:
    (row,) = compare_lengths(120000, 1200, (3,), policy=POLICY, fee_minor=1500)
    assert (row.fee_minor, row.total_minor) == (1500, 123900)


@pytest.mark.parametrize("kwargs", [{"balance_minor": 0}, {"annual_rate_bp": -1}, {"fee_minor": -1}])
def test_bad_figures_are_refused(kwargs: dict[str, int]) -> None:
    arguments = {"balance_minor": 1000, "annual_rate_bp": 800, "fee_minor": 0} | kwargs
    with pytest.raises(ValueError):
        compare_lengths(
            arguments["balance_minor"], arguments["annual_rate_bp"], policy=POLICY, fee_minor=arguments["fee_minor"]
        )


def test_zero_months_is_refused() -> None:
    with pytest.raises(ValueError):
        compare_lengths(1000, 800, (0,), policy=POLICY)


@given(
    balance_minor=st.integers(min_value=1, max_value=10_000_000),
    rate_bp=st.integers(min_value=0, max_value=3000),
    lengths=st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=6),
    fee_minor=st.integers(min_value=0, max_value=10000),
)
def test_totals_add_up(balance_minor: int, rate_bp: int, lengths: list[int], fee_minor: int) -> None:
    rows = compare_lengths(balance_minor, rate_bp, lengths, policy=POLICY, fee_minor=fee_minor)
    assert [row.length for row in rows] == lengths
    for row in rows:
        assert row.total_minor == balance_minor + row.interest_minor + row.fee_minor
        assert row.months <= row.length
        last_principal = balance_minor - row.principal_instalment_minor * (row.months - 1)
        assert 0 < last_principal <= row.principal_instalment_minor
        open_minor, interest = balance_minor, 0
        for month in range(row.months):
            interest += monthly_interest(open_minor, rate_bp)
            open_minor -= last_principal if month == row.months - 1 else row.principal_instalment_minor
        assert (open_minor, interest) == (0, row.interest_minor)
        assert row.principal_instalment_minor * row.months >= balance_minor
        assert ("longer_than_policy" in row.flags) == (row.months > POLICY.max_months)
    by_length = sorted(rows, key=lambda row: row.months)
    for shorter, longer in zip(by_length, by_length[1:], strict=False):
        assert shorter.interest_minor <= longer.interest_minor


@pytest.mark.parametrize(("balance", "rate_bp", "length"), [(100_000, 950, 6), (89_000, 1_150, 12), (1_234, 0, 3)])
def test_the_interest_of_one_plan_matches_its_row_in_the_comparison(balance: int, rate_bp: int, length: int) -> None:
    (row,) = compare_lengths(balance, rate_bp, (length,), policy=POLICY)
    parts = [row.principal_instalment_minor] * (row.months - 1)
    parts.append(balance - sum(parts))
    assert interest_over(balance, rate_bp, parts) == row.interest_minor
