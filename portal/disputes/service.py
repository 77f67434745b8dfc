"""Filing a dispute freezes collection at once; a person upholds it (credit note) or rejects it (collection resumes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from portal import i18n
from portal.attachments import service as attachments
from portal.attachments.models import Attachment
from portal.attachments.service import Upload
from portal.audit.service import record
from portal.cases.ledger import Booking, DuplicateEntry, book
from portal.cases.models import Case, CaseEvent, ClaimLine
from portal.cases.references import is_well_formed
from portal.cases.service import CaseView
from portal.config import Settings
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.disputes.models import Dispute
from portal.disputes.rules import (
    DisputeForm,
    credit_refusal,
    parse_decision_text,
    paused_days_after,
)
from portal.i18n import N_
from portal.messages import service as messages
from portal.staff import forms
from portal.staff.actors import Actor, audit
from portal.staff.models import StaffUser
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register, register_queue


def _dispute_page(item: WorkItem) -> str:
    dispute_id = item.data.get("dispute_id")
    return f"/staff/disputes/{dispute_id}" if isinstance(dispute_id, int) else "/staff/work"


register_queue("disputes", N_("Disputes"))
DISPUTE_REVIEW = register(
    WorkType(
        "dispute_review",
        "disputes",
        N_("Decide on a dispute"),
        timedelta(days=5),
        priority=1,
        handler=_dispute_page,
    )
)


UPHELD = (
    N_("Our decision on your dispute of %(date)s: we agree with you."),
    N_("The claim has been reduced by %(amount)s. The creditor has been told."),
    N_("Our reasons:"),
)
REJECTED = (
    N_("Our decision on your dispute of %(date)s: we do not agree with it."),
    N_(
        "Collection starts again from where it stood. The waiting times that were left when you disputed have been "
        "given back to you in full."
    ),
    N_(
        "If you still disagree, you can write to us with anything new, ask for a payment plan, get free debt advice, "
        "or take the matter to a consumer disputes body or a court."
    ),
    N_("Our reasons:"),
)
MORE_NEEDED = (
    N_("About your dispute of %(date)s: we need more information before we can decide. Collection stays paused."),
)


class DisputeRefused(ValueError):
    """Raised before anything is kept. `errors` maps a form field to a reason code."""

    def __init__(self, errors: dict[str, str], **params: Any) -> None:
        super().__init__(", ".join(f"{field}={code}" for field, code in errors.items()))
        self.errors = errors
        self.params = params


@dataclass(frozen=True)
class DisputeRow:
    dispute: Dispute
    line: ClaimLine | None
    disputed_minor: int  # what the dispute is about, as claimed
    open_minor: int  # what is still open of it now
    answer_by: datetime | None  # when the person deciding it is due to have answered
    attachments: tuple[Attachment, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.dispute.state == "open"


def disputes_of(session: Session, view: CaseView) -> list[DisputeRow]:
    """Every dispute of the case, newest first, with the amount it is about."""
    disputes = session.exec(
        select(Dispute).where(Dispute.case_id == view.case.id).order_by(col(Dispute.filed_at).desc())
    ).all()
    lines = {saved_id(line): line for line in view.lines}
    item_ids = [dispute.work_item_id for dispute in disputes if dispute.work_item_id]
    due = {item.id: item.due_at for item in session.exec(select(WorkItem).where(col(WorkItem.id).in_(item_ids))).all()}
    files = session.exec(
        select(Attachment)
        .where(col(Attachment.dispute_id).in_([dispute.id for dispute in disputes]))
        .order_by(col(Attachment.id))
    ).all()
    rows = []
    for dispute in disputes:
        line = lines.get(dispute.claim_line_id) if dispute.claim_line_id else None
        if line is not None:
            disputed, still_open = line.amount_minor, view.balance.line(saved_id(line)).open_minor
        else:
            disputed, still_open = view.balance.claimed(), view.balance.open()
        answer_by = due.get(dispute.work_item_id) if dispute.work_item_id else None
        sent = tuple(file for file in files if file.dispute_id == dispute.id)
        rows.append(DisputeRow(dispute, line, disputed, max(still_open, 0), answer_by, sent))
    return rows


def _open_disputes(session: Session, case_id: int) -> Sequence[Dispute]:
    return session.exec(select(Dispute).where(Dispute.case_id == case_id, Dispute.state == "open")).all()


def _lock(session: Session, case_id: int) -> Case:
    statement = select(Case).where(Case.id == case_id).with_for_update()
    return session.exec(statement.execution_options(populate_existing=True)).one()


def file_dispute(
    session: Session,
    settings: Settings,
    view: CaseView,
    form: DisputeForm,
    uploads: Sequence[Upload],
    *,
    now: datetime,
    today: date,
    address: str,
) -> Dispute:
    """A debtor's dispute with its files. Every file is checked before anything is written, so a refused file
    keeps nothing of the dispute either."""
    try:
        checked = attachments.check(settings, uploads)
    except attachments.AttachmentsRefused as refused:
        raise DisputeRefused({"files": refused.reason.value}, filename=refused.filename) from None
    dispute = open_dispute(session, view.case, form, now=now, today=today, address=address)
    attachments.save(session, settings, view.case, checked, by_kind="debtor", dispute_id=saved_id(dispute))
    return dispute


def open_dispute(
    session: Session, case: Case, form: DisputeForm, *, now: datetime, today: date, address: str
) -> Dispute:
    """Freezes collection of the case in the same transaction the dispute is written in, and hands it to a person."""
    case = _lock(session, saved_id(case))
    if case.is_closed:
        raise DisputeRefused({"form": "closed"})
    for other in _open_disputes(session, saved_id(case)):
        if other.claim_line_id is None or other.claim_line_id == form.claim_line_id:
            raise DisputeRefused({"form": "already_disputed"})
    dispute = Dispute(
        case_id=saved_id(case),
        claim_line_id=form.claim_line_id,
        reason=form.reason,
        explanation=form.explanation,
        filed_at=now,
        frozen_on=today,
    )
    session.add(dispute)
    session.flush()
    case.is_disputed = True
    item = create_item(
        session,
        kind=DISPUTE_REVIEW.code,
        case_id=saved_id(case),
        summary=form.explanation[:200],
        now=now,
        data={"dispute_id": saved_id(dispute), "case_reference": case.reference, "reason": form.reason},
    )
    dispute.work_item_id = item.id
    details = {"dispute_id": saved_id(dispute), "reason": form.reason, "claim_line_id": form.claim_line_id}
    session.add(
        CaseEvent(case_id=saved_id(case), occurred_at=now, actor_kind="debtor", kind="dispute_filed", data=details)
    )
    record(
        session,
        "disputes.filed",
        actor_kind="debtor",
        actor_id=case.debtor_id,
        debtor_id=case.debtor_id,
        case_id=case.id,
        address=address,
        **details,
    )
    session.flush()
    return dispute


def dispute_for(session: Session, dispute_id: int, actor: Actor) -> tuple[Dispute, str] | None:
    """The dispute and its case reference if this person may open the case; None otherwise, whoever asks."""
    row = session.exec(
        select(Dispute, Case.reference)
        .join(Case, col(Case.id) == Dispute.case_id)
        .where(Dispute.id == dispute_id, actor.scope.condition())
    ).first()
    if row is None:
        return None
    dispute, reference = row
    return (dispute, reference) if is_well_formed(reference) else None


def _decided(dispute: Dispute, actor: Actor, state: str, text: str, *, now: datetime, today: date) -> None:
    if dispute.state != "open":
        raise DisputeRefused({"form": "already_decided"})
    dispute.state = state
    dispute.decided_at, dispute.decided_on, dispute.decided_by_id = now, today, actor.user.id
    dispute.decision_text = text


def _unfreeze(session: Session, case: Case, dispute: Dispute, *, today: date) -> None:
    """The case stays frozen while another dispute of it is open; the freeze's days lengthen the stage's waits."""
    still_open = [other for other in _open_disputes(session, saved_id(case)) if other.id != dispute.id]
    case.is_disputed = bool(still_open)
    if not still_open:
        case.paused_days = paused_days_after(case.paused_days, frozen_on=dispute.frozen_on, resumed_on=today)


def _event(session: Session, case: Case, actor: Actor, kind: str, now: datetime, **data: Any) -> None:
    session.add(CaseEvent(case_id=saved_id(case), occurred_at=now, actor_kind=actor.kind, kind=kind, data=data))


def _close_item(session: Session, dispute: Dispute, actor: Actor, reason: str, now: datetime) -> None:
    item = session.get(WorkItem, dispute.work_item_id) if dispute.work_item_id else None
    if item is not None and item.state != "closed":
        item.state, item.closed_at, item.closed_by_id, item.close_reason = "closed", now, actor.user.id, reason


def _tell_debtor(
    session: Session,
    settings: Settings,
    actor: Actor,
    case: Case,
    dispute: Dispute,
    sentences: Sequence[str],
    staff_text: str,
    *,
    now: datetime,
    **values: Any,
) -> None:
    """A message in the debtor's own language, whoever decides; they are told by e-mail or SMS that it waits."""
    debtor = session.get(Debtor, case.debtor_id)
    with i18n.language_of(debtor.preferred_language if debtor else case.notice_language):
        values = {"date": i18n.format_day(dispute.frozen_on), **values}
        if "amount_minor" in values:
            values["amount"] = i18n.format_money(int(values.pop("amount_minor")), case.currency)
        parts = [i18n.gettext(sentence, **values) for sentence in sentences]
    body = "\n\n".join([*parts, staff_text]) if staff_text else "\n\n".join(parts)
    messages.post_by_staff(session, settings, case, body[:4000], actor=actor, now=now, dispute_id=dispute.id)


