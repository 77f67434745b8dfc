"""Decisions about work items (pure): when one is due, whether it is late, queue order, and who may do what."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from portal.work.models import WorkItem
from portal.work.types import WorkType

MAX_REASON = 2000


class Refusal(StrEnum):
    """Why a change to a work item is refused; the edge turns each into a sentence."""

    CLOSED = "closed"
    TAKEN_BY_OTHER = "taken_by_other"
    NOT_ASSIGNEE = "not_assignee"
    NOT_SUPERVISOR = "not_supervisor"
    REASON_MISSING = "reason_missing"
    REASON_TOO_LONG = "reason_too_long"
    BAD_ASSIGNEE = "bad_assignee"


def due_at_for(work_type: WorkType, created_at: datetime) -> datetime:
    return created_at + work_type.due_after


def is_overdue(item: WorkItem, now: datetime) -> bool:
    return item.state != "closed" and item.due_at < now


def queue_order(item: WorkItem) -> tuple[datetime, int, int]:
    """Due first; among items due at the same moment the more urgent, then the older one."""
    return item.due_at, item.priority, item.id or 0


def is_visible(item: WorkItem, user_id: int, *, supervises: bool) -> bool:
    """Agents see open items and their own; another agent's item in progress is not theirs to look at."""
    return supervises or item.state == "open" or user_id in (item.assignee_id, item.closed_by_id)


def take_refusal(item: WorkItem, user_id: int) -> Refusal | None:
    if item.state == "closed":
        return Refusal.CLOSED
    if item.state == "taken" and item.assignee_id != user_id:
        return Refusal.TAKEN_BY_OTHER
    return None


def reassign_refusal(
    item: WorkItem, *, by_supervisor: bool, target_role: str | None, target_active: bool
) -> Refusal | None:
    if not by_supervisor:
        return Refusal.NOT_SUPERVISOR
    if item.state == "closed":
        return Refusal.CLOSED
    if target_role not in ("agent", "supervisor") or not target_active:
        return Refusal.BAD_ASSIGNEE
    return None


def may_close(item: WorkItem, user_id: int, *, supervises: bool) -> Refusal | None:
    if item.state == "closed":
        return Refusal.CLOSED
    if item.assignee_id != user_id and not supervises:
        return Refusal.NOT_ASSIGNEE
    return None


def close_refusal(item: WorkItem, user_id: int, reason: str, *, supervises: bool) -> Refusal | None:
    if refusal := may_close(item, user_id, supervises=supervises):
        return refusal
    if not reason.strip():
        return Refusal.REASON_MISSING
    if len(reason.strip()) > MAX_REASON:
        return Refusal.REASON_TOO_LONG
    return None
