"""Work queues through the console: ordering, taking, reassigning, closing with a reason, and overdue work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select, update

from portal.audit.models import AuditRecord
from portal.cases.models import CaseNote
from portal.db import utcnow
from portal.staff.actors import actor_for
from portal.staff.models import StaffUser
from portal.work import service, types
from portal.work.models import WorkItem
from portal.work.types import UnknownWorkType, WorkType
from tests import factories
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user


def item_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'href="/staff/work/(\d+)"', html)]


def actions(db: Session, action: str) -> list[AuditRecord]:
    return list(db.exec(select(AuditRecord).where(AuditRecord.action == action)).all())


def signed_in(client: TestClient, db: Session, role: str = "agent") -> StaffUser:
    user = staff_user(db, role)
    sign_in_staff(client, user)
    return user


def test_queue_shows_open_and_own_items_due_first(client: TestClient, db: Session) -> None:
    me = signed_in(client, db)
    someone = staff_user(db, "agent")
    now = utcnow()
    later = factories.work_item(db, due_at=now + timedelta(days=2))
    soon_low = factories.work_item(db, due_at=now + timedelta(hours=1), priority=3)
    soon_urgent = factories.work_item(db, due_at=now + timedelta(hours=1), priority=1)
    late = factories.work_item(db, due_at=now - timedelta(hours=3), state="taken", assignee_id=me.id)
    others = factories.work_item(db, due_at=now - timedelta(days=1), state="taken", assignee_id=someone.id)
    closed = factories.work_item(db, due_at=now - timedelta(days=1), state="closed")
    page = client.get("/staff/queue")
    assert page.status_code == 200
    shown = item_ids(page.text)
    assert shown == [late.id, soon_urgent.id, soon_low.id, later.id]
    assert others.id not in shown and closed.id not in shown
    assert "Overdue" in page.text and "Call the debtor back" in page.text


def test_a_long_queue_keeps_the_earliest_due(client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    signed_in(client, db)
    monkeypatch.setattr(service, "QUEUE_LIMIT", 2)
    now = utcnow()
    last = factories.work_item(db, due_at=now + timedelta(days=3))
    first = factories.work_item(db, due_at=now + timedelta(days=1))
    second = factories.work_item(db, due_at=now + timedelta(days=2))
    shown = item_ids(client.get("/staff/queue").text)
    assert shown == [first.id, second.id] and last.id not in shown


def test_queue_filter(client: TestClient, db: Session) -> None:
    signed_in(client, db)
    call = factories.work_item(db, kind="callback")
    review = factories.work_item(db, kind="case_review")
    contact = item_ids(client.get("/staff/queue?queue=contact").text)
    assert call.id in contact and review.id not in contact
    assert client.get("/staff/queue?queue=nonsense").status_code == 404


def test_take_then_close_with_a_reason(client: TestClient, db: Session) -> None:
    me = signed_in(client, db)
    case = factories.case(db)
    item = factories.work_item(db, case)
    page = f"/staff/work/{item.id}"
    assert post_form(client, f"{page}/take", {}, form_page=page).status_code == 303
    assert (item.state, item.assignee_id) == ("taken", me.id)
    missing = post_form(client, f"{page}/close", {"reason": "  "}, form_page=page)
    assert missing.status_code == 400 and "Write why the item is closed." in missing.text
    too_long = post_form(client, f"{page}/close", {"reason": "x" * 2001}, form_page=page)
    assert too_long.status_code == 400 and "at most 2000 characters" in too_long.text
    assert item.state == "taken"
    done = post_form(client, f"{page}/close", {"reason": "Called back, will pay on Friday"}, form_page=page)
    assert done.status_code == 303 and done.headers["location"] == "/staff/queue"
    assert (item.state, item.closed_by_id, item.close_reason) == ("closed", me.id, "Called back, will pay on Friday")
    notes = db.exec(select(CaseNote).where(CaseNote.case_id == case.id)).all()
    assert len(notes) == 2 and any("Called back, will pay on Friday" in note.body for note in notes)
    assert [r.case_id for r in actions(db, "staff.work.take")] == [case.id]
    (closing,) = actions(db, "staff.work.close")
    assert closing.debtor_id == case.debtor_id and closing.detail["role"] == "agent"
    again = post_form(client, f"{page}/close", {"reason": "twice"}, form_page=page)
    assert again.status_code == 409 and "already closed" in again.text


def test_an_agent_cannot_close_an_item_nobody_took(client: TestClient, db: Session) -> None:
    signed_in(client, db)
    item = factories.work_item(db)
    page = f"/staff/work/{item.id}"
    response = post_form(client, f"{page}/close", {"reason": "Not mine"}, form_page=page)
    assert response.status_code == 403 and "Only the person working on this item" in response.text
    assert item.state == "open" and actions(db, "staff.work.close") == []


def test_another_agents_item_is_not_found_for_an_agent(client: TestClient, db: Session) -> None:
    signed_in(client, db)
    someone = staff_user(db, "agent")
    theirs = factories.work_item(db, state="taken", assignee_id=someone.id)
    assert client.get(f"/staff/work/{theirs.id}").status_code == 404
    for path in ("/staff/work/999999999", "/staff/work/abc", "/staff/work/-1"):
        assert client.get(path).status_code == 404, path
    response = post_form(client, f"/staff/work/{theirs.id}/take", {}, form_page="/staff/queue")
    assert response.status_code == 404 and theirs.assignee_id == someone.id


def test_a_supervisor_cannot_take_what_someone_else_has_taken(client: TestClient, db: Session) -> None:
    signed_in(client, db, "supervisor")
    someone = staff_user(db, "agent")
    theirs = factories.work_item(db, state="taken", assignee_id=someone.id)
    page = f"/staff/work/{theirs.id}"
    response = post_form(client, f"{page}/take", {}, form_page=page)
    assert response.status_code == 409 and "Someone else is working on this item" in response.text
    assert theirs.assignee_id == someone.id


def test_a_supervisor_reassigns(client: TestClient, db: Session) -> None:
    boss = signed_in(client, db, "supervisor")
    first, second = staff_user(db, "agent"), staff_user(db, "agent")
    case = factories.case(db)
    item = factories.work_item(db, case, state="taken", assignee_id=first.id)
    page = f"/staff/work/{item.id}"
    assert second.display_name in client.get(page).text
    moved = post_form(client, f"{page}/assign", {"to_user_id": str(second.id)}, form_page=page)
    assert moved.status_code == 303 and item.assignee_id == second.id
    (audit,) = actions(db, "staff.work.reassign")
    assert (audit.actor_id, audit.detail["from_user_id"], audit.detail["to_user_id"]) == (boss.id, first.id, second.id)
    assert audit.debtor_id is None, "handing work on is workflow, not use of the debtor's data"
    assert any(second.display_name in n.body for n in db.exec(select(CaseNote).where(CaseNote.case_id == case.id)))


@pytest.mark.parametrize("target", ["creditor", "admin", "inactive", "nobody", "text"])
def test_reassigning_to_someone_who_cannot_work_is_refused(client: TestClient, db: Session, target: str) -> None:
    signed_in(client, db, "supervisor")
    item = factories.work_item(db)
    if target in ("creditor", "admin", "inactive"):
        user = staff_user(db, "agent" if target == "inactive" else target)
        user.is_active = target != "inactive"
        to = str(user.id)
    else:
        to = "999999" if target == "nobody" else "someone"
    page = f"/staff/work/{item.id}"
    response = post_form(client, f"{page}/assign", {"to_user_id": to}, form_page=page)
    assert response.status_code == 400 and "Choose an active agent or supervisor." in response.text
    assert (item.state, item.assignee_id) == ("open", None)


def test_an_agent_cannot_reassign(client: TestClient, db: Session) -> None:
    signed_in(client, db)
    other = staff_user(db, "agent")
    item = factories.work_item(db)
    response = post_form(
        client, f"/staff/work/{item.id}/assign", {"to_user_id": str(other.id)}, form_page="/staff/queue"
    )
    assert response.status_code == 403 and item.assignee_id is None


def test_overdue_work_is_for_supervisors(client: TestClient, db: Session) -> None:
    someone = staff_user(db, "agent")
    now = utcnow()
    late_taken = factories.work_item(db, due_at=now - timedelta(hours=2), state="taken", assignee_id=someone.id)
    late_open = factories.work_item(db, due_at=now - timedelta(days=2))
    on_time = factories.work_item(db, due_at=now + timedelta(hours=2))
    late_closed = factories.work_item(db, due_at=now - timedelta(days=2), state="closed")
    signed_in(client, db, "supervisor")
    shown = item_ids(client.get("/staff/overdue").text)
    assert shown == [late_open.id, late_taken.id]
    assert on_time.id not in shown and late_closed.id not in shown
    assert client.get(f"/staff/work/{late_taken.id}").status_code == 200, "a supervisor sees everyone's items"


def test_overdue_is_refused_to_an_agent_and_work_to_a_creditor_user(client: TestClient, db: Session) -> None:
    signed_in(client, db)
    assert client.get("/staff/overdue").status_code == 403
    client.cookies.clear()
    signed_in(client, db, "creditor")
    item = factories.work_item(db)
    for path in ("/staff/queue", "/staff/overdue", f"/staff/work/{item.id}"):
        assert client.get(path).status_code == 403, path


def test_create_item_uses_the_type(db: Session) -> None:
    case = factories.case(db)
    now = utcnow()
    item = service.create_item(db, kind="case_review", case_id=case.id, summary="  Check the costs  ", now=now)
    assert (item.due_at, item.priority, item.summary, item.state) == (
        now + timedelta(days=3),
        3,
        "Check the costs",
        "open",
    )
    urgent = service.create_item(db, kind="callback", case_id=None, summary="", now=now, priority=1)
    assert urgent.priority == 1
    assert len(actions(db, "work.create")) == 2
    with pytest.raises(UnknownWorkType):
        service.create_item(db, kind="no_such_type", case_id=None, summary="", now=now)


def test_taking_twice_changes_nothing(db: Session) -> None:
    me = staff_user(db, "agent")
    actor = actor_for(db, me, agency="Accord Collections", address="test")
    item = factories.work_item(db, factories.case(db))
    service.take(db, item, actor, utcnow())
    service.take(db, item, actor, utcnow())
    assert len(actions(db, "staff.work.take")) == 1
    assert len(db.exec(select(CaseNote).where(CaseNote.case_id == item.case_id)).all()) == 1
    assert db.get(WorkItem, item.id).assignee_id == me.id  # type: ignore[union-attr]


def test_an_item_links_to_the_page_its_type_names(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(types, "_TYPES", dict(types._TYPES))
    types.register(WorkType("plan_check", "review", "Check the plan", timedelta(days=1), 2, lambda i: f"/plans/{i.id}"))
    item = factories.work_item(db, kind="plan_check")
    signed_in(client, db)
    page = client.get(f"/staff/work/{item.id}")
    assert page.status_code == 200 and f'href="/plans/{item.id}"' in page.text and "Check the plan" in page.text


def test_taking_sees_a_change_made_since_the_item_was_loaded(db: Session) -> None:
    me, someone = staff_user(db, "agent"), staff_user(db, "agent")
    item = factories.work_item(db)
    # Another request takes it behind this session's back: the loaded object still says "open".
    behind = update(WorkItem).where(col(WorkItem.id) == item.id).values(state="taken", assignee_id=someone.id)
    db.exec(behind.execution_options(synchronize_session=False))
    assert item.state == "open"
    with pytest.raises(service.WorkError) as refused:
        service.take(db, item, actor_for(db, me, agency="Accord Collections", address="test"), utcnow())
    assert refused.value.reason == "taken_by_other"


def test_the_service_refuses_reassignment_by_an_agent(db: Session) -> None:
    agent, other = staff_user(db, "agent"), staff_user(db, "agent")
    item = factories.work_item(db)
    with pytest.raises(service.WorkError) as refused:
        service.reassign(db, item, other.id, actor_for(db, agent, agency="Accord Collections", address="t"), utcnow())
    assert refused.value.reason == "not_supervisor" and item.assignee_id is None
