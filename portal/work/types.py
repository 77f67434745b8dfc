"""The registry of work types: each names its queue, its due-time rule, its priority and the page that handles it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from portal.i18n import N_
from portal.work.models import WorkItem


@dataclass(frozen=True)
class WorkType:
    code: str
    queue: str
    label: str  # an N_ msgid, translated where it is shown
    due_after: timedelta
    priority: int  # 1 urgent, 2 normal, 3 low
    # The path of the page where an item of this type is worked on; None: the generic work item page.
    handler: Callable[[WorkItem], str] | None = None


class UnknownWorkType(KeyError):
    pass


_TYPES: dict[str, WorkType] = {}
_QUEUES: dict[str, str] = {}


def register_queue(code: str, label: str) -> None:
    """A queue a feature's work types go to; `label` is an N_ msgid."""
    if _QUEUES.get(code, label) != label:
        raise ValueError(f"queue {code!r} is already registered with another label")
    _QUEUES[code] = label


def register(work_type: WorkType) -> WorkType:
    """Called once, at import, by the package that owns the type (`CALLBACK = register(WorkType(...))`)."""
    if len(work_type.code) > 32 or not work_type.code.isidentifier():
        raise ValueError(f"work type code {work_type.code!r} must be a short identifier")
    if work_type.queue not in _QUEUES:
        raise ValueError(f"work type {work_type.code!r}: register the queue {work_type.queue!r} first")
    if not 1 <= work_type.priority <= 3:
        raise ValueError(f"work type {work_type.code!r}: priority must be 1, 2 or 3")
    if work_type.due_after <= timedelta(0):
        raise ValueError(f"work type {work_type.code!r}: due_after must be positive")
    if _TYPES.get(work_type.code, work_type) != work_type:
        raise ValueError(f"work type {work_type.code!r} is already registered differently")
    _TYPES[work_type.code] = work_type
    return work_type


def work_type(code: str) -> WorkType:
    try:
        return _TYPES[code]
    except KeyError:
        raise UnknownWorkType(code) from None


def work_types() -> tuple[WorkType, ...]:
    return tuple(_TYPES.values())


def queues() -> dict[str, str]:
    """Queue code → label msgid, in the order they were registered."""
    return dict(_QUEUES)


register_queue("contact", N_("Contact"))
register_queue("review", N_("Review"))

CALLBACK = register(WorkType("callback", "contact", N_("Call the debtor back"), timedelta(days=1), priority=2))
CASE_REVIEW = register(WorkType("case_review", "review", N_("Review the case"), timedelta(days=3), priority=3))
