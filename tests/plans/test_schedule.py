"""A plan's instalments: due dates around month ends, payments filling them in order, grace, breaking, moving a date."""

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.plans.affordability import Plan, plan_for
from portal.plans.schedule import (
    Instalment,
    InstalmentState,
    MoveRefusal,
    Terms,
    instalments,
    latest_move,
    move_due,
    progress,
)
from portal.plans.wording import REFUSALS

TERMS = Terms(grace_days=10, tolerance=1, max_moves=2, move_max_days=14)
# 100.00 a month on 31 Jan, 29 Feb, 31 Mar and 30 Apr 2028; the last one 50.00.
SCHEDULE = instalments(Plan(monthly_minor=10000, months=4, last_minor=5000, first_due_on=date(2028, 1, 31)))
S = InstalmentState


def test_the_schedule_has_the_plans_amounts() -> None:
    assert instalments(plan_for(1000, 300, date(2027, 5, 3))) == (
        Instalment(1, date(2027, 5, 3), 300),
        Instalment(2, date(2027, 6, 3), 300),
        Instalment(3, date(2027, 7, 3), 300),
        Instalment(4, date(2027, 8, 3), 100),
    )


@pytest.mark.parametrize(
    ("first_due_on", "due_dates"),
    [
        # Clipped to a short month, then back to the 31st: counted from the first date, not the clipped one.
        (date(2028, 1, 31), ("2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30", "2028-05-31")),
        (date(2027, 1, 31), ("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31")),
        (date(2027, 10, 30), ("2027-10-30", "2027-11-30", "2027-12-30", "2028-01-30", "2028-02-29", "2028-03-30")),
        (date(2027, 12, 15), ("2027-12-15", "2028-01-15", "2028-02-15")),
        (date(2028, 2, 29), ("2028-02-29", "2028-03-29", "2028-04-29")),
        # 2100 is not a leap year, 2000 was.
        (date(2100, 1, 29), ("2100-01-29", "2100-02-28", "2100-03-29")),
        (date(2000, 1, 29), ("2000-01-29", "2000-02-29", "2000-03-29")),
        (date(2028, 12, 31), ("2028-12-31", "2029-01-31", "2029-02-28", "2029-03-31")),
    ],
)
def test_due_dates_keep_the_day_of_month_or_the_months_last_day(first_due_on: date, due_dates: tuple[str, ...]) -> None:
    plan = Plan(monthly_minor=100, months=len(due_dates), last_minor=100, first_due_on=first_due_on)
    assert [instalment.due_on.isoformat() for instalment in instalments(plan)] == list(due_dates)


def test_a_leap_day_start_comes_back_on_the_next_leap_day() -> None:
    plan = Plan(monthly_minor=100, months=49, last_minor=100, first_due_on=date(2028, 2, 29))
    due = [instalment.due_on for instalment in instalments(plan)]
    assert (due[12], due[24], due[48]) == (date(2029, 2, 28), date(2030, 2, 28), date(2032, 2, 29))


