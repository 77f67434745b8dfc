"""Work item use cases: creating items, the queues, taking, reassigning and closing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseNote
from portal.db import saved_id
from portal.i18n import gettext
from portal.staff import wording
from portal.staff.actors import Actor, audit
from portal.staff.models import StaffUser
from portal.work import rules
from portal.work.models import WorkItem
from portal.work.rules import Refusal
from portal.work.types import UnknownWorkType, WorkType, queues, work_type, work_types

QUEUE_LIMIT = 200


class WorkError(ValueError):
    """`reason` is a code the edge translates (see `portal.staff.wording.WORK_ERRORS`)."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class WorkRow:
    item: WorkItem
    type: WorkType
    case_reference: str | None
    assignee: str | None
    is_overdue: bool


@dataclass(frozen=True)
class ItemPage:
    row: WorkRow
    handler_path: str | None
    closed_by: str | None
    can_take: bool
    can_close: bool
    # Whom a supervisor can hand the item to; empty for everyone else.
    candidates: tuple[StaffUser, ...]


def _type_of(kind: str) -> WorkType:
    try:
        return work_type(kind)
    except UnknownWorkType:
        # A type whose feature was removed: still listed, so nobody's work disappears silently.
        return WorkType(kind, "", kind, timedelta(days=1), 2)


def _rows(session: Session, *conditions: Any, now: datetime) -> list[WorkRow]:
    found = session.exec(
        select(WorkItem, Case.reference, StaffUser.display_name)
        .outerjoin(Case, col(Case.id) == WorkItem.case_id)
        .outerjoin(StaffUser, col(StaffUser.id) == WorkItem.assignee_id)
        .where(*conditions)
        .order_by(col(WorkItem.due_at), col(WorkItem.priority), col(WorkItem.id))
        .limit(QUEUE_LIMIT)
    ).all()
    rows = [WorkRow(item, _type_of(item.kind), ref, name, rules.is_overdue(item, now)) for item, ref, name in found]
    return sorted(rows, key=lambda row: rules.queue_order(row.item))


def create_item(
    session: Session,
    *,
    kind: str,
    case_id: int | None,
    summary: str,
    now: datetime,
    data: dict[str, Any] | None = None,
    priority: int | None = None,
) -> WorkItem:
    """Raises UnknownWorkType for a kind no feature has registered."""
    of_type = work_type(kind)
    item = WorkItem(
        kind=kind,
        case_id=case_id,
        priority=priority or of_type.priority,
        due_at=rules.due_at_for(of_type, now),
        summary=summary.strip()[:500],
        data=data or {},
        created_at=now,
    )
    session.add(item)
    session.flush()
    record(session, "work.create", actor_kind="system", case_id=case_id, item_id=item.id, kind=kind)
    return item


def queue_for(session: Session, staff: Actor, now: datetime, queue: str | None = None) -> list[WorkRow]:
    """Open items and the ones this person has taken, due first."""
    mine = and_(col(WorkItem.state) == "taken", col(WorkItem.assignee_id) == staff.user.id)
    conditions: list[Any] = [or_(col(WorkItem.state) == "open", mine)]
    if queue is not None:
        conditions.append(col(WorkItem.kind).in_([t.code for t in work_types() if t.queue == queue]))
    return _rows(session, *conditions, now=now)


def overdue(session: Session, now: datetime) -> list[WorkRow]:
    """Everyone's open or taken items past their due time, for supervisors."""
    return _rows(session, col(WorkItem.state).in_(("open", "taken")), col(WorkItem.due_at) < now, now=now)


def items_of_case(session: Session, case_id: int, now: datetime) -> list[WorkRow]:
    return _rows(session, col(WorkItem.case_id) == case_id, col(WorkItem.state) != "closed", now=now)


def is_queue(code: str) -> bool:
    return code in queues()


def item_for(session: Session, item_id: int, staff: Actor) -> WorkItem | None:
    """The item if it exists and this person may see it; None otherwise, the same answer either way."""
    item = session.get(WorkItem, item_id)
    if item is None or not rules.is_visible(item, saved_id(staff.user), supervises=staff.supervises):
        return None
    return item


