"""Assessing a requested plan: accepted, counter-offer or referred, with the reasons, per country and household."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.plans.affordability import (
    ByAmount,
    ByMonths,
    Household,
    Outcome,
    Plan,
    Policy,
    assess,
    plan_for,
    protected_income,
)
from portal.rules import pack_for

ON = date(2025, 6, 1)
DUE = ON + timedelta(days=10)
POLICY = Policy(min_instalment_minor=2000, max_months=24, first_payment_within_days=14, max_auto_months=12)
BALANCE = 300000

# Floors on ON: FI single 986.40 EUR; EE with one dependant 1 181.34 EUR; RO on 3 000 lei income 2 000 lei.
FI_SINGLE = Household(net_income_minor=150000, housing_minor=20000, food_minor=10000)  # affordable up to 513.60
EE_ONE_CHILD = Household(net_income_minor=200000, housing_minor=50000, dependants=1, household_size=2)  # to 818.66
RO_SINGLE = Household(net_income_minor=300000, housing_minor=50000)  # affordable up to 1 000.00 lei


@pytest.mark.parametrize(
    ("country", "household", "monthly_minor", "outcome", "reasons", "plan"),
    [
        # Exactly the protected amount left: accepted. One cent less: the plan that leaves it is proposed.
        ("FI", FI_SINGLE, 51360, Outcome.ACCEPTED, (), (51360, 6, 43200)),
        ("FI", FI_SINGLE, 51361, Outcome.COUNTER_OFFER, ("leaves_less_than_protected",), (51360, 6, 43200)),
        ("EE", EE_ONE_CHILD, 81866, Outcome.ACCEPTED, (), (81866, 4, 54402)),
        ("EE", EE_ONE_CHILD, 81867, Outcome.COUNTER_OFFER, ("leaves_less_than_protected",), (81866, 4, 54402)),
        ("RO", RO_SINGLE, 100000, Outcome.ACCEPTED, (), (100000, 3, 100000)),
        ("RO", RO_SINGLE, 100001, Outcome.COUNTER_OFFER, ("leaves_less_than_protected",), (100000, 3, 100000)),
        # More than the whole balance is one payment of the balance.
        ("RO", Household(net_income_minor=900000), 500000, Outcome.ACCEPTED, (), (300000, 1, 300000)),
        # Too small an instalment: the policy's shortest automatic plan is proposed.
        (
            "FI",
            FI_SINGLE,
            1999,
            Outcome.COUNTER_OFFER,
            ("below_min_instalment", "longer_than_policy"),
            (25000, 12, 25000),
        ),
        ("FI", FI_SINGLE, 20000, Outcome.COUNTER_OFFER, ("beyond_automatic_limit",), (25000, 12, 25000)),
    ],
)
def test_amount_requests(
    country: str,
    household: Household,
    monthly_minor: int,
    outcome: Outcome,
    reasons: tuple[str, ...],
    plan: tuple[int, int, int],
) -> None:
    result = assess(
        pack_for(country), household, balance_minor=BALANCE, request=ByAmount(monthly_minor, DUE), policy=POLICY, on=ON
    )
    assert (result.outcome, result.reasons) == (outcome, reasons)
    assert result.plan == Plan(*plan, first_due_on=DUE)


def test_exactly_the_protected_amount_of_income_is_never_asked_for() -> None:
    protected = protected_income(pack_for("FI"), dependants=0, on=ON).amount_minor
    assert protected == 98640
    at_floor = Household(net_income_minor=protected)
    result = assess(pack_for("FI"), at_floor, balance_minor=BALANCE, request=ByMonths(12, DUE), policy=POLICY, on=ON)
    assert result.outcome == Outcome.REFERRED
    assert result.plan is None
    assert result.reasons == ("leaves_less_than_protected", "nothing_affordable")
    assert result.affordable_minor == 0


def test_one_cent_above_the_floor_is_below_any_instalment_a_policy_allows() -> None:
    result = assess(
        pack_for("FI"),
        Household(net_income_minor=98641),
        balance_minor=BALANCE,
        request=ByAmount(1, DUE),
        policy=POLICY,
        on=ON,
    )
    assert result.outcome == Outcome.REFERRED
    assert result.affordable_minor == 1
    assert result.reasons[-1] == "affordable_below_min_instalment"


@pytest.mark.parametrize("expenses_minor", [150000, 150001, 400000])
def test_zero_or_negative_disposable_income_is_referred_not_refused(expenses_minor: int) -> None:
    household = Household(net_income_minor=150000, housing_minor=expenses_minor)
    result = assess(pack_for("FI"), household, balance_minor=BALANCE, request=ByMonths(24, DUE), policy=POLICY, on=ON)
    assert result.outcome == Outcome.REFERRED
    assert result.disposable_minor == 150000 - expenses_minor
    assert result.reasons[0] == "no_disposable_income"
    assert result.reasons[-1] == "nothing_affordable"


def test_affordable_only_beyond_the_automatic_limit_goes_to_a_person() -> None:
    household = Household(net_income_minor=150000, housing_minor=130000)  # 200 EUR a month to spare
    result = assess(pack_for("FI"), household, balance_minor=BALANCE, request=ByMonths(15, DUE), policy=POLICY, on=ON)
    assert (result.outcome, result.reasons) == (
        Outcome.REFERRED,
        ("beyond_automatic_limit",),
    )
    assert result.affordable_minor == 20000


def test_affordable_only_beyond_the_policy_goes_to_a_person() -> None:
    household = Household(net_income_minor=150000, housing_minor=140000)  # 100 EUR a month
    result = assess(
        pack_for("FI"), household, balance_minor=BALANCE, request=ByAmount(10000, DUE), policy=POLICY, on=ON
    )
    assert result.outcome == Outcome.REFERRED
    assert result.reasons == ("longer_than_policy", "no_plan_within_policy")


@pytest.mark.parametrize(
    ("months", "outcome", "reasons", "plan"),
    [
        (6, Outcome.ACCEPTED, ("company_debtor",), (50000, 6, 50000)),
        (7, Outcome.ACCEPTED, ("company_debtor",), (42858, 7, 42852)),
        (13, Outcome.COUNTER_OFFER, ("company_debtor", "beyond_automatic_limit"), (25000, 12, 25000)),
        (
            1000,
            Outcome.COUNTER_OFFER,
            ("company_debtor", "below_min_instalment", "longer_than_policy"),
            (25000, 12, 25000),
        ),
    ],
)
def test_company_debtors_get_the_policy_check_only(
    months: int, outcome: Outcome, reasons: tuple[str, ...], plan: tuple[int, int, int]
) -> None:
    result = assess(pack_for("EE"), None, balance_minor=BALANCE, request=ByMonths(months, DUE), policy=POLICY, on=ON)
    assert (result.outcome, result.reasons) == (outcome, reasons)
    assert result.plan == Plan(*plan, first_due_on=DUE)
    assert (result.protected, result.disposable_minor, result.affordable_minor) == (None, None, None)


def test_a_thousand_months_for_a_household_is_countered_within_policy() -> None:
    result = assess(pack_for("FI"), FI_SINGLE, balance_minor=BALANCE, request=ByMonths(1000, DUE), policy=POLICY, on=ON)
    assert result.outcome == Outcome.COUNTER_OFFER
    assert result.reasons == ("below_min_instalment", "longer_than_policy")
    assert result.plan == Plan(25000, 12, 25000, DUE)


@pytest.mark.parametrize(
    ("request_", "message"),
    [(ByMonths(0, DUE), "month"), (ByMonths(-3, DUE), "month"), (ByAmount(0, DUE), "instalment")],
)
def test_zero_months_or_nothing_a_month_is_bad_input(request_: ByMonths | ByAmount, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        assess(pack_for("FI"), FI_SINGLE, balance_minor=BALANCE, request=request_, policy=POLICY, on=ON)


@pytest.mark.parametrize(
    ("first_due_on", "reason", "proposed_on"),
    [
        (ON - timedelta(days=1), "first_payment_in_past", ON),
        (ON + timedelta(days=15), "first_payment_too_late", ON + timedelta(days=14)),
    ],
)
def test_first_payment_outside_the_window_is_moved_into_it(first_due_on: date, reason: str, proposed_on: date) -> None:
    result = assess(
        pack_for("FI"), FI_SINGLE, balance_minor=BALANCE, request=ByMonths(12, first_due_on), policy=POLICY, on=ON
    )
    assert (result.outcome, result.reasons) == (Outcome.COUNTER_OFFER, (reason,))
    assert result.plan == Plan(25000, 12, 25000, proposed_on)


def test_last_day_of_the_window_is_accepted() -> None:
    last_day = ON + timedelta(days=POLICY.first_payment_within_days)
    result = assess(
        pack_for("FI"), FI_SINGLE, balance_minor=BALANCE, request=ByMonths(12, last_day), policy=POLICY, on=ON
    )
    assert result.outcome == Outcome.ACCEPTED


def test_no_floor_figures_on_that_day_goes_to_a_person() -> None:
    result = assess(
        pack_for("EE"),
        EE_ONE_CHILD,
        balance_minor=BALANCE,
        request=ByMonths(12, date(2023, 6, 5)),
        policy=POLICY,
        on=date(2023, 6, 1),
    )
    assert result.outcome == Outcome.REFERRED
    assert result.reasons == ("no_floor_figures",)


def test_a_balance_below_the_minimum_instalment_is_one_payment() -> None:
    result = assess(pack_for("FI"), FI_SINGLE, balance_minor=1500, request=ByMonths(3, DUE), policy=POLICY, on=ON)
    assert (result.outcome, result.reasons) == (Outcome.COUNTER_OFFER, ("below_min_instalment",))
    assert result.plan == Plan(1500, 1, 1500, DUE)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"net_income_minor": -1},
        {"net_income_minor": 100, "food_minor": -1},
        {"net_income_minor": 1, "household_size": 0},
    ],
)
def test_negative_household_figures_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Household(**kwargs)


def test_disposable_income_is_income_less_declared_expenses() -> None:
    household = Household(
        net_income_minor=200000,
        housing_minor=1,
        utilities_minor=2,
        food_minor=3,
        transport_minor=4,
        other_debts_minor=5,
        other_minor=6,
    )
    assert (household.expenses_minor, household.disposable_minor) == (21, 199979)


def test_plan_for_adjusts_the_last_instalment() -> None:
    assert plan_for(1000, 300, DUE) == Plan(300, 4, 100, DUE)
    assert plan_for(1000, 5000, DUE) == Plan(1000, 1, 1000, DUE)


COUNTRIES = st.sampled_from(["EE", "FI", "RO"])
MONEY = st.integers(min_value=0, max_value=2_000_000)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    auto = draw(st.integers(min_value=1, max_value=36))
    return Policy(
        min_instalment_minor=draw(st.integers(min_value=1, max_value=20000)),
        max_months=draw(st.integers(min_value=auto, max_value=72)),
        first_payment_within_days=draw(st.integers(min_value=0, max_value=31)),
        max_auto_months=auto,
    )


@st.composite
def households(draw: st.DrawFn) -> Household | None:
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    return Household(
        net_income_minor=draw(MONEY),
        housing_minor=draw(MONEY),
        other_debts_minor=draw(st.integers(min_value=0, max_value=200000)),
        dependants=draw(st.integers(min_value=0, max_value=5)),
    )


@given(
    country=COUNTRIES,
    household=households(),
    balance_minor=st.integers(min_value=1, max_value=5_000_000),
    request_=st.one_of(
        st.builds(ByAmount, st.integers(min_value=1, max_value=6_000_000), st.just(DUE)),
        st.builds(ByMonths, st.integers(min_value=1, max_value=1000), st.just(DUE)),
    ),
    policy=policies(),
    on=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)
def test_an_offered_plan_pays_off_within_its_length_and_respects_the_floor(
    country: str,
    household: Household | None,
    balance_minor: int,
    request_: ByAmount | ByMonths,
    policy: Policy,
    on: date,
) -> None:
    result = assess(pack_for(country), household, balance_minor=balance_minor, request=request_, policy=policy, on=on)
    if result.outcome == Outcome.REFERRED:
        assert result.plan is None
        assert result.reasons
        return
    plan = result.plan
    assert plan is not None
    assert plan.monthly_minor * plan.months >= balance_minor
    assert plan.total_minor == balance_minor
    assert 0 < plan.last_minor <= plan.monthly_minor
    assert plan.months <= policy.max_auto_months
    assert plan.monthly_minor >= min(policy.min_instalment_minor, balance_minor)
    assert on <= plan.first_due_on <= on + timedelta(days=policy.first_payment_within_days)
    if household is not None:
        assert result.protected is not None and result.protected.amount_minor is not None
        assert household.net_income_minor - plan.monthly_minor >= result.protected.amount_minor
        assert plan.monthly_minor <= household.disposable_minor
    if result.outcome == Outcome.ACCEPTED:
        assert set(result.reasons) <= {"company_debtor"}
