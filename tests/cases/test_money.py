"""Properties of balances and of how money is written in each language."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from portal.cases.balance import AllocationInput, LineInput, balance_of
from portal.i18n import LANGUAGES, format_money

amounts = st.integers(min_value=0, max_value=10**11)


@given(
    amount=st.integers(min_value=-(10**11), max_value=10**11),
    currency=st.sampled_from(["EUR", "RON"]),
    language=st.sampled_from(LANGUAGES),
)
def test_written_amount_keeps_every_digit(amount: int, currency: str, language: str) -> None:
    text = format_money(amount, currency, language)
    assert re.sub(r"\D", "", text) == str(abs(amount)).zfill(3)
    assert text.startswith("\u2212") == (amount < 0)


@given(
    lines=st.lists(
        st.tuples(st.sampled_from(["principal", "interest", "reminder_fee", "collection_cost"]), amounts),
        min_size=1,
        max_size=8,
    ),
    data=st.data(),
)
def test_balance_adds_up(lines: list[tuple[str, int]], data: st.DataObject) -> None:
    inputs = [LineInput(i, kind, amount) for i, (kind, amount) in enumerate(lines)]
    allocations = [AllocationInput(i, data.draw(st.integers(0, amount))) for i, (_, amount) in enumerate(lines)]
    extra = data.draw(amounts)
    balance = balance_of(inputs, allocations, sum(a.amount_minor for a in allocations) + extra)
    assert balance.open() == balance.claimed() - balance.paid()
    assert balance.open() == sum(
        balance.open(kind) for kind in ("principal", "interest", "reminder_fee", "collection_cost")
    )
    assert all(line.open_minor >= 0 for line in balance.lines)
    assert balance.unallocated_minor == extra


def test_romanian_lei_and_english_codes() -> None:
    assert format_money(123456, "RON", "ro") == "1.234,56\u00a0lei"
    assert format_money(123456, "RON", "en") == "RON\u00a01,234.56"
    assert format_money(123456, "EUR", "fi") == "1\u00a0234,56\u00a0€"
