"""An agreed plan's instalments pay the balance off, within the length asked for and the policy's automatic limit."""

from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from portal.plans.affordability import ByAmount, ByMonths, Household, Outcome, Policy, assess
from portal.plans.schedule import Terms, instalments, progress
from portal.rules import pack_for

TERMS = Terms(grace_days=0, tolerance=0, max_moves=0, move_max_days=1)


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
    """A company, or a household with room to pay: most requests should be accepted, so few examples are discarded."""
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        return None
    return Household(
        net_income_minor=draw(st.integers(min_value=100_000, max_value=5_000_000)),
        housing_minor=draw(st.integers(min_value=0, max_value=100_000)),
        dependants=draw(st.integers(min_value=0, max_value=3)),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[int, ByAmount | ByMonths, Policy, date]:
    policy = draw(policies())
    balance_minor = draw(st.integers(min_value=1, max_value=2_000_000))
    on = draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)))
    first_due_on = on + timedelta(days=draw(st.integers(min_value=0, max_value=policy.first_payment_within_days)))
    months = draw(st.integers(min_value=1, max_value=policy.max_auto_months + 2))
    if draw(st.booleans()):
        return balance_minor, ByMonths(months, first_due_on), policy, on
    monthly_minor = -(-balance_minor // months) + draw(st.integers(min_value=0, max_value=5000))
    return balance_minor, ByAmount(monthly_minor, first_due_on), policy, on


@given(country=st.sampled_from(["EE", "FI", "RO"]), household=households(), case=cases())
def test_an_accepted_plan_pays_the_balance_off_within_its_length(
    country: str, household: Household | None, case: tuple[int, ByAmount | ByMonths, Policy, date]
) -> None:
    balance_minor, request, policy, on = case
    result = assess(pack_for(country), household, balance_minor=balance_minor, request=request, policy=policy, on=on)
    assume(result.outcome == Outcome.ACCEPTED)
    plan = result.plan
    assert plan is not None
    schedule = instalments(plan)
    assert sum(instalment.amount_minor for instalment in schedule) == balance_minor
    assert len(schedule) == plan.months <= policy.max_auto_months
    if isinstance(request, ByMonths):
        assert plan.months <= request.months
    else:
        assert all(instalment.amount_minor <= request.monthly_minor for instalment in schedule)
    first, last = schedule[0].due_on, schedule[-1].due_on
    assert first == request.first_due_on
    assert (last.year - first.year) * 12 + last.month - first.month == plan.months - 1
    # Paying each instalment on its due date never leaves one missed, and the last payment completes the plan.
    paid = 0
    for instalment in schedule:
        paid += instalment.amount_minor
        state = progress(schedule, paid, today=instalment.due_on + timedelta(days=1), terms=TERMS)
        assert (state.missed, state.arrears_minor, state.is_broken) == (0, 0, False)
    assert state.is_complete


@given(country=st.sampled_from(["EE", "FI", "RO"]), household=households(), case=cases())
def test_a_counter_offer_pays_the_balance_off_within_the_automatic_limit(
    country: str, household: Household | None, case: tuple[int, ByAmount | ByMonths, Policy, date]
) -> None:
    balance_minor, request, policy, on = case
    result = assess(pack_for(country), household, balance_minor=balance_minor, request=request, policy=policy, on=on)
    assume(result.outcome == Outcome.COUNTER_OFFER)
    assert result.plan is not None
    schedule = instalments(result.plan)
    assert sum(instalment.amount_minor for instalment in schedule) == balance_minor
    assert len(schedule) == result.plan.months <= policy.max_auto_months
