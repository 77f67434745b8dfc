"""Limitation dates: year arithmetic around 29 February and month ends, interruptions, titles, final cap."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules import add_years, limitation_on, pack_for


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2024, 2, 28), 3, date(2027, 2, 28)),
        (date(2024, 3, 1), 3, date(2027, 3, 1)),
        (date(2024, 1, 31), 3, date(2027, 1, 31)),
        (date(2024, 4, 30), 3, date(2027, 4, 30)),
        (date(2024, 12, 31), 3, date(2027, 12, 31)),
    ],
)
def test_add_years_keeps_day_and_month_and_falls_back_to_28_february(start: date, years: int, end: date) -> None:
    assert add_years(start, years) == end


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
def test_three_years_from_a_29_february_due_date(country: str) -> None:
    result = limitation_on(pack_for(country), due_on=date(2024, 2, 29))
    assert (result.on, result.reason, result.years) == (date(2027, 2, 28), "from_due_date", 3)


def test_ee_cites_the_civil_code_general_part() -> None:
    result = limitation_on(pack_for("EE"), due_on=date(2025, 5, 31))
    assert result.on == date(2028, 5, 31)
    assert result.citation is not None and "TsÜS § 146" in result.citation
    assert result.status == "S"


def test_ee_part_payment_restarts_the_period() -> None:
    result = limitation_on(pack_for("EE"), due_on=date(2024, 2, 29), interruptions=[date(2025, 6, 15)])
    assert (result.on, result.started_on, result.reason) == (
        date(2028, 6, 15),
        date(2025, 6, 15),
        "interrupted",
    )


def test_the_latest_interruption_counts_whatever_the_input_order() -> None:
    interruptions = [date(2026, 8, 31), date(2024, 1, 10), date(2025, 3, 1)]
    result = limitation_on(pack_for("RO"), due_on=date(2023, 12, 31), interruptions=interruptions)
    assert result.on == date(2029, 8, 31)


@pytest.mark.parametrize(
    ("interruption", "end"),
    [
        (date(2024, 2, 28), date(2027, 2, 28)),  # before the due date: ignored
        (date(2027, 2, 28), date(2030, 2, 28)),  # on the last day: still in time
        (date(2027, 3, 1), date(2027, 2, 28)),  # after the claim was time-barred: does not revive it
    ],
)
def test_interruptions_only_count_inside_the_running_period(interruption: date, end: date) -> None:
    result = limitation_on(pack_for("EE"), due_on=date(2024, 2, 29), interruptions=[interruption])
    assert result.on == end


def test_ee_judgment_runs_ten_years_from_the_title() -> None:
    result = limitation_on(
        pack_for("EE"), due_on=date(2020, 1, 15), has_enforceable_title=True, title_on=date(2026, 5, 10)
    )
    assert (result.on, result.reason, result.years) == (date(2036, 5, 10), "from_title", 10)


def test_a_title_needs_its_date() -> None:
    with pytest.raises(ValueError, match="title_on"):
        limitation_on(pack_for("EE"), due_on=date(2020, 1, 15), has_enforceable_title=True)


def _every_two_years(start: int, stop: int) -> list[date]:
    return [date(year, 6, 1) for year in range(start, stop, 2)]


def test_fi_final_limitation_caps_endless_interruptions() -> None:
    result = limitation_on(pack_for("FI"), due_on=date(2005, 1, 1), interruptions=_every_two_years(2006, 2027))
    assert (result.on, result.final_on, result.reason) == (
        date(2025, 1, 1),
        date(2025, 1, 1),
        "final_limitation",
    )


def test_fi_private_creditor_has_25_years() -> None:
    result = limitation_on(
        pack_for("FI"),
        due_on=date(2005, 1, 1),
        interruptions=_every_two_years(2006, 2031),
        creditor_is_private_person=True,
    )
    assert (result.on, result.reason) == (date(2030, 1, 1), "final_limitation")


def test_fi_interruptions_below_the_final_cap_are_kept() -> None:
    result = limitation_on(pack_for("FI"), due_on=date(2020, 1, 1), interruptions=[date(2022, 12, 1)])
    assert (result.on, result.final_on, result.reason) == (date(2025, 12, 1), date(2040, 1, 1), "interrupted")


@pytest.mark.parametrize(("private", "final"), [(False, date(2025, 3, 1)), (True, date(2030, 3, 1))])
def test_fi_title_five_years_capped_at_15_or_20(private: bool, final: date) -> None:
    result = limitation_on(
        pack_for("FI"),
        due_on=date(2008, 1, 1),
        has_enforceable_title=True,
        title_on=date(2010, 3, 1),
        interruptions=[date(year, 3, 1) for year in range(2014, 2031, 4)],
        creditor_is_private_person=private,
    )
    assert (result.on, result.reason, result.years) == (final, "title_final_limitation", 5)


def test_ro_right_to_enforce_a_judgment_is_three_years() -> None:
    result = limitation_on(
        pack_for("RO"), due_on=date(2019, 1, 1), has_enforceable_title=True, title_on=date(2024, 2, 29)
    )
    assert (result.on, result.citation, result.status) == (date(2027, 2, 28), "CPC art. 706", "C")


@given(
    due=st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)),
    offsets=st.lists(st.integers(min_value=-400, max_value=4000), max_size=6),
    country=st.sampled_from(["EE", "FI", "RO"]),
)
def test_interruptions_never_shorten_the_period_nor_pass_the_final_cap(
    due: date, offsets: list[int], country: str
) -> None:
    pack = pack_for(country)
    plain = limitation_on(pack, due_on=due)
    interrupted = limitation_on(pack, due_on=due, interruptions=[due + timedelta(days=n) for n in offsets])
    assert interrupted.on >= plain.on
    if interrupted.final_on is not None:
        assert interrupted.on <= interrupted.final_on
