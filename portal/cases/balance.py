"""The itemised balance of a case from its claim lines and the ledger's allocations (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

COMPONENTS = ("principal", "interest", "reminder_fee", "collection_cost")
RETURNED_KINDS = ("refund",)  # ledger entries of money paid back to the debtor


@dataclass(frozen=True)
class LineInput:
    line_id: int
    kind: str
    amount_minor: int


@dataclass(frozen=True)
class AllocationInput:
    line_id: int
    amount_minor: int


@dataclass(frozen=True)
class LineBalance:
    line_id: int
    kind: str
    claimed_minor: int
    paid_minor: int

    @property
    def open_minor(self) -> int:
        return self.claimed_minor - self.paid_minor


@dataclass(frozen=True)
class Balance:
    lines: tuple[LineBalance, ...]
    received_minor: int

    def claimed(self, kind: str | None = None) -> int:
        return sum(line.claimed_minor for line in self.lines if kind in (None, line.kind))

    def paid(self, kind: str | None = None) -> int:
        return sum(line.paid_minor for line in self.lines if kind in (None, line.kind))

    def open(self, kind: str | None = None) -> int:
        return self.claimed(kind) - self.paid(kind)

    @property
    def unallocated_minor(self) -> int:
        """Money received but not owed: an overpayment to refund."""
        return self.received_minor - self.paid()

    def line(self, line_id: int) -> LineBalance:
        return next(line for line in self.lines if line.line_id == line_id)


def received_of(entries: Sequence[tuple[str, int]]) -> int:
    """Money kept from `(kind, amount_minor)` ledger entries: payments and credit notes less refunds."""
    return sum(-amount if kind in RETURNED_KINDS else amount for kind, amount in entries)


def balance_of(lines: Sequence[LineInput], allocations: Sequence[AllocationInput], received_minor: int) -> Balance:
    paid: dict[int, int] = {}
    for allocation in allocations:
        paid[allocation.line_id] = paid.get(allocation.line_id, 0) + allocation.amount_minor
    return Balance(
        lines=tuple(
            LineBalance(line.line_id, line.kind, line.amount_minor, paid.get(line.line_id, 0)) for line in lines
        ),
        received_minor=received_minor,
    )


def oldest_open_due_on(due_dates: Sequence[tuple[date, int]]) -> date | None:
    """The earliest due date among lines that are still open (`(due_on, open_minor)` pairs)."""
    return min((due for due, open_minor in due_dates if open_minor > 0), default=None)
