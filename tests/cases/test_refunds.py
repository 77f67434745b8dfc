"""Refunds on the ledger: how a refund re-opens what a payment paid, as a pure rule and in the database."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from portal.cases.balance import AllocationInput, LineInput, balance_of, received_of
from portal.cases.ledger import Booking, DuplicateEntry, book
from portal.cases.models import LedgerEntry
from portal.cases.refunds import book_refund, refundable, refundables, reopen
from portal.cases.service import case_balance
from portal.rules import OpenItem, allocate
from tests import factories

ORDER = ("collection_cost", "reminder_fee", "interest", "principal")
DAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("paid_lines", "left", "amount", "expected"),
    [
        ([(1, 300), (2, 700)], 1000, 1000, [(2, 700), (1, 300)]),  # all of it: every line re-opened
        ([(1, 300), (2, 700)], 1000, 200, [(2, 200)]),  # last paid first
        ([(1, 300), (2, 700)], 1000, 800, [(2, 700), (1, 100)]),
        ([(1, 300)], 1000, 600, []),  # the payment's own overpayment goes back first
        ([(1, 300)], 1000, 800, [(1, 100)]),
        ([(1, 300), (2, 0)], 300, 300, [(1, 300)]),  # a line an earlier refund re-opened in full is skipped
    ],
)
def test_reopen(paid_lines: list[tuple[int, int]], left: int, amount: int, expected: list[tuple[int, int]]) -> None:
    assert reopen(paid_lines, left, amount) == expected


@pytest.mark.parametrize("amount", [0, -1, 1001])
def test_reopen_refuses_amounts_outside_what_is_left(amount: int) -> None:
    with pytest.raises(ValueError, match="refund"):
        reopen([(1, 1000)], 1000, amount)


def test_received_counts_refunds_as_money_returned() -> None:
    assert received_of([("payment", 1000), ("credit_note", 200), ("refund", 300), ("direct_payment", 50)]) == 950


# One operation: ("pay", amount) or ("refund", which payment, a share of what is left in per mille).
operations = st.lists(
    st.one_of(
        st.tuples(st.just("pay"), st.integers(1, 30_000), st.just(0)),
        st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 1000)),
    ),
    max_size=12,
)


@given(
    claimed=st.lists(st.tuples(st.sampled_from(ORDER), st.integers(0, 20_000)), min_size=1, max_size=5),
    ops=operations,
)
def test_any_sequence_of_payments_and_refunds_adds_up(claimed: list[tuple[str, int]], ops: list) -> None:
    lines = [LineInput(i, kind, amount) for i, (kind, amount) in enumerate(claimed)]
    allocations: list[AllocationInput] = []
    entries: list[tuple[str, int]] = []
    payments: list[dict] = []  # amount, refunded, paid lines in order (net)
    for kind, first, second in ops:
        balance = balance_of(lines, allocations, received_of(entries))
        if kind == "pay":
            items = [OpenItem(str(b.line_id), b.kind, b.open_minor, DAY) for b in balance.lines if b.open_minor > 0]
            shares = allocate(first, items, ORDER).allocations
            allocations += [AllocationInput(int(s.key), s.amount_minor) for s in shares]
            entries.append(("payment", first))
            payments.append({"left": first, "lines": [[int(s.key), s.amount_minor] for s in shares]})
        elif payments:
            payment = payments[first % len(payments)]
            amount = payment["left"] * second // 1000
            if amount == 0:
                continue
            shares = dict(reopen([tuple(pair) for pair in payment["lines"]], payment["left"], amount))
            for pair in payment["lines"]:
                pair[1] -= shares.get(pair[0], 0)
            allocations += [AllocationInput(line_id, -share) for line_id, share in shares.items()]
            entries.append(("refund", amount))
            payment["left"] -= amount
    balance = balance_of(lines, allocations, received_of(entries))
    net_paid = sum(amount if kind == "payment" else -amount for kind, amount in entries)
    assert balance.received_minor == net_paid >= 0
    assert balance.unallocated_minor >= 0
    assert all(0 <= line.paid_minor <= line.claimed_minor for line in balance.lines)
    assert balance.open() == balance.claimed() - (net_paid - balance.unallocated_minor)
    if all(p["left"] == 0 for p in payments):
        assert balance.open() == balance.claimed()  # everything paid back: everything is owed again


def _card_payment(db: Session, case, amount: int, intent_id: str) -> LedgerEntry:
    booking = Booking("payment", "card", "stripe", intent_id, amount, factories.TODAY)
    return book(db, case, booking, now=factories.NOW, today=factories.TODAY, actor_kind="system")


def test_a_refund_id_is_booked_once(db: Session) -> None:
    case = factories.case(db, principal_minor=10_000)
    entry = _card_payment(db, case, 4_000, "pi_once")
    payment = refundable(db, case, entry.id)  # type: ignore[arg-type]
    assert payment is not None and payment.left_minor == 4_000 and payment.sequence == 1
    kwargs = {"refund_id": "re_once", "amount_minor": 1_000, "now": factories.NOW, "today": factories.TODAY}
    book_refund(db, case, payment, actor_kind="staff", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(DuplicateEntry):
        book_refund(db, case, payment, actor_kind="staff", **kwargs)  # type: ignore[arg-type]
    assert len(db.exec(select(LedgerEntry).where(LedgerEntry.kind == "refund")).all()) == 1
    (after,) = refundables(db, case.id)  # type: ignore[arg-type]
    assert (after.left_minor, after.sequence, after.paid_lines[0][1]) == (3_000, 2, 3_000)
    balance, _lines = case_balance(db, case.id)  # type: ignore[arg-type]
    assert (balance.open(), balance.received_minor) == (7_000, 3_000)


def test_only_card_payments_can_be_refunded(db: Session) -> None:
    case = factories.case(db)
    transfer = book(
        db,
        case,
        Booking("payment", "bank_transfer", "bank", "RF1", 500, factories.TODAY),
        now=factories.NOW,
        today=factories.TODAY,
        actor_kind="staff",
    )
    assert refundable(db, case, transfer.id) is None  # type: ignore[arg-type]
    assert refundables(db, case.id) == []  # type: ignore[arg-type]
