"""Booking money on a case: a ledger entry, its allocation over the open claim lines, the timeline event, a receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from portal.cases.models import Allocation, Case, CaseEvent, LedgerEntry
from portal.cases.service import case_balance
from portal.db import saved_id
from portal.notices.receipts import enqueue_receipt
from portal.plans.settlement import settle_if_paid
from portal.rules import OpenItem, allocate, allocation_order, pack_for

EVENTS = {"payment": "payment_received", "credit_note": "credit_note_received"}


class DuplicateEntry(Exception):
    """The source has already delivered an entry with this id (the ledger's unique key)."""


@dataclass(frozen=True)
class Booking:
    kind: str  # payment | credit_note
    method: str  # bank_transfer | credit_note | card
    source: str  # bank | creditor | stripe
    external_id: str
    amount_minor: int
    received_on: date


def book(session: Session, case: Case, booking: Booking, *, now: datetime, today: date, actor_kind: str) -> LedgerEntry:
    """Adds rows only: a new entry, its allocations, an event and the receipt e-mail to send after the commit.

    Raises DuplicateEntry and writes nothing.
    """
    case_id = saved_id(case)
    # Two bookings at once must not both fill the same open line (PostgreSQL row lock; SQLite writes one at a time).
    session.exec(select(Case.id).where(Case.id == case_id).with_for_update()).one()
    entry = LedgerEntry(
        case_id=case_id,
        kind=booking.kind,
        amount_minor=booking.amount_minor,
        currency=case.currency,
        received_on=booking.received_on,
        method=booking.method,
        source=booking.source,
        external_id=booking.external_id,
        booked_at=now,
    )
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError as error:
        raise DuplicateEntry(f"{booking.source}:{booking.external_id}") from error
    balance, lines = case_balance(session, case_id)
    items = [
        OpenItem(str(saved_id(line)), line.kind, balance.line(saved_id(line)).open_minor, line.due_on)
        for line in sorted(lines, key=lambda line: (line.due_on, saved_id(line)))
        if balance.line(saved_id(line)).open_minor > 0
    ]
    order = allocation_order(pack_for(case.jurisdiction), on=today).components
    for share in allocate(booking.amount_minor, items, order).allocations:
        session.add(
            Allocation(ledger_entry_id=saved_id(entry), claim_line_id=int(share.key), amount_minor=share.amount_minor)
        )
    session.add(
        CaseEvent(
            case_id=case_id,
            occurred_at=now,
            actor_kind=actor_kind,
            kind=EVENTS[booking.kind],
            data={"amount_minor": booking.amount_minor, "received_on": booking.received_on.isoformat()},
        )
    )
    session.flush()
    enqueue_receipt(session, case, entry, now=now)
    if booking.kind == "payment":
        settle_if_paid(session, case, today=today, now=now)
    return entry
