"""Living costs against the reference figures: amounts per household, boundaries, missing figures, statuses."""

from dataclasses import replace
from datetime import date
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.plans.affordability import Household
from portal.plans.references import (
    ABOVE_REFERENCE,
    BELOW_FLOOR,
    SHOWN_TO_DEBTOR,
    check_living_costs,
    living_costs_minor,
)
from portal.rules import RulePack, RulePackError, pack_for

FLOOR_KEYS = ("living_costs_floor_first_adult", "living_costs_floor_further_adult", "living_costs_floor_child")
REFERENCE_KEYS = (
    "living_costs_reference_first_adult",
    "living_costs_reference_further_adult",
    "living_costs_reference_child",
)
EE_2023 = date(2023, 6, 1)
RO_2025 = date(2025, 10, 1)

# (country, on, household_size, dependants, floor, reference, weakest status of the figures used)
CASES = [
    # EE: toimetulekupiir 200/160/240 (S); elatusmiinimum 303.40 (S) and its derived 242.72/364.08 (D).
    ("EE", EE_2023, 1, 0, 20000, 30340, "S"),
    ("EE", EE_2023, 2, 0, 36000, 54612, "D"),
    ("EE", EE_2023, 2, 1, 44000, 66748, "D"),
    ("EE", EE_2023, 4, 2, 84000, 127428, "D"),
    ("EE", date(2022, 12, 1), 1, 0, 20000, None, "S"),  # the elatusmiinimum starts 1.2.2023
    ("EE", date(2024, 6, 1), 1, 0, 20000, 30340, "U"),  # elatusmiinimum placeholder from 1.2.2024
    ("EE", date(2025, 6, 1), 3, 1, 60000, 91020, "U"),  # toimetulekupiir placeholder from 1.1.2025
    # FI: no perusosa before 2026; velkajärjestely 707 (C 2024, U after), 520.80/370.72 (D).
    ("FI", date(2024, 6, 1), 1, 0, None, 70700, "C"),
    ("FI", date(2025, 6, 1), 2, 1, None, 107772, "U"),
    ("FI", date(2025, 12, 31), 1, 0, None, 70700, "U"),
    ("FI", date(2026, 1, 1), 1, 0, 59632, 70700, "U"),
    ("FI", date(2026, 2, 28), 2, 0, 110319, 122780, "U"),
    ("FI", date(2026, 3, 1), 1, 0, 57843, 70700, "U"),
    ("FI", date(2026, 3, 1), 3, 1, 139402, 159852, "U"),
    ("FI", date(2026, 11, 22), 5, 3, 203030, 233996, "U"),
    # RO: no floor; coșul minim decent 4 322 lei (S), +2 680 per adult and +2 027 per child (D).
    ("RO", RO_2025, 1, 0, None, 432200, "S"),
    ("RO", RO_2025, 2, 0, None, 700200, "D"),
    ("RO", RO_2025, 3, 1, None, 902900, "D"),
    ("RO", RO_2025, 4, 2, None, 1105600, "D"),
]


def case_id(case: tuple[object, ...]) -> str:
    country, on, size, dependants = case[:4]
    return f"{country}-{on}-{size}p-{dependants}d"


def household(living_minor: int, *, household_size: int = 1, dependants: int = 0) -> Household:
    """Living costs spread over every counted field, with housing and other debts large enough to matter."""
    return Household(
        net_income_minor=10_000_000,
        housing_minor=900_000,
        utilities_minor=1,
        food_minor=living_minor - 6,
        transport_minor=2,
        other_debts_minor=800_000,
        other_minor=3,
        household_size=household_size,
        dependants=dependants,
    )


def test_living_costs_leave_out_housing_and_other_debts() -> None:
    statement = Household(
        net_income_minor=200000,
        housing_minor=50000,
        utilities_minor=8000,
        food_minor=30000,
        transport_minor=6000,
        other_debts_minor=20000,
        other_minor=4000,
    )
    assert living_costs_minor(statement) == 48000


@pytest.mark.parametrize(
    ("country", "on", "household_size", "dependants", "floor", "reference", "status"), CASES, ids=map(case_id, CASES)
)
def test_amounts_and_basis_per_household(
    country: str, on: date, household_size: int, dependants: int, floor: int | None, reference: int | None, status: str
) -> None:
    check = check_living_costs(
        pack_for(country), household(100000, household_size=household_size, dependants=dependants), on=on
    )
    assert check.floor_minor == floor
    assert check.reference_minor == reference
    assert check.basis is not None
    assert check.basis.status == status
    assert check.basis.sources or status == "U"  # a placeholder may rest on no source


