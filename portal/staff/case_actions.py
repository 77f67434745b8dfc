"""What agents record on a case (notes, transfers, credit notes, contact details): added, never edited, audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from portal.cases.ledger import Booking, DuplicateEntry, book
from portal.cases.models import CaseEvent, CaseNote, LedgerEntry
from portal.cases.service import CaseView
from portal.contact.details import same_phone
from portal.contact.service import end_moved_consents
from portal.db import saved_id
from portal.staff import forms
from portal.staff.actors import Actor, audit

# Which part of the contact details each column belongs to, in the order the debtor's timeline lists them.
CONTACT_PARTS = {"email": "email", "phone": "phone", "street": "address", "postal_code": "address", "city": "address"}
PART_ORDER = ("email", "phone", "address")


class ActionRefused(ValueError):
    """Raised before anything is written. `errors` maps a form field to a reason code; `params` fill the sentences."""

    def __init__(self, errors: dict[str, str], **params: Any) -> None:
        super().__init__(", ".join(f"{field}={code}" for field, code in errors.items()))
        self.errors = errors
        self.params = params


def add_note(session: Session, actor: Actor, view: CaseView, text: str, *, now: datetime) -> CaseNote:
    body, error = forms.parse_note(text)
    if body is None:
        raise ActionRefused({"text": error or "missing"})
    note = CaseNote(case_id=saved_id(view.case), author_id=saved_id(actor.user), body=body, created_at=now)
    session.add(note)
    session.flush()
    audit(session, actor, "staff.case.note", view.case, note_id=note.id, length=len(body))
    return note


def _opened_on(view: CaseView) -> date:
    return view.case.opened_at.astimezone(ZoneInfo(view.zone)).date()


def _money(
    view: CaseView,
    amount: str,
    day: str,
    external_id: str,
    *,
    day_field: str,
    id_field: str,
    today: date,
    earliest: date | None,
) -> tuple[int, date, str]:
    amount_minor, amount_error = forms.parse_amount(amount)
    if amount_minor is not None and amount_minor > forms.max_amount(view.balance.open()):
        amount_error = "too_much"
    received_on, day_error = forms.parse_day(day, today=today, earliest=earliest)
    reference, reference_error = forms.parse_external_id(external_id)
    errors = {"amount": amount_error, day_field: day_error, id_field: reference_error}
    if any(errors.values()) or amount_minor is None or received_on is None or reference is None:
        raise ActionRefused(
            {field: code for field, code in errors.items() if code},
            margin_minor=forms.OVERPAYMENT_MARGIN_MINOR,
            opened_on=_opened_on(view),
        )
    return amount_minor, received_on, reference


def record_transfer(
    session: Session,
    actor: Actor,
    view: CaseView,
    *,
    amount: str,
    received_on: str,
    bank_reference: str,
    now: datetime,
    today: date,
) -> LedgerEntry:
    """A bank transfer that arrived on the agency's account; the bank's reference makes it count once."""
    amount_minor, day, reference = _money(
        view,
        amount,
        received_on,
        bank_reference,
        day_field="received_on",
        id_field="bank_reference",
        today=today,
        earliest=_opened_on(view),
    )
    booking = Booking("payment", "bank_transfer", "bank", reference, amount_minor, day)
    try:
        entry = book(session, view.case, booking, now=now, today=today, actor_kind=actor.kind)
    except DuplicateEntry:
        raise ActionRefused({"bank_reference": "duplicate_bank_reference"}) from None
    audit(session, actor, "staff.case.transfer", view.case, entry_id=entry.id, amount_minor=amount_minor)
    return entry


def record_credit_note(
    session: Session,
    actor: Actor,
    view: CaseView,
    *,
    amount: str,
    issued_on: str,
    number: str,
    now: datetime,
    today: date,
) -> LedgerEntry:
    """A credit note from the creditor reduces the claim; it may be dated before the case came to us."""
    amount_minor, day, reference = _money(
        view, amount, issued_on, number, day_field="issued_on", id_field="number", today=today, earliest=None
    )
    booking = Booking("credit_note", "credit_note", "creditor", reference, amount_minor, day)
    try:
        entry = book(session, view.case, booking, now=now, today=today, actor_kind=actor.kind)
    except DuplicateEntry:
        raise ActionRefused({"number": "duplicate_credit_note"}) from None
    audit(session, actor, "staff.case.credit_note", view.case, entry_id=entry.id, amount_minor=amount_minor)
    return entry


def correct_contact(
    session: Session, actor: Actor, view: CaseView, fields: dict[str, str], *, now: datetime
) -> tuple[str, ...]:
    """Replaces the debtor's contact details; the timeline says which parts changed, the audit log old and new."""
    debtor = view.debtor
    region = debtor.address_country or debtor.id_country
    contact, errors = forms.parse_contact(fields, region=region)
    if contact is None:
        raise ActionRefused(errors)
    changes = {
        name: (getattr(debtor, name), getattr(contact, name))
        for name in CONTACT_PARTS
        if getattr(debtor, name) != getattr(contact, name)
        and not (name == "phone" and same_phone(debtor.phone, contact.phone, region))
    }
    if not changes:
        raise ActionRefused({"form": "nothing_changed"})
    for name, (_old, new) in changes.items():
        setattr(debtor, name, new)
    parts = tuple(part for part in PART_ORDER if part in {CONTACT_PARTS[name] for name in changes})
    session.add(
        CaseEvent(
            case_id=saved_id(view.case),
            occurred_at=now,
            actor_kind=actor.kind,
            kind="contact_details_corrected",
            data={"fields": list(parts)},
        )
    )
    ended = end_moved_consents(session, debtor, now, actor_kind=actor.kind)
    audit(
        session,
        actor,
        "staff.case.contact",
        view.case,
        old={name: old for name, (old, _new) in changes.items()},
        new={name: new for name, (_old, new) in changes.items()},
        consents_ended=ended,
    )
    session.flush()
    return parts
