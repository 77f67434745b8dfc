"""Card refunds on the ledger: what is left to refund of a payment, and booking a refund that re-opens what it paid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from portal.cases.ledger import DuplicateEntry
from portal.cases.models import Allocation, Case, CaseEvent, LedgerEntry
from portal.db import saved_id

SOURCE = "stripe"
EVENT = "payment_refunded"  # its data links the refund entry to the payment: the ledger has no column for that


@dataclass(frozen=True)
class Refundable:
    """A card payment as a refund sees it: what is left, how many refunds it had, what it still pays per line."""

    entry: LedgerEntry
    refunded_minor: int
    refund_count: int
    paid_lines: tuple[tuple[int, int], ...]  # (claim line id, net amount), in the order the payment paid them

    @property
    def left_minor(self) -> int:
        return self.entry.amount_minor - self.refunded_minor

    @property
    def sequence(self) -> int:
        """The number the next refund of this payment gets (its idempotency key names it)."""
        return self.refund_count + 1


def reopen(paid_lines: Sequence[tuple[int, int]], left_minor: int, amount_minor: int) -> list[tuple[int, int]]:
    """How much of each line a refund re-opens (pure): first the payment's own unallocated part, then the lines
    it paid, last paid first. `left_minor` is what is left of the payment; the amount must not be more."""
    if not 0 < amount_minor <= left_minor:
        raise ValueError(f"refund {amount_minor} of {left_minor}")
    unallocated = left_minor - sum(amount for _line, amount in paid_lines)
    remaining = max(amount_minor - max(unallocated, 0), 0)
    reopened = []
    for line_id, amount in reversed(paid_lines):
        share = min(amount, remaining)
        if share > 0:
            reopened.append((line_id, share))
            remaining -= share
    return reopened


def _refund_links(session: Session, case_id: int) -> list[tuple[int, int, int]]:
    """(payment entry id, refund entry id, amount) of every refund on the case."""
    events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == EVENT)).all()
    return [
        (int(e.data["payment_entry_id"]), int(e.data["refund_entry_id"]), int(e.data["amount_minor"])) for e in events
    ]


def refundables(session: Session, case_id: int) -> list[Refundable]:
    """Every card payment of the case, oldest first, with what is left to refund of it."""
    payments = session.exec(
        select(LedgerEntry)
        .where(LedgerEntry.case_id == case_id, LedgerEntry.kind == "payment", LedgerEntry.source == SOURCE)
        .order_by(col(LedgerEntry.received_on), col(LedgerEntry.id))
    ).all()
    if not payments:
        return []
    links = _refund_links(session, case_id)
    entry_ids = [saved_id(entry) for entry in payments] + [refund_id for _p, refund_id, _a in links]
    allocations = session.exec(
        select(Allocation).where(col(Allocation.ledger_entry_id).in_(entry_ids)).order_by(col(Allocation.id))
    ).all()
    found = []
    for entry in payments:
        refund_ids = {refund_id for payment_id, refund_id, _a in links if payment_id == entry.id}
        reopened: dict[int, int] = {}
        for allocation in allocations:
            if allocation.ledger_entry_id in refund_ids:  # negative rows
                reopened[allocation.claim_line_id] = reopened.get(allocation.claim_line_id, 0) - allocation.amount_minor
        paid_lines = tuple(
            (a.claim_line_id, a.amount_minor - reopened.get(a.claim_line_id, 0))
            for a in allocations
            if a.ledger_entry_id == entry.id
        )
        refunded = sum(amount for payment_id, _r, amount in links if payment_id == entry.id)
        found.append(Refundable(entry, refunded, len(refund_ids), paid_lines))
    return found


def refundable(session: Session, case: Case, entry_id: int) -> Refundable | None:
    """The card payment `entry_id` of this case, read after locking the case so two refunds queue up."""
    session.exec(select(Case.id).where(Case.id == saved_id(case)).with_for_update()).one()
    return next((found for found in refundables(session, saved_id(case)) if found.entry.id == entry_id), None)


def book_refund(
    session: Session,
    case: Case,
    payment: Refundable,
    *,
    refund_id: str,
    amount_minor: int,
    now: datetime,
    today: date,
    actor_kind: str,
) -> LedgerEntry:
    """Adds rows only: the refund entry, negative allocations and the event. Raises DuplicateEntry, writes nothing."""
    shares = reopen(payment.paid_lines, payment.left_minor, amount_minor)
    entry = LedgerEntry(
        case_id=saved_id(case),
        kind="refund",
        amount_minor=amount_minor,
        currency=case.currency,
        received_on=today,
        method="card",
        source=SOURCE,
        external_id=refund_id,
        booked_at=now,
    )
    try:
        with session.begin_nested():
            session.add(entry)
            session.flush()
    except IntegrityError as error:
        raise DuplicateEntry(f"{SOURCE}:{refund_id}") from error
    for line_id, share in shares:
        session.add(Allocation(ledger_entry_id=saved_id(entry), claim_line_id=line_id, amount_minor=-share))
    session.add(
        CaseEvent(
            case_id=saved_id(case),
            occurred_at=now,
            actor_kind=actor_kind,
            kind=EVENT,
            data={
                "amount_minor": amount_minor,
                "payment_entry_id": saved_id(payment.entry),
                "refund_entry_id": saved_id(entry),
            },
        )
    )
    session.flush()
    return entry
