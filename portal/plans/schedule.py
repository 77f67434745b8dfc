"""A plan's instalments: their due dates, how payments cover them, grace, when the plan breaks, moving a due date."""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from portal.plans.affordability import Plan


@dataclass(frozen=True)
class Terms:
    """A creditor's plan-keeping policy."""

    grace_days: int  # days after a due date before an unpaid instalment counts as missed
    tolerance: int  # how many instalments may be missed at once before the plan breaks
    max_moves: int  # how many times the debtor may move a due date online
    move_max_days: int  # how far one move may push a due date

    def __post_init__(self) -> None:
        if min(self.grace_days, self.tolerance, self.max_moves) < 0 or self.move_max_days < 1:
            raise ValueError("plan terms must not be negative and a move must allow at least one day")


@dataclass(frozen=True)
class Instalment:
    seq: int  # 1-based
    due_on: date
    amount_minor: int


def instalments(plan: Plan) -> tuple[Instalment, ...]:
    """Monthly on first_due_on's day of the month, or the month's last day when it is shorter."""
    return tuple(
        Instalment(
            seq=index + 1,
            due_on=_months_after(plan.first_due_on, index),
            amount_minor=plan.last_minor if index == plan.months - 1 else plan.monthly_minor,
        )
        for index in range(plan.months)
    )


def _months_after(start: date, months: int) -> date:
    # Always from the first date: 31 Jan → 29 Feb → 31 Mar, never → 29 Mar.
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    return date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))


class InstalmentState(StrEnum):
    PAID = "paid"
    PART_PAID = "part_paid"  # partly covered and not yet due; once due, the date decides (DUE, LATE, MISSED)
    UPCOMING = "upcoming"
    DUE = "due"
    LATE = "late"  # unpaid, due date passed, still within grace
    MISSED = "missed"  # unpaid after grace


@dataclass(frozen=True)
class InstalmentProgress:
    instalment: Instalment
    paid_minor: int  # how much of this instalment is covered
    state: InstalmentState
    grace_ends_on: date  # the last day it is late rather than missed


@dataclass(frozen=True)
class Progress:
    rows: tuple[InstalmentProgress, ...]
    paid_minor: int  # all money counted toward the plan, overpayment included
    arrears_minor: int  # still open on instalments whose due date has passed
    missed: int
    next_due: InstalmentProgress | None  # the first instalment not fully paid
    breaks_on: date | None  # the first day the plan counts as broken if nothing more is paid; None when complete
    is_broken: bool
    is_complete: bool


def progress(schedule: Sequence[Instalment], paid_minor: int, *, today: date, terms: Terms) -> Progress:
    """Payments fill instalments in sequence order; the plan breaks when more than `tolerance` are missed at once."""
    ordered = sorted(schedule, key=lambda instalment: instalment.seq)
    rows = tuple(
        _row(instalment, covered, today, terms)
        for instalment, covered in zip(ordered, _covered(ordered, paid_minor), strict=True)
    )
    unpaid = [row for row in rows if row.state != InstalmentState.PAID]
    overdue = [row for row in unpaid if row.instalment.due_on < today]
    # Sorted by date, not sequence, so that the answer stays right even if a schedule's dates were out of order.
    grace_ends = sorted(row.grace_ends_on for row in unpaid)
    breaks_on = _breaks_on(grace_ends, terms.tolerance)
    return Progress(
        rows=rows,
        paid_minor=paid_minor,
        arrears_minor=sum(row.instalment.amount_minor - row.paid_minor for row in overdue),
        missed=sum(row.state == InstalmentState.MISSED for row in rows),
        next_due=unpaid[0] if unpaid else None,
        breaks_on=breaks_on,
        is_broken=breaks_on is not None and today >= breaks_on,
        is_complete=not unpaid,
    )


def _breaks_on(grace_ends: Sequence[date], tolerance: int) -> date | None:
    """The day after the grace of one more unpaid instalment than the tolerance allows. When no more than the
    tolerance are left unpaid they are the plan's last ones, and the plan's time is up after the last one's grace:
    a plan that is never paid off must not hold collection back for ever."""
    if not grace_ends:
        return None
    return grace_ends[min(tolerance, len(grace_ends) - 1)] + timedelta(days=1)