def item_page(session: Session, item: WorkItem, staff: Actor, now: datetime) -> ItemPage:
    row = _rows(session, col(WorkItem.id) == item.id, now=now)[0]
    closed_by = session.get(StaffUser, item.closed_by_id) if item.closed_by_id else None
    candidates: tuple[StaffUser, ...] = ()
    if staff.supervises and item.state != "closed":
        candidates = tuple(
            session.exec(
                select(StaffUser)
                .where(col(StaffUser.role).in_(("agent", "supervisor")), col(StaffUser.is_active).is_(True))
                .order_by(col(StaffUser.display_name))
            ).all()
        )
    user_id = saved_id(staff.user)
    return ItemPage(
        row=row,
        handler_path=row.type.handler(item) if row.type.handler else None,
        closed_by=closed_by.display_name if closed_by else None,
        can_take=rules.take_refusal(item, user_id) is None and item.assignee_id != user_id,
        can_close=rules.may_close(item, user_id, supervises=staff.supervises) is None,
        candidates=candidates,
    )


def _record(
    session: Session, action: str, item: WorkItem, staff: Actor, what: str, now: datetime, **values: Any
) -> None:
    """An audit record, and an internal note on the item's case written in the language of the person acting."""
    case = session.get(Case, item.case_id) if item.case_id else None
    # Closing an item is work done on the debtor's case; taking or handing it on is the agency's own workflow.
    about_debtor = action == "staff.work.close"
    detail = {key: value for key, value in values.items() if key != "reason"}
    audit(session, staff, action, case, about_debtor=about_debtor, item_id=item.id, kind=item.kind, **detail)
    if case is not None:
        label = gettext(_type_of(item.kind).label)
        body = gettext(wording.WORK_NOTES[what], type=label, **values)
        session.add(CaseNote(case_id=saved_id(case), author_id=saved_id(staff.user), body=body[:4000], created_at=now))
    session.flush()


def _locked(session: Session, item: WorkItem) -> WorkItem:
    """The item as it is now, locked: of two people taking it at once, the second sees the first one's change."""
    statement = select(WorkItem).where(WorkItem.id == item.id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).one()


def take(session: Session, item: WorkItem, staff: Actor, now: datetime) -> None:
    item = _locked(session, item)
    if refusal := rules.take_refusal(item, saved_id(staff.user)):
        raise WorkError(refusal)
    if item.assignee_id == staff.user.id:
        return  # already theirs: taking twice changes nothing
    item.state, item.assignee_id = "taken", staff.user.id
    _record(session, "staff.work.take", item, staff, "taken", now)


def reassign(session: Session, item: WorkItem, to_user_id: int | None, staff: Actor, now: datetime) -> None:
    """A supervisor hands the item to an active agent or supervisor."""
    target = session.get(StaffUser, to_user_id) if to_user_id else None
    item = _locked(session, item)
    refusal = rules.reassign_refusal(
        item,
        by_supervisor=staff.supervises,
        target_role=target.role if target else None,
        target_active=bool(target and target.is_active),
    )
    if refusal or target is None:
        raise WorkError(refusal or Refusal.BAD_ASSIGNEE)
    previous = item.assignee_id
    item.state, item.assignee_id = "taken", target.id
    _record(
        session,
        "staff.work.reassign",
        item,
        staff,
        "reassigned",
        now,
        name=target.display_name,
        from_user_id=previous,
        to_user_id=target.id,
    )


def close(session: Session, item: WorkItem, staff: Actor, reason: str, now: datetime) -> None:
    item = _locked(session, item)
    if refusal := rules.close_refusal(item, saved_id(staff.user), reason, supervises=staff.supervises):
        raise WorkError(refusal)
    item.state, item.closed_at, item.closed_by_id, item.close_reason = "closed", now, staff.user.id, reason.strip()
    _record(session, "staff.work.close", item, staff, "closed", now, reason=item.close_reason)