@pytest.mark.parametrize(
    ("country", "on", "household_size", "dependants", "floor"),
    [case[:5] for case in CASES if case[4] is not None],
    ids=[case_id(case) for case in CASES if case[4] is not None],
)
def test_exactly_the_floor_is_not_flagged_one_cent_below_is(
    country: str, on: date, household_size: int, dependants: int, floor: int
) -> None:
    pack = pack_for(country)
    at = check_living_costs(pack, household(floor, household_size=household_size, dependants=dependants), on=on)
    below = check_living_costs(pack, household(floor - 1, household_size=household_size, dependants=dependants), on=on)
    assert BELOW_FLOOR not in at.flags
    assert below.flags == (BELOW_FLOOR,)


@pytest.mark.parametrize(
    ("country", "on", "household_size", "dependants", "reference"),
    [(*case[:4], case[5]) for case in CASES if case[5] is not None],
    ids=[case_id(case) for case in CASES if case[5] is not None],
)
def test_exactly_the_reference_is_not_flagged_one_cent_above_is(
    country: str, on: date, household_size: int, dependants: int, reference: int
) -> None:
    pack = pack_for(country)
    size = {"household_size": household_size, "dependants": dependants}
    at = check_living_costs(pack, household(reference, **size), on=on)
    above = check_living_costs(pack, household(reference + 1, **size), on=on)
    assert at.flags == ()
    assert above.flags == (ABOVE_REFERENCE,)


@pytest.mark.parametrize(
    ("country", "on"),
    [("EE", date(2022, 5, 31)), ("FI", date(2023, 12, 31)), ("RO", date(2025, 8, 31))],
)
def test_no_figures_in_force_means_no_flags(country: str, on: date) -> None:
    check = check_living_costs(pack_for(country), household(6), on=on)
    assert check == check_living_costs(pack_for(country), household(99_999_999), on=on)
    assert (check.floor_minor, check.reference_minor, check.flags, check.basis) == (None, None, (), None)


@pytest.mark.parametrize("on", [date(2024, 6, 1), date(2025, 12, 31)])
def test_finland_before_2026_has_no_floor_so_nothing_is_too_low(on: date) -> None:
    check = check_living_costs(pack_for("FI"), household(6, household_size=3, dependants=1), on=on)
    assert check.floor_minor is None
    assert BELOW_FLOOR not in check.flags
    assert check.reference_minor is not None


def test_romania_has_no_floor_figures() -> None:
    pack = pack_for("RO")
    assert not any(pack.has(key) for key in FLOOR_KEYS)
    check = check_living_costs(pack, household(6, household_size=2, dependants=1), on=RO_2025)
    assert check.floor_minor is None and check.flags == ()


def test_dependants_count_as_children_and_the_rest_as_adults() -> None:
    pack = pack_for("EE")
    three_adults = check_living_costs(pack, household(100000, household_size=3), on=EE_2023)
    adult_two_children = check_living_costs(pack, household(100000, household_size=3, dependants=2), on=EE_2023)
    assert three_adults.floor_minor == 20000 + 2 * 16000
    assert adult_two_children.floor_minor == 20000 + 2 * 24000
    # A household size that leaves no adult besides the dependants still has the debtor as its first adult.
    understated = check_living_costs(pack, household(100000, household_size=1, dependants=2), on=EE_2023)
    assert understated.floor_minor == adult_two_children.floor_minor
    assert understated.reference_minor == adult_two_children.reference_minor


def test_the_floor_flag_is_the_only_one_the_debtor_sees() -> None:
    assert {BELOW_FLOOR} == SHOWN_TO_DEBTOR
    assert ABOVE_REFERENCE not in SHOWN_TO_DEBTOR