def _covered(ordered: Sequence[Instalment], paid_minor: int) -> list[int]:
    if paid_minor < 0:
        raise ValueError("paid_minor must not be negative")
    covered = []
    left = paid_minor
    for instalment in ordered:
        part = min(left, instalment.amount_minor)
        covered.append(part)
        left -= part
    return covered


def _row(instalment: Instalment, covered: int, today: date, terms: Terms) -> InstalmentProgress:
    grace_ends_on = instalment.due_on + timedelta(days=terms.grace_days)
    if covered >= instalment.amount_minor:
        state = InstalmentState.PAID
    elif today > grace_ends_on:
        state = InstalmentState.MISSED
    elif today > instalment.due_on:
        state = InstalmentState.LATE
    elif today == instalment.due_on:
        state = InstalmentState.DUE
    elif covered:
        state = InstalmentState.PART_PAID
    else:
        state = InstalmentState.UPCOMING
    return InstalmentProgress(instalment, covered, state, grace_ends_on)


class MoveRefusal(StrEnum):
    NO_MOVES_LEFT = "no_moves_left"
    TOO_FAR = "too_far"  # more than move_max_days after the current due date
    NOT_LATER = "not_later"  # not after the current due date
    PAST_NEXT = "past_next"  # on or after the following instalment's due date
    ALREADY_PAID = "already_paid"
    IN_PAST = "in_past"  # before today
    NOT_OPEN = "not_open"  # no such instalment


def move_due(
    schedule: Sequence[Instalment],
    seq: int,
    new_due_on: date,
    *,
    paid_minor: int,
    moves_used: int,
    today: date,
    terms: Terms,
) -> tuple[tuple[Instalment, ...], MoveRefusal | None]:
    """The schedule with one due date moved later, or the schedule unchanged and why not.

    When several refusals apply, the first in this order is given: not open, already paid, no moves left,
    in the past, not later, too far, past the next instalment.
    """
    unchanged = tuple(schedule)
    refusal = _move_refusal(unchanged, seq, new_due_on, paid_minor, moves_used, today, terms)
    if refusal is not None:
        return unchanged, refusal
    moved = tuple(replace(item, due_on=new_due_on) if item.seq == seq else item for item in unchanged)
    return moved, None


def _move_refusal(
    schedule: tuple[Instalment, ...],
    seq: int,
    new_due_on: date,
    paid_minor: int,
    moves_used: int,
    today: date,
    terms: Terms,
) -> MoveRefusal | None:
    ordered = sorted(schedule, key=lambda instalment: instalment.seq)
    index = _index(ordered, seq)
    if index is None:
        return MoveRefusal.NOT_OPEN
    current = ordered[index]
    if _covered(ordered, paid_minor)[index] >= current.amount_minor:
        return MoveRefusal.ALREADY_PAID
    if moves_used >= terms.max_moves:
        return MoveRefusal.NO_MOVES_LEFT
    if new_due_on < today:
        return MoveRefusal.IN_PAST
    if new_due_on <= current.due_on:
        return MoveRefusal.NOT_LATER
    if new_due_on > current.due_on + timedelta(days=terms.move_max_days):
        return MoveRefusal.TOO_FAR
    if new_due_on > latest_move(ordered, seq, terms=terms):
        return MoveRefusal.PAST_NEXT
    return None


def latest_move(schedule: Sequence[Instalment], seq: int, *, terms: Terms) -> date:
    """The latest date instalment `seq` may be moved to: the move limit, and the day before the next instalment."""
    ordered = sorted(schedule, key=lambda instalment: instalment.seq)
    index = _index(ordered, seq)
    if index is None:
        raise ValueError(f"the schedule has no instalment {seq}")
    latest = ordered[index].due_on + timedelta(days=terms.move_max_days)
    if index + 1 < len(ordered):
        latest = min(latest, ordered[index + 1].due_on - timedelta(days=1))
    return latest


def _index(ordered: Sequence[Instalment], seq: int) -> int | None:
    return next((at for at, instalment in enumerate(ordered) if instalment.seq == seq), None)
