"""Payment allocation: statutory order per country, oldest first, never over an item, overpayment reported."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.rules import OpenItem, allocate, allocation_order, pack_for
from portal.rules.codes import COMPONENTS

ON = date(2026, 11, 22)
EE_ORDER = ("collection_cost", "reminder_fee", "interest", "principal")

ITEMS = (
    OpenItem("principal-1", "principal", 10000, date(2026, 1, 31)),
    OpenItem("interest-2", "interest", 700, date(2026, 3, 31)),
    OpenItem("interest-1", "interest", 1300, date(2026, 2, 28)),
    OpenItem("fee-1", "reminder_fee", 500, date(2026, 2, 15)),
    OpenItem("cost-1", "collection_cost", 1500, date(2026, 3, 1)),
)


def _split(amount: int, order: tuple[str, ...] = EE_ORDER) -> dict[str, int]:
    return {a.key: a.amount_minor for a in allocate(amount, ITEMS, order).allocations}


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1000, {"cost-1": 1000}),
        (1800, {"cost-1": 1500, "fee-1": 300}),
        (3000, {"cost-1": 1500, "fee-1": 500, "interest-1": 1000}),
        (4500, {"cost-1": 1500, "fee-1": 500, "interest-1": 1300, "interest-2": 700, "principal-1": 500}),
    ],
)
def test_costs_then_interest_oldest_first_then_principal(amount: int, expected: dict[str, int]) -> None:
    assert _split(amount) == expected


def test_the_allocations_come_in_payment_order() -> None:
    keys = [a.key for a in allocate(20000, ITEMS, EE_ORDER).allocations]
    assert keys == ["cost-1", "fee-1", "interest-1", "interest-2", "principal-1"]


def test_overpayment_is_reported_not_allocated() -> None:
    result = allocate(15000, ITEMS, EE_ORDER)
    assert result.unallocated_minor == 1000
    assert sum(a.amount_minor for a in result.allocations) == 14000


def test_same_due_date_keeps_the_given_order() -> None:
    items = [OpenItem("b", "interest", 100, ON), OpenItem("a", "interest", 100, ON)]
    assert [a.key for a in allocate(150, items, EE_ORDER).allocations] == ["b", "a"]


def test_ee_consumer_credit_pays_principal_before_interest() -> None:
    order = allocation_order(pack_for("EE"), on=ON, is_consumer_credit=True)
    assert order.components == ("collection_cost", "reminder_fee", "principal", "interest")
    assert order.citation == "VÕS § 415 lg 2"
    assert _split(3000, order.components) == {"cost-1": 1500, "fee-1": 500, "principal-1": 1000}


@pytest.mark.parametrize(
    ("country", "status", "citation"),
    [("EE", "S", "VÕS § 88 lg 8"), ("FI", "U", None), ("RO", "S", "Codul civil art. 1509 alin. (2)")],
)
def test_allocation_order_per_country(country: str, status: str, citation: str | None) -> None:
    order = allocation_order(pack_for(country), on=ON)
    assert order.components == EE_ORDER
    assert (order.status, order.citation) == (status, citation)


@pytest.mark.parametrize(
    ("amount", "items", "order", "message"),
    [
        (-1, [], EE_ORDER, "amount"),
        (1, [OpenItem("x", "penalty", 1, ON)], (*EE_ORDER, "penalty"), "order"),
        (1, [OpenItem("x", "interest", 1, ON)], ("principal",), "not in the allocation order"),
        (1, [OpenItem("x", "interest", -1, ON)], EE_ORDER, "open_minor"),
        (1, [OpenItem("x", "interest", 1, ON), OpenItem("x", "principal", 1, ON)], EE_ORDER, "distinct keys"),
        (1, [], ("interest", "interest"), "distinct components"),
    ],
)
def test_bad_input_is_refused(amount: int, items: list[OpenItem], order: tuple[str, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(amount, items, order)


open_items = st.lists(
    st.builds(
        OpenItem,
        key=st.uuids().map(str),
        component=st.sampled_from(COMPONENTS),
        open_minor=st.integers(min_value=0, max_value=100_000),
        due_on=st.integers(min_value=0, max_value=2000).map(lambda n: date(2020, 1, 1) + timedelta(days=n)),
    ),
    max_size=12,
    unique_by=lambda item: item.key,
)


@given(
    amount=st.integers(min_value=0, max_value=1_000_000),
    items=open_items,
    order=st.permutations(COMPONENTS),
)
def test_allocation_properties(amount: int, items: list[OpenItem], order: list[str]) -> None:
    result = allocate(amount, items, order)
    by_key = {item.key: item for item in items}
    paid = {a.key: a.amount_minor for a in result.allocations}

    assert sum(paid.values()) + result.unallocated_minor == amount
    assert result.unallocated_minor >= 0
    assert all(0 < share <= by_key[key].open_minor for key, share in paid.items())
    if result.unallocated_minor > 0:
        assert all(paid.get(item.key, 0) == item.open_minor for item in items)
    # Nothing later in the order is paid while something earlier is still open.
    rank = {component: n for n, component in enumerate(order)}
    for later in result.allocations:
        for item in items:
            if rank[item.component] < rank[later.component]:
                assert paid.get(item.key, 0) == item.open_minor