# Every version of every living-cost figure: (effective_from, effective_to, value, status).
EXPECTED_HISTORY = {
    ("EE", "living_costs_floor_first_adult"): [
        (date(2022, 6, 1), date(2024, 12, 31), 20000, "S"),
        (date(2025, 1, 1), None, 20000, "U"),
    ],
    ("EE", "living_costs_floor_further_adult"): [
        (date(2022, 6, 1), date(2024, 12, 31), 16000, "S"),
        (date(2025, 1, 1), None, 16000, "U"),
    ],
    ("EE", "living_costs_floor_child"): [
        (date(2022, 6, 1), date(2024, 12, 31), 24000, "S"),
        (date(2025, 1, 1), None, 24000, "U"),
    ],
    ("EE", "living_costs_reference_first_adult"): [
        (date(2023, 2, 1), date(2024, 1, 31), 30340, "S"),
        (date(2024, 2, 1), None, 30340, "U"),
    ],
    ("EE", "living_costs_reference_further_adult"): [(date(2023, 2, 1), None, 24272, "D")],
    ("EE", "living_costs_reference_child"): [(date(2023, 2, 1), None, 36408, "D")],
    ("FI", "living_costs_floor_first_adult"): [
        (date(2026, 1, 1), date(2026, 2, 28), 59632, "C"),
        (date(2026, 3, 1), None, 57843, "C"),
    ],
    ("FI", "living_costs_floor_further_adult"): [
        (date(2026, 1, 1), date(2026, 2, 28), 50687, "C"),
        (date(2026, 3, 1), None, 49745, "C"),
    ],
    ("FI", "living_costs_floor_child"): [
        (date(2026, 1, 1), date(2026, 2, 28), 31605, "C"),
        (date(2026, 3, 1), None, 31814, "C"),
    ],
    ("FI", "living_costs_reference_first_adult"): [
        (date(2024, 1, 1), date(2024, 12, 31), 70700, "C"),
        (date(2025, 1, 1), None, 70700, "U"),
    ],
    ("FI", "living_costs_reference_further_adult"): [(date(2024, 1, 1), None, 52080, "D")],
    ("FI", "living_costs_reference_child"): [(date(2024, 1, 1), None, 37072, "D")],
    ("RO", "living_costs_reference_first_adult"): [(date(2025, 9, 1), None, 432200, "S")],
    ("RO", "living_costs_reference_further_adult"): [(date(2025, 9, 1), None, 268000, "D")],
    ("RO", "living_costs_reference_child"): [(date(2025, 9, 1), None, 202700, "D")],
}


@pytest.mark.parametrize(("country", "key"), list(EXPECTED_HISTORY), ids="-".join)
def test_figures_carry_their_research_status(country: str, key: str) -> None:
    pack = pack_for(country)
    history = pack.history(key)
    assert [(f.effective_from, f.effective_to, f.value, f.status) for f in history] == EXPECTED_HISTORY[country, key]
    for figure in history:
        assert figure.unit == f"{pack.currency}_minor"
        assert figure.citation
        assert figure.note
        if figure.status in {"C", "S"}:
            assert figure.sources


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
def test_every_living_cost_figure_is_listed(country: str) -> None:
    keys = {key for key in pack_for(country).keys if key.startswith("living_costs_")}
    assert keys == {key for pack_country, key in EXPECTED_HISTORY if pack_country == country}


def without(pack: RulePack, key: str) -> RulePack:
    return replace(pack, versions=MappingProxyType({k: v for k, v in pack.versions.items() if k != key}))


def test_an_incomplete_set_is_treated_as_absent() -> None:
    pack = without(pack_for("EE"), "living_costs_floor_child")
    check = check_living_costs(pack, household(6), on=EE_2023)
    assert check.floor_minor is None
    assert check.reference_minor == 30340
    assert check.flags == ()


def test_a_figure_in_the_wrong_unit_is_an_error_not_a_skipped_check() -> None:
    pack = pack_for("EE")
    wrong = [replace(figure, unit="days") for figure in pack.history("living_costs_reference_child")]
    broken = replace(pack, versions=MappingProxyType({**pack.versions, "living_costs_reference_child": tuple(wrong)}))
    with pytest.raises(RulePackError, match="living_costs_reference_child"):
        check_living_costs(broken, household(6), on=EE_2023)


@given(
    country=st.sampled_from(["EE", "FI", "RO"]),
    on=st.dates(min_value=date(2022, 1, 1), max_value=date(2027, 12, 31)),
    household_size=st.integers(min_value=1, max_value=8),
    dependants=st.integers(min_value=0, max_value=6),
    living_minor=st.integers(min_value=6, max_value=2_000_000),
)
def test_more_people_never_lower_the_figures_and_flags_follow_them(
    country: str, on: date, household_size: int, dependants: int, living_minor: int
) -> None:
    pack = pack_for(country)
    check = check_living_costs(
        pack, household(living_minor, household_size=household_size, dependants=dependants), on=on
    )
    adult = check_living_costs(
        pack, household(living_minor, household_size=household_size + 1, dependants=dependants), on=on
    )
    child = check_living_costs(
        pack, household(living_minor, household_size=household_size + 1, dependants=dependants + 1), on=on
    )
    for amount, with_adult, with_child in [
        (check.floor_minor, adult.floor_minor, child.floor_minor),
        (check.reference_minor, adult.reference_minor, child.reference_minor),
    ]:
        if amount is None:
            assert with_adult is None and with_child is None
        else:
            # An extra person counts as an adult only when the household has room for one besides the dependants.
            assert with_adult is not None and with_adult >= amount
            assert with_child is not None and with_child > amount
    assert (BELOW_FLOOR in check.flags) == (check.floor_minor is not None and living_minor < check.floor_minor)
    assert (ABOVE_REFERENCE in check.flags) == (
        check.reference_minor is not None and living_minor > check.reference_minor
    )
