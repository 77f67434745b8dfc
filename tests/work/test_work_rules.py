"""Work item decisions as plain values: due times, lateness, queue order, visibility and who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portal.work.models import WorkItem
from portal.work.rules import (
    Refusal,
    close_refusal,
    due_at_for,
    is_overdue,
    is_visible,
    queue_order,
    reassign_refusal,
    take_refusal,
)
from portal.work.types import CALLBACK, CASE_REVIEW

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
ME, OTHER = 1, 2


def item(
    state: str = "open", assignee: int | None = None, due: timedelta = timedelta(hours=1), **more: object
) -> WorkItem:
    return WorkItem(kind="callback", state=state, assignee_id=assignee, due_at=NOW + due, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "work_type,expected", [(CALLBACK, NOW + timedelta(days=1)), (CASE_REVIEW, NOW + timedelta(days=3))]
)
def test_due_time_comes_from_the_type(work_type: object, expected: datetime) -> None:
    assert due_at_for(work_type, NOW) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "state,due,overdue",
    [
        ("open", timedelta(minutes=-1), True),
        ("taken", timedelta(days=-3), True),
        ("closed", timedelta(days=-3), False),
        ("open", timedelta(0), False),
        ("open", timedelta(minutes=1), False),
    ],
)
def test_overdue(state: str, due: timedelta, overdue: bool) -> None:
    assert is_overdue(item(state, due=due), NOW) is overdue


def test_queue_order_is_due_time_then_priority_then_age() -> None:
    late_low = item(due=timedelta(hours=5), priority=3, id=1)
    soon_low = item(due=timedelta(hours=1), priority=3, id=2)
    soon_urgent = item(due=timedelta(hours=1), priority=1, id=3)
    soon_urgent_newer = item(due=timedelta(hours=1), priority=1, id=4)
    shuffled = [late_low, soon_urgent_newer, soon_low, soon_urgent]
    assert [i.id for i in sorted(shuffled, key=queue_order)] == [3, 4, 2, 1]


@pytest.mark.parametrize(
    "state,assignee,closed_by,supervises,visible",
    [
        ("open", None, None, False, True),
        ("taken", ME, None, False, True),
        ("taken", OTHER, None, False, False),
        ("taken", OTHER, None, True, True),
        ("closed", OTHER, ME, False, True),
        ("closed", OTHER, OTHER, False, False),
        ("closed", OTHER, OTHER, True, True),
    ],
)
def test_who_sees_an_item(
    state: str, assignee: int | None, closed_by: int | None, supervises: bool, visible: bool
) -> None:
    assert is_visible(item(state, assignee, closed_by_id=closed_by), ME, supervises=supervises) is visible


@pytest.mark.parametrize(
    "state,assignee,refusal",
    [
        ("open", None, None),
        ("taken", ME, None),
        ("taken", OTHER, Refusal.TAKEN_BY_OTHER),
        ("closed", ME, Refusal.CLOSED),
    ],
)
def test_take(state: str, assignee: int | None, refusal: Refusal | None) -> None:
    assert take_refusal(item(state, assignee), ME) == refusal


@pytest.mark.parametrize(
    "state,assignee,supervises,reason,refusal",
    [
        ("taken", ME, False, "Called, agreed a plan", None),
        ("taken", OTHER, True, "Agent is away", None),
        ("open", None, True, "Duplicate", None),
        ("open", None, False, "Duplicate", Refusal.NOT_ASSIGNEE),
        ("taken", OTHER, False, "Mine now", Refusal.NOT_ASSIGNEE),
        ("taken", ME, False, "   ", Refusal.REASON_MISSING),
        ("taken", ME, False, "x" * 2000, None),
        ("taken", ME, False, "x" * 2001, Refusal.REASON_TOO_LONG),
        ("closed", ME, True, "Again", Refusal.CLOSED),
    ],
)
def test_close(state: str, assignee: int | None, supervises: bool, reason: str, refusal: Refusal | None) -> None:
    assert close_refusal(item(state, assignee), ME, reason, supervises=supervises) == refusal


@pytest.mark.parametrize(
    "state,role,active,refusal",
    [
        ("open", "agent", True, None),
        ("open", "supervisor", True, None),
        ("taken", "supervisor", True, None),
        ("taken", "agent", False, Refusal.BAD_ASSIGNEE),
        ("taken", "creditor", True, Refusal.BAD_ASSIGNEE),
        ("taken", "admin", True, Refusal.BAD_ASSIGNEE),
        ("taken", None, False, Refusal.BAD_ASSIGNEE),
        ("closed", "agent", True, Refusal.CLOSED),
    ],
)
def test_reassign(state: str, role: str | None, active: bool, refusal: Refusal | None) -> None:
    found = reassign_refusal(item(state, OTHER), by_supervisor=True, target_role=role, target_active=active)
    assert found == refusal


def test_only_supervisors_reassign() -> None:
    refusal = reassign_refusal(item("open"), by_supervisor=False, target_role="agent", target_active=True)
    assert refusal == Refusal.NOT_SUPERVISOR
