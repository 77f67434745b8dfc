"""Secure messages: the thread of a case, posting by the debtor, staff or the system, and who has read what.

For other features (disputes), the calls are:

    post_by_staff(session, settings, case, body, actor=actor, now=now, dispute_id=7, uploads=())
    post_system(session, settings, case, body, now=now, dispute_id=7)

`body` is kept as given (after trimming; at most 4000 characters): write it in the debtor's language, e.g. inside
`i18n.language_of(debtor.preferred_language)`. Both tell the debtor by e-mail or SMS that a message is waiting
(never what it says) and raise MessageRefused (reason codes by field, nothing written) for an empty or too long
body or a refused file. `actor` must be agency staff allowed to act on cases (Permission.CASES_ACT).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal.attachments.models import Attachment
from portal.attachments.service import AttachmentsRefused, Checked, Upload, attachments_of_messages, check, save
from portal.audit.service import record
from portal.cases.models import Case
from portal.cases.references import is_well_formed
from portal.cases.service import CaseView
from portal.config import Settings
from portal.db import saved_id
from portal.i18n import N_
from portal.messages.models import Message
from portal.messages.notifications import notify_debtor
from portal.messages.rules import parse_body
from portal.staff.actors import Actor, audit
from portal.staff.models import StaffUser
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register

TO_DEBTOR = ("staff", "system")


def _thread_on_case_page(item: WorkItem) -> str:
    reference = str(item.data.get("case_reference", ""))
    return f"/staff/cases/{reference}#messages" if is_well_formed(reference) else "/staff/cases"


MESSAGE_REPLY = register(
    WorkType(
        "message_reply",
        "contact",
        N_("Answer the debtor's message"),
        timedelta(days=2),
        priority=2,
        handler=_thread_on_case_page,
    )
)


class MessageRefused(ValueError):
    """Nothing was written. `errors` maps "body" or "files" to a reason code; `filename` names the refused file."""

    def __init__(self, errors: dict[str, str], filename: str | None = None) -> None:
        super().__init__(", ".join(f"{field}={code}" for field, code in errors.items()))
        self.errors = errors
        self.filename = filename


@dataclass(frozen=True)
class Entry:
    message: Message
    attachments: tuple[Attachment, ...]
    is_new: bool  # not read by this reader before this view
    staff_name: str | None = None  # for the console only; the debtor sees the agency's name


def _checked(settings: Settings, body: str, uploads: Iterable[Upload]) -> tuple[str, list[Checked]]:
    text, body_error = parse_body(body)
    errors: dict[str, str] = {"body": body_error} if body_error else {}
    checked: list[Checked] = []
    filename = None
    try:
        checked = check(settings, uploads)
    except AttachmentsRefused as refused:
        errors["files"], filename = refused.reason.value, refused.filename
    if errors or text is None:
        raise MessageRefused(errors, filename)
    return text, checked


def _post(
    session: Session,
    settings: Settings,
    case: Case,
    message: Message,
    checked: Sequence[Checked],
    *,
    staff_user_id: int | None = None,
) -> Message:
    session.add(message)
    session.flush()
    by_kind = "debtor" if message.author_kind == "debtor" else "staff"
    save(
        session,
        settings,
        case,
        checked,
        by_kind=by_kind,
        staff_user_id=staff_user_id,
        dispute_id=message.dispute_id,
        message_id=saved_id(message),
    )
    if message.author_kind in TO_DEBTOR:
        notify_debtor(session, settings, case, message, now=message.created_at)
    return message


def _open_reply_item(session: Session, case: Case, message: Message, now: datetime) -> WorkItem:
    """The case's open "answer the message" item, or a new one: one per case however many messages arrive."""
    # Two messages at once wait for each other here (PostgreSQL), so the second one finds the first one's item.
    session.exec(select(Case.id).where(Case.id == case.id).with_for_update()).one()
    found = session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case.id,
            WorkItem.kind == MESSAGE_REPLY.code,
            col(WorkItem.state).in_(("open", "taken")),
        )
    ).first()
    if found is not None:
        return found
    return create_item(
        session,
        kind=MESSAGE_REPLY.code,
        case_id=saved_id(case),
        summary="",  # the label says what to do; the message itself is read on the case page
        now=now,
        data={"case_reference": case.reference, "message_id": saved_id(message)},
    )


