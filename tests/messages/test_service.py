"""Posting messages: a work item for the debtor's, a notice without content for ours, nothing kept when refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from portal.attachments.models import Attachment
from portal.audit.models import AuditRecord
from portal.cases.models import Case
from portal.cases.references import display
from portal.cases.service import AGENCY, CaseView, case_view
from portal.config import Settings
from portal.messages import service
from portal.messages.models import Message
from portal.messages.service import MessageRefused
from portal.notices.models import OutboxMessage
from portal.staff.actors import Actor, actor_for
from portal.work.models import WorkItem
from portal.work.types import work_type
from tests import factories
from tests.attachments.uploads import HTML, PDF, upload
from tests.messages.helpers import marked_languages  # noqa: F401  (a fixture)
from tests.staff.helpers import staff_user

NOW = factories.NOW
SECRET = "I was in hospital, account EE382200221020145685"


def _view(db: Session, case: Case) -> CaseView:
    view = case_view(db, AGENCY, case.reference, today=factories.TODAY)
    assert view is not None
    return view


def _actor(db: Session, role: str = "agent", **overrides: object) -> Actor:
    return actor_for(db, staff_user(db, role, **overrides), agency="Accord Collections", address="10.0.0.1")


def _outbox(db: Session) -> list[OutboxMessage]:
    return list(db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def _items(db: Session, case: Case) -> list[WorkItem]:
    return list(db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).all())


def test_the_reply_work_type() -> None:
    reply = work_type("message_reply")
    assert (reply.queue, reply.priority, reply.due_after) == ("contact", 2, timedelta(days=2))
    assert reply.handler is not None


def test_a_debtor_message_asks_a_person_to_answer_once_per_case(db: Session, settings: Settings) -> None:
    case = factories.case(db)
    view = _view(db, case)
    first = service.post_by_debtor(
        db, settings, view, "  Why this fee?  ", [upload("a.pdf", PDF)], now=NOW, address="1"
    )
    assert (first.body, first.author_kind, first.read_by_debtor_at, first.read_by_staff_at) == (
        "Why this fee?",
        "debtor",
        NOW,
        None,
    )
    [item] = _items(db, case)
    assert (item.kind, item.state, item.priority, item.due_at) == ("message_reply", "open", 2, NOW + timedelta(days=2))
    assert item.data["case_reference"] == case.reference
    assert work_type(item.kind).handler(item) == f"/staff/cases/{case.reference}#messages"  # type: ignore[misc]
    service.post_by_debtor(db, settings, view, "And another thing", now=NOW + timedelta(hours=1), address="1")
    assert len(_items(db, case)) == 1, "one open item per case, however many messages"
    item.state = "closed"
    db.add(item)
    db.flush()
    service.post_by_debtor(db, settings, view, "Still waiting", now=NOW + timedelta(days=3), address="1")
    assert sorted(i.state for i in _items(db, case)) == ["closed", "open"]
    [attachment] = db.exec(select(Attachment).where(Attachment.case_id == case.id)).all()
    assert (attachment.message_id, attachment.uploaded_by_kind) == (first.id, "debtor")
    assert _outbox(db) == [], "the debtor is not notified of their own message"
    posts = db.exec(select(AuditRecord).where(AuditRecord.action == "messages.post")).all()
    assert len(posts) == 3 and all(SECRET not in str(p.detail) for p in posts)


@pytest.mark.parametrize(
    "body,files,errors",
    [
        ("", [], {"body": "missing"}),
        ("x" * 4001, [], {"body": "too_long"}),
        ("Fine", [upload("invoice.pdf", HTML)], {"files": "not_allowed_type"}),
        ("", [upload("a.pdf", PDF)] * 6, {"body": "missing", "files": "too_many"}),
    ],
)
def test_a_refused_message_keeps_nothing(
    db: Session, settings: Settings, body: str, files: list, errors: dict[str, str]
) -> None:
    case = factories.case(db)
    with pytest.raises(MessageRefused) as refused:
        service.post_by_debtor(db, settings, _view(db, case), body, files, now=NOW, address="1")
    assert refused.value.errors == errors
    assert db.exec(select(Message).where(Message.case_id == case.id)).all() == []
    assert db.exec(select(Attachment).where(Attachment.case_id == case.id)).all() == []
    assert _items(db, case) == []
    assert not settings.attachments_dir.exists() or list(settings.attachments_dir.iterdir()) == []


@pytest.mark.parametrize(
    "language,preferred,email,phone,channel,recipient",
    [
        ("fi", "email", "liisa@example.fi", "040 123 4567", "email", "liisa@example.fi"),
        ("fi", "sms", "liisa@example.fi", "040 123 4567", "sms", "+358401234567"),
        ("et", "letter", None, "+372 5123 4567", "sms", "+37251234567"),
        ("ro", "letter", "ion@example.ro", None, "email", "ion@example.ro"),
        ("en", "sms", "anna@example.com", "+372 640 0000", "email", "anna@example.com"),  # a landline gets no SMS
    ],
)
def test_a_staff_message_is_announced_without_its_content(
    db: Session,
    settings: Settings,
    marked_languages: None,  # noqa: F811
    language: str,
    preferred: str,
    email: str | None,
    phone: str | None,
    channel: str,
    recipient: str,
) -> None:
    country = "FI" if recipient.startswith("+358") or language == "fi" else "EE"
    person = factories.debtor(
        db, preferred_language=language, preferred_channel=preferred, email=email, phone=phone, address_country=country
    )
    case = factories.case(db, debtor_row=person)
    message = service.post_by_staff(db, settings, case, SECRET, actor=_actor(db), now=NOW)
    [notice] = _outbox(db)
    assert (notice.channel, notice.recipient, notice.language) == (channel, recipient, language)
    assert notice.dedupe_key == f"message:{message.id}" and notice.kind == "message_waiting"
    assert notice.body_text.startswith(f"[{language}] ")
    assert "hospital" not in notice.body_text and "EE3822" not in notice.body_text
    assert settings.base_url in notice.body_text
    assert display(case.reference) in notice.body_text
    if channel == "email":
        assert notice.subject.startswith(f"[{language}] ")
    else:
        assert notice.subject == "" and len(notice.body_text) <= 320


def test_no_way_to_reach_the_debtor_means_no_notice(db: Session, settings: Settings) -> None:
    person = factories.debtor(db, email=None, phone=None)
    service.post_by_staff(db, settings, factories.case(db, debtor_row=person), "Hello", actor=_actor(db), now=NOW)
    assert _outbox(db) == []


def test_a_system_message_is_announced_and_linked_to_nothing_personal(db: Session, settings: Settings) -> None:
    person = factories.debtor(db, email="mari@example.ee")
    case = factories.case(db, debtor_row=person)
    message = service.post_system(db, settings, case, "Your dispute has been decided.", now=NOW)
    assert (message.author_kind, message.staff_user_id, message.read_by_staff_at) == ("system", None, NOW)
    [notice] = _outbox(db)
    assert notice.dedupe_key == f"message:{message.id}" and "decided" not in notice.body_text
    assert service.unread_by_debtor(db, case.id) == 1  # type: ignore[arg-type]


def test_staff_messages_are_audited_and_can_carry_files(db: Session, settings: Settings) -> None:
    case = factories.case(db)
    actor = _actor(db)
    message = service.post_by_staff(
        db, settings, case, "The statement you asked for", actor=actor, now=NOW, uploads=[upload("s.pdf", PDF)]
    )
    assert (message.author_kind, message.staff_user_id) == ("staff", actor.user.id)
    [attachment] = db.exec(select(Attachment).where(Attachment.message_id == message.id)).all()
    assert (attachment.uploaded_by_kind, attachment.staff_user_id) == ("staff", actor.user.id)
    [audit] = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.message.post")).all()
    assert audit.debtor_id == case.debtor_id and audit.detail["message_id"] == message.id


def test_a_creditor_user_cannot_write_to_the_debtor(db: Session, settings: Settings) -> None:
    case = factories.case(db)
    creditor_user = _actor(db, "creditor", creditor_id=case.creditor_id)
    with pytest.raises(PermissionError):
        service.post_by_staff(db, settings, case, "Pay now", actor=creditor_user, now=NOW)
    assert db.exec(select(Message).where(Message.case_id == case.id)).all() == []


def test_reading_marks_the_other_sides_messages_read(db: Session, settings: Settings) -> None:
    case = factories.case(db)
    view, agent = _view(db, case), _actor(db)
    service.post_by_debtor(db, settings, view, "Question", now=NOW, address="1")
    service.post_by_staff(db, settings, case, "Answer", actor=agent, now=NOW + timedelta(minutes=5))
    assert service.unread_by_debtor(db, case.id) == 1  # type: ignore[arg-type]

    entries = service.debtor_thread(db, view, now=NOW + timedelta(hours=1), address="1")
    assert [(e.message.body, e.is_new) for e in entries] == [("Question", False), ("Answer", True)]
    assert service.unread_by_debtor(db, case.id) == 0  # type: ignore[arg-type]
    again = service.debtor_thread(db, view, now=NOW + timedelta(hours=2), address="1")
    assert [e.is_new for e in again] == [False, False]
    assert entries[1].message.read_by_debtor_at == NOW + timedelta(hours=1)

    console = service.staff_thread(db, agent, view, now=NOW + timedelta(hours=3))
    assert console is not None
    assert [(e.message.body, e.is_new, e.staff_name) for e in console] == [
        ("Question", True, None),
        ("Answer", False, agent.user.display_name),
    ]
    assert service.staff_thread(db, _actor(db, "creditor", creditor_id=case.creditor_id), view, now=NOW) is None
    views = db.exec(select(AuditRecord).where(AuditRecord.action == "messages.view")).all()
    assert len(views) == 2 and all(v.debtor_id == case.debtor_id for v in views)