def uphold(
    session: Session,
    settings: Settings,
    actor: Actor,
    view: CaseView,
    dispute: Dispute,
    *,
    amount: str,
    text: str,
    now: datetime,
    today: date,
) -> Dispute:
    """The claim is cancelled or reduced by a credit note; the creditor sees it on their timeline at once."""
    body, text_error = parse_decision_text(text, required=True)
    amount_minor, amount_error = forms.parse_amount(amount)
    row = next(row for row in disputes_of(session, view) if row.dispute.id == dispute.id)
    refusal = amount_error or credit_refusal(amount_minor, disputed_open_minor=row.open_minor)
    errors = {field: code for field, code in (("amount", refusal), ("text", text_error)) if code}
    if errors or amount_minor is None or body is None:
        raise DisputeRefused(errors, open_minor=row.open_minor)
    case = _lock(session, saved_id(view.case))
    _decided(dispute, actor, "upheld", body, now=now, today=today)
    booking = Booking("credit_note", "credit_note", "dispute", f"dispute-{saved_id(dispute)}", amount_minor, today)
    try:
        entry = book(session, case, booking, now=now, today=today, actor_kind=actor.kind)
    except DuplicateEntry:
        raise DisputeRefused({"form": "already_decided"}) from None
    dispute.ledger_entry_id = entry.id
    _unfreeze(session, case, dispute, today=today)
    _event(session, case, actor, "dispute_upheld", now, dispute_id=dispute.id, amount_minor=amount_minor)
    _tell_debtor(session, settings, actor, case, dispute, UPHELD, body, now=now, amount_minor=amount_minor)
    _close_item(session, dispute, actor, body, now)
    audit(session, actor, "staff.dispute.upheld", case, dispute_id=dispute.id, amount_minor=amount_minor)
    session.flush()
    return dispute