def post_by_debtor(
    session: Session,
    settings: Settings,
    view: CaseView,
    body: str,
    uploads: Iterable[Upload] = (),
    *,
    now: datetime,
    address: str,
) -> Message:
    """The debtor writes to the agency: kept with its files, and a person is asked to answer."""
    text, checked = _checked(settings, body, uploads)
    case = view.case
    message = Message(case_id=saved_id(case), author_kind="debtor", body=text, created_at=now, read_by_debtor_at=now)
    _post(session, settings, case, message, checked)
    item = _open_reply_item(session, case, message, now)
    debtor_id = saved_id(view.debtor)
    record(
        session,
        "messages.post",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        case_id=case.id,
        address=address,
        message_id=message.id,
        attachments=len(checked),
        item_id=item.id,
    )
    session.flush()
    return message


def post_by_staff(
    session: Session,
    settings: Settings,
    case: Case,
    body: str,
    *,
    actor: Actor,
    now: datetime,
    uploads: Iterable[Upload] = (),
    dispute_id: int | None = None,
) -> Message:
    """An agent writes to the debtor, who is told a message is waiting. Audited."""
    if not actor.can_act:
        raise PermissionError("only agency staff who act on cases write to debtors")
    text, checked = _checked(settings, body, uploads)
    user_id = saved_id(actor.user)
    message = Message(
        case_id=saved_id(case),
        author_kind="staff",
        staff_user_id=user_id,
        dispute_id=dispute_id,
        body=text,
        created_at=now,
        read_by_staff_at=now,
    )
    _post(session, settings, case, message, checked, staff_user_id=user_id)
    audit(session, actor, "staff.message.post", case, message_id=message.id, attachments=len(checked))
    session.flush()
    return message


def post_system(
    session: Session, settings: Settings, case: Case, body: str, *, now: datetime, dispute_id: int | None = None
) -> Message:
    """A message the product itself sends (a decision, a request for more information); the debtor is told."""
    text, _ = _checked(settings, body, ())
    message = Message(
        case_id=saved_id(case),
        author_kind="system",
        dispute_id=dispute_id,
        body=text,
        created_at=now,
        read_by_staff_at=now,
    )
    _post(session, settings, case, message, ())
    record(session, "messages.system", actor_kind="system", case_id=case.id, message_id=message.id)
    return message


def thread(session: Session, case_id: int) -> list[tuple[Message, tuple[Attachment, ...], str | None]]:
    """The case's messages oldest first, each with its files and, for staff messages, the writer's name."""
    rows = session.exec(
        select(Message, StaffUser.display_name)
        .outerjoin(StaffUser, col(StaffUser.id) == Message.staff_user_id)
        .where(Message.case_id == case_id)
        .order_by(col(Message.created_at), col(Message.id))
    ).all()
    files = attachments_of_messages(session, [saved_id(message) for message, _ in rows])
    return [(message, tuple(files[saved_id(message)]), name) for message, name in rows]


def unread_by_debtor(session: Session, case_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Message)
        .where(
            Message.case_id == case_id,
            col(Message.author_kind).in_(TO_DEBTOR),
            col(Message.read_by_debtor_at).is_(None),
        )
    ).one()


def debtor_thread(session: Session, view: CaseView, *, now: datetime, address: str) -> list[Entry]:
    """What the debtor's page shows; what we wrote is marked read by them from now on. The view is audited."""
    case_id, debtor_id = saved_id(view.case), saved_id(view.debtor)
    entries = []
    for message, files, _name in thread(session, case_id):
        is_new = message.author_kind in TO_DEBTOR and message.read_by_debtor_at is None
        if is_new:
            message.read_by_debtor_at = now
        entries.append(Entry(message, files, is_new))
    record(
        session,
        "messages.view",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        case_id=case_id,
        address=address,
    )
    session.flush()
    return entries


def staff_thread(session: Session, actor: Actor, view: CaseView, *, now: datetime) -> list[Entry] | None:
    """The thread for the console's case page (None for creditor users: it is between the debtor and the agency).

    Reading it marks the debtor's messages read by staff; the case page that shows it is audited already.
    """
    if not actor.can_act:
        return None
    entries = []
    for message, files, name in thread(session, saved_id(view.case)):
        is_new = message.author_kind == "debtor" and message.read_by_staff_at is None
        if is_new:
            message.read_by_staff_at = now
        entries.append(Entry(message, files, is_new, name))
    session.flush()
    return entries