@given(
    balance_minor=st.integers(min_value=1, max_value=10_000_000),
    monthly_minor=st.integers(min_value=1, max_value=10_000_000),
    first_due_on=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
)
def test_a_schedule_adds_up_to_the_plan_month_by_month(
    balance_minor: int, monthly_minor: int, first_due_on: date
) -> None:
    if balance_minor // monthly_minor > 400:  # keep each example small; the month arithmetic does not depend on it
        monthly_minor = -(-balance_minor // 400)
    plan = plan_for(balance_minor, monthly_minor, first_due_on)
    schedule = instalments(plan)
    assert sum(instalment.amount_minor for instalment in schedule) == plan.total_minor == balance_minor
    assert [instalment.seq for instalment in schedule] == list(range(1, plan.months + 1))
    assert all(0 < instalment.amount_minor <= plan.monthly_minor for instalment in schedule)
    for index, instalment in enumerate(schedule):
        months = (instalment.due_on.year - first_due_on.year) * 12 + instalment.due_on.month - first_due_on.month
        assert months == index
        next_day = instalment.due_on + timedelta(days=1)
        assert instalment.due_on.day == first_due_on.day or (
            instalment.due_on.day < first_due_on.day and next_day.day == 1
        )


def test_nothing_paid_before_the_first_due_date() -> None:
    state = progress(SCHEDULE, 0, today=date(2028, 1, 20), terms=TERMS)
    assert [row.state for row in state.rows] == [S.UPCOMING] * 4
    assert [row.grace_ends_on for row in state.rows] == [
        date(2028, 2, 10),
        date(2028, 3, 10),
        date(2028, 4, 10),
        date(2028, 5, 10),
    ]
    assert (state.paid_minor, state.arrears_minor, state.missed) == (0, 0, 0)
    assert state.next_due == state.rows[0]
    # Tolerance 1: the plan breaks the day after the second instalment's grace ends.
    assert (state.breaks_on, state.is_broken, state.is_complete) == (date(2028, 3, 11), False, False)


def test_paying_ahead_covers_later_instalments_in_order() -> None:
    state = progress(SCHEDULE, 25000, today=date(2028, 1, 20), terms=TERMS)
    assert [(row.paid_minor, row.state) for row in state.rows] == [
        (10000, S.PAID),
        (10000, S.PAID),
        (5000, S.PART_PAID),
        (0, S.UPCOMING),
    ]
    assert state.next_due == state.rows[2]
    assert state.paid_minor == 25000
    # Two instalments are still unpaid, so two would have to be missed: the third and fourth.
    assert state.breaks_on == date(2028, 5, 11)


def test_a_part_paid_instalment_past_its_date_is_late_and_only_its_open_part_is_in_arrears() -> None:
    state = progress(SCHEDULE, 4000, today=date(2028, 2, 1), terms=TERMS)
    assert [(row.paid_minor, row.state) for row in state.rows] == [
        (4000, S.LATE),
        (0, S.UPCOMING),
        (0, S.UPCOMING),
        (0, S.UPCOMING),
    ]
    assert (state.arrears_minor, state.missed) == (6000, 0)


@pytest.mark.parametrize(
    ("grace_days", "today", "expected"),
    [
        (10, date(2028, 1, 30), S.UPCOMING),
        (10, date(2028, 1, 31), S.DUE),
        (10, date(2028, 2, 1), S.LATE),
        (10, date(2028, 2, 10), S.LATE),  # the last day of grace
        (10, date(2028, 2, 11), S.MISSED),
        (0, date(2028, 1, 31), S.DUE),
        (0, date(2028, 2, 1), S.MISSED),
    ],
)
def test_grace_boundary(grace_days: int, today: date, expected: InstalmentState) -> None:
    terms = Terms(grace_days=grace_days, tolerance=1, max_moves=2, move_max_days=14)
    first = progress(SCHEDULE, 0, today=today, terms=terms).rows[0]
    assert first.state == expected
    assert first.grace_ends_on == date(2028, 1, 31) + timedelta(days=grace_days)
    part_paid = progress(SCHEDULE, 1, today=today, terms=terms).rows[0]
    assert part_paid.state == (S.PART_PAID if expected == S.UPCOMING else expected)


def test_arrears_and_missed_count_late_and_missed_instalments() -> None:
    # Five days' grace. 15 Mar: the first two are missed (grace ended 5 Feb and 5 Mar), the third is not yet due.
    state = progress(SCHEDULE, 0, today=date(2028, 3, 15), terms=Terms(5, tolerance=2, max_moves=0, move_max_days=1))
    assert [row.state for row in state.rows] == [S.MISSED, S.MISSED, S.UPCOMING, S.UPCOMING]
    assert (state.arrears_minor, state.missed, state.is_broken) == (20000, 2, False)
    state = progress(SCHEDULE, 0, today=date(2028, 4, 2), terms=Terms(5, tolerance=2, max_moves=0, move_max_days=1))
    assert [row.state for row in state.rows] == [S.MISSED, S.MISSED, S.LATE, S.UPCOMING]
    assert (state.arrears_minor, state.missed, state.is_broken) == (30000, 2, False)


def test_a_plan_whose_last_instalment_is_never_paid_breaks_after_its_grace_whatever_the_tolerance() -> None:
    terms = Terms(grace_days=10, tolerance=1, max_moves=2, move_max_days=14)
    assert progress(SCHEDULE, 30000, today=date(2028, 1, 1), terms=terms).breaks_on == date(2028, 5, 11)
    day_before = progress(SCHEDULE, 30000, today=date(2028, 5, 10), terms=terms)
    on_the_day = progress(SCHEDULE, 30000, today=date(2028, 5, 11), terms=terms)
    assert (day_before.is_broken, day_before.rows[-1].state) == (False, S.LATE)
    assert (on_the_day.is_broken, on_the_day.missed) == (True, 1)


@pytest.mark.parametrize(
    ("tolerance", "paid_minor", "breaks_on"),
    [
        (0, 0, date(2028, 2, 11)),  # the first missed instalment breaks it
        (1, 0, date(2028, 3, 11)),
        (2, 0, date(2028, 4, 11)),
        (0, 10000, date(2028, 3, 11)),  # the first is paid: counting starts at the second
        (1, 15000, date(2028, 4, 11)),  # a part-paid instalment still counts as unpaid
        (2, 15000, date(2028, 5, 11)),
        (0, 30000, date(2028, 5, 11)),
        (0, 35000, None),
    ],
)
def test_breaks_on_is_the_day_after_the_grace_of_one_more_than_the_tolerance(
    tolerance: int, paid_minor: int, breaks_on: date | None
) -> None:
    terms = Terms(grace_days=10, tolerance=tolerance, max_moves=2, move_max_days=14)
    before = progress(SCHEDULE, paid_minor, today=date(2028, 1, 1), terms=terms)
    assert before.breaks_on == breaks_on
    if breaks_on is None:
        assert not progress(SCHEDULE, paid_minor, today=date(2029, 1, 1), terms=terms).is_broken
        return
    day_before = progress(SCHEDULE, paid_minor, today=breaks_on - timedelta(days=1), terms=terms)
    on_the_day = progress(SCHEDULE, paid_minor, today=breaks_on, terms=terms)
    assert (day_before.is_broken, day_before.missed) == (False, tolerance)
    assert (on_the_day.is_broken, on_the_day.missed) == (True, tolerance + 1)
    assert on_the_day.breaks_on == breaks_on


def test_paying_the_arrears_moves_the_break_date_on() -> None:
    today = date(2028, 3, 5)
    assert progress(SCHEDULE, 0, today=today, terms=TERMS).breaks_on == date(2028, 3, 11)
    assert progress(SCHEDULE, 10000, today=today, terms=TERMS).breaks_on == date(2028, 4, 11)


@pytest.mark.parametrize("paid_minor", [35000, 35001, 99999])
def test_paying_everything_or_more_completes_the_plan(paid_minor: int) -> None:
    state = progress(SCHEDULE, paid_minor, today=date(2030, 1, 1), terms=TERMS)
    assert [row.paid_minor for row in state.rows] == [10000, 10000, 10000, 5000]
    assert all(row.state == S.PAID for row in state.rows)
    assert (state.paid_minor, state.arrears_minor, state.missed) == (paid_minor, 0, 0)
    assert (state.next_due, state.breaks_on, state.is_broken, state.is_complete) == (None, None, False, True)


def test_one_cent_short_is_not_complete() -> None:
    state = progress(SCHEDULE, 34999, today=date(2028, 1, 1), terms=TERMS)
    assert not state.is_complete
    assert state.next_due is not None
    assert (state.next_due.instalment.seq, state.next_due.paid_minor, state.next_due.state) == (4, 4999, S.PART_PAID)


def test_negative_payments_are_refused() -> None:
    with pytest.raises(ValueError, match="paid_minor"):
        progress(SCHEDULE, -1, today=date(2028, 1, 1), terms=TERMS)


@pytest.mark.parametrize(
    "figures",
    [(-1, 1, 2, 14), (10, -1, 2, 14), (10, 1, -1, 14), (10, 1, 2, 0)],
)
def test_impossible_terms_are_refused(figures: tuple[int, int, int, int]) -> None:
    with pytest.raises(ValueError):
        Terms(*figures)


terms_strategy = st.builds(
    Terms,
    grace_days=st.integers(min_value=0, max_value=40),
    tolerance=st.integers(min_value=0, max_value=4),
    max_moves=st.integers(min_value=0, max_value=3),
    move_max_days=st.integers(min_value=1, max_value=40),
)


@st.composite
def schedules(draw: st.DrawFn) -> tuple[Instalment, ...]:
    balance = draw(st.integers(min_value=1, max_value=100_000))
    months = draw(st.integers(min_value=1, max_value=24))
    first_due_on = draw(st.dates(min_value=date(2027, 1, 1), max_value=date(2029, 12, 31)))
    return instalments(plan_for(balance, -(-balance // months), first_due_on))


@given(
    schedule=schedules(),
    paid_minor=st.integers(min_value=0, max_value=120_000),
    today=st.dates(min_value=date(2026, 12, 1), max_value=date(2032, 6, 30)),
    terms=terms_strategy,
)
def test_progress_is_consistent(schedule: tuple[Instalment, ...], paid_minor: int, today: date, terms: Terms) -> None:
    state = progress(schedule, paid_minor, today=today, terms=terms)
    total = sum(instalment.amount_minor for instalment in schedule)
    assert sum(row.paid_minor for row in state.rows) == min(paid_minor, total)
    for earlier, later in zip(state.rows, state.rows[1:], strict=False):
        if later.paid_minor:
            assert earlier.state == S.PAID
    overdue = [row for row in state.rows if row.state in (S.LATE, S.MISSED)]
    assert state.arrears_minor == sum(row.instalment.amount_minor - row.paid_minor for row in overdue)
    assert state.missed == sum(row.state == S.MISSED for row in state.rows)
    assert state.is_complete == (paid_minor >= total)
    last_grace_over = state.missed > 0 and all(row.state in (S.PAID, S.MISSED) for row in state.rows)
    assert state.is_broken == (state.missed > terms.tolerance or last_grace_over)
    if state.breaks_on is not None:
        # The first day it is broken: on the day before, it is not.
        assert not progress(schedule, paid_minor, today=state.breaks_on - timedelta(days=1), terms=terms).is_broken
        assert progress(schedule, paid_minor, today=state.breaks_on, terms=terms).is_broken
    else:
        assert not progress(schedule, paid_minor, today=date(2040, 1, 1), terms=terms).is_broken


# Moving a due date: today 20 Jan 2028; instalment 1 is due 31 Jan, 2 on 29 Feb, 3 on 31 Mar, 4 on 30 Apr.
TODAY = date(2028, 1, 20)


def _move(
    seq: int,
    new_due_on: date,
    *,
    paid_minor: int = 0,
    moves_used: int = 0,
    today: date = TODAY,
    terms: Terms = TERMS,
) -> tuple[tuple[Instalment, ...], MoveRefusal | None]:
    return move_due(SCHEDULE, seq, new_due_on, paid_minor=paid_minor, moves_used=moves_used, today=today, terms=terms)


FAR = Terms(grace_days=10, tolerance=1, max_moves=2, move_max_days=40)


@pytest.mark.parametrize(
    ("seq", "new_due_on", "kwargs"),
    [
        (1, date(2028, 2, 14), {}),  # exactly 14 days later
        (1, date(2028, 2, 1), {"moves_used": 1}),  # the last move allowed
        (1, date(2028, 2, 28), {"terms": FAR}),  # the day before the next instalment
        (2, date(2028, 3, 14), {"paid_minor": 19999}),  # part paid
        (4, date(2028, 6, 9), {"terms": FAR}),  # the last instalment has no next one
        (1, date(2028, 2, 5), {"today": date(2028, 2, 5)}),  # late, moved to today
    ],
)
def test_a_move_changes_only_that_due_date(seq: int, new_due_on: date, kwargs: dict[str, Any]) -> None:
    moved, refusal = _move(seq, new_due_on, **kwargs)
    assert refusal is None
    assert moved == tuple(
        Instalment(item.seq, new_due_on if item.seq == seq else item.due_on, item.amount_minor) for item in SCHEDULE
    )


@pytest.mark.parametrize(
    ("seq", "new_due_on", "kwargs", "refusal"),
    [
        (5, date(2028, 5, 5), {}, MoveRefusal.NOT_OPEN),
        (0, date(2028, 2, 5), {}, MoveRefusal.NOT_OPEN),
        (1, date(2028, 2, 5), {"paid_minor": 10000}, MoveRefusal.ALREADY_PAID),
        (1, date(2028, 2, 5), {"paid_minor": 25000}, MoveRefusal.ALREADY_PAID),
        (1, date(2028, 2, 5), {"moves_used": 2}, MoveRefusal.NO_MOVES_LEFT),
        (1, date(2028, 2, 5), {"terms": Terms(10, 1, max_moves=0, move_max_days=14)}, MoveRefusal.NO_MOVES_LEFT),
        (1, date(2028, 2, 3), {"today": date(2028, 2, 4)}, MoveRefusal.IN_PAST),
        (1, date(2028, 1, 31), {}, MoveRefusal.NOT_LATER),
        (1, date(2028, 1, 25), {}, MoveRefusal.NOT_LATER),
        (1, date(2028, 2, 15), {}, MoveRefusal.TOO_FAR),
        (1, date(2028, 2, 29), {"terms": FAR}, MoveRefusal.PAST_NEXT),
        (1, date(2028, 3, 1), {"terms": FAR}, MoveRefusal.PAST_NEXT),
        (4, date(2028, 6, 10), {"terms": FAR}, MoveRefusal.TOO_FAR),
        # When several apply, the first of: not open, already paid, no moves left, in the past, not later, too far.
        (1, date(2028, 1, 1), {"paid_minor": 10000, "moves_used": 2}, MoveRefusal.ALREADY_PAID),
        (1, date(2028, 1, 1), {"moves_used": 2}, MoveRefusal.NO_MOVES_LEFT),
        (1, date(2028, 1, 1), {}, MoveRefusal.IN_PAST),
        (1, date(2028, 3, 1), {}, MoveRefusal.TOO_FAR),
    ],
)
def test_a_refused_move_leaves_the_schedule_as_it_was(
    seq: int, new_due_on: date, kwargs: dict[str, Any], refusal: MoveRefusal
) -> None:
    assert _move(seq, new_due_on, **kwargs) == (SCHEDULE, refusal)


def test_every_refusal_has_a_sentence_for_the_debtor() -> None:
    assert {f"move_{refusal.value}" for refusal in MoveRefusal} <= REFUSALS.keys()


@pytest.mark.parametrize(
    ("seq", "terms", "latest"),
    [
        (1, TERMS, date(2028, 2, 14)),
        (1, FAR, date(2028, 2, 28)),
        (3, FAR, date(2028, 4, 29)),
        (4, FAR, date(2028, 6, 9)),
    ],
)
def test_latest_move(seq: int, terms: Terms, latest: date) -> None:
    assert latest_move(SCHEDULE, seq, terms=terms) == latest


def test_latest_move_of_an_unknown_instalment_is_an_error() -> None:
    with pytest.raises(ValueError):
        latest_move(SCHEDULE, 5, terms=TERMS)


def test_a_moved_instalment_is_late_only_after_its_new_date() -> None:
    moved, refusal = _move(1, date(2028, 2, 10))
    assert refusal is None
    assert progress(SCHEDULE, 0, today=date(2028, 2, 5), terms=TERMS).rows[0].state == S.LATE
    state = progress(moved, 0, today=date(2028, 2, 5), terms=TERMS)
    assert (state.rows[0].state, state.rows[0].grace_ends_on, state.arrears_minor) == (S.UPCOMING, date(2028, 2, 20), 0)


@given(
    schedule=schedules(),
    seq=st.integers(min_value=1, max_value=24),
    offset=st.integers(min_value=-5, max_value=60),
    today_offset=st.integers(min_value=-40, max_value=5),
    terms=terms_strategy,
)
def test_a_move_is_accepted_exactly_up_to_latest_move(
    schedule: tuple[Instalment, ...], seq: int, offset: int, today_offset: int, terms: Terms
) -> None:
    seq = min(seq, len(schedule))
    current = schedule[seq - 1].due_on
    today = current + timedelta(days=today_offset)
    new_due_on = current + timedelta(days=offset)
    moved, refusal = move_due(schedule, seq, new_due_on, paid_minor=0, moves_used=0, today=today, terms=terms)
    allowed = terms.max_moves > 0 and max(today, current + timedelta(days=1)) <= new_due_on
    allowed = allowed and new_due_on <= latest_move(schedule, seq, terms=terms)
    assert (refusal is None) == allowed
    due = [instalment.due_on for instalment in moved]
    assert due == sorted(set(due))  # still one instalment a day at most, in order
    assert [instalment.amount_minor for instalment in moved] == [instalment.amount_minor for instalment in schedule]