def reject(
    session: Session,
    settings: Settings,
    actor: Actor,
    view: CaseView,
    dispute: Dispute,
    *,
    text: str,
    now: datetime,
    today: date,
) -> Dispute:
    """Collection resumes from where it stood, with the frozen days given back; the written reason is required."""
    body, error = parse_decision_text(text, required=True)
    if body is None:
        raise DisputeRefused({"text": error or "missing"})
    case = _lock(session, saved_id(view.case))
    _decided(dispute, actor, "rejected", body, now=now, today=today)
    _unfreeze(session, case, dispute, today=today)
    _event(session, case, actor, "dispute_rejected", now, dispute_id=dispute.id)
    _tell_debtor(session, settings, actor, case, dispute, REJECTED, body, now=now)
    _close_item(session, dispute, actor, body, now)
    audit(session, actor, "staff.dispute.rejected", case, dispute_id=dispute.id)
    session.flush()
    return dispute


def ask_for_more(
    session: Session, settings: Settings, actor: Actor, view: CaseView, dispute: Dispute, *, text: str, now: datetime
) -> Dispute:
    body, error = parse_decision_text(text, required=True)
    if body is None:
        raise DisputeRefused({"question": error or "missing"})
    if dispute.state != "open":
        raise DisputeRefused({"form": "already_decided"})
    dispute.info_requested_at = now
    _tell_debtor(session, settings, actor, view.case, dispute, MORE_NEEDED, body, now=now)
    _event(session, view.case, actor, "dispute_info_requested", now, dispute_id=dispute.id)
    audit(session, actor, "staff.dispute.info_requested", view.case, dispute_id=dispute.id)
    session.flush()
    return dispute


@dataclass(frozen=True)
class DisputePage:
    attachments: tuple[Attachment, ...]
    can_act: bool
    decided_by: str | None


def dispute_page(session: Session, actor: Actor, row: DisputeRow, view: CaseView) -> DisputePage:
    """What the console shows beside the dispute; opening it is a view of the debtor's data, so it is audited."""
    dispute = row.dispute
    decider = session.get(StaffUser, dispute.decided_by_id) if dispute.decided_by_id else None
    audit(session, actor, "staff.dispute.view", view.case, dispute_id=dispute.id)
    return DisputePage(row.attachments, actor.can_act, decider.display_name if decider else None)
