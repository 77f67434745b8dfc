"""How a payment is split over the open items of a case, in the country's statutory order."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from portal.rules.basis import basis_of
from portal.rules.codes import COMPONENTS
from portal.rules.figures import RulePack, RulePackError


@dataclass(frozen=True)
class OpenItem:
    key: str
    component: str
    open_minor: int
    due_on: date


@dataclass(frozen=True)
class Allocation:
    key: str
    component: str
    amount_minor: int


@dataclass(frozen=True)
class AllocationResult:
    allocations: tuple[Allocation, ...]
    unallocated_minor: int


@dataclass(frozen=True)
class AllocationOrder:
    components: tuple[str, ...]
    citation: str | None
    status: str
    sources: tuple[str, ...]


def allocation_order(pack: RulePack, *, on: date, is_consumer_credit: bool = False) -> AllocationOrder:
    """The order components are paid in; consumer credit has its own order where the pack says so (EE)."""
    key = "payment_allocation_order"
    if is_consumer_credit and pack.has("payment_allocation_order_consumer_credit"):
        key = "payment_allocation_order_consumer_credit"
    figure = pack.figure(key, on)
    if not isinstance(figure.value, tuple):
        raise RulePackError(f"{pack.country}: {key} must be a list of components")
    basis = basis_of(figure)
    return AllocationOrder(
        components=figure.value,
        citation=basis.citation,
        status=basis.status,
        sources=basis.sources,
    )


def allocate(amount_minor: int, items: Sequence[OpenItem], order: Sequence[str]) -> AllocationResult:
    """Fill items component by component in `order`, oldest due first within a component.

    Items due on the same day keep the order they were given in. Nothing gets more than it has open; what
    is left over is an overpayment, reported as `unallocated_minor`.
    """
    _validate(amount_minor, items, order)
    rank = {component: position for position, component in enumerate(order)}
    queue = sorted(items, key=lambda item: (rank[item.component], item.due_on))
    remaining = amount_minor
    allocations = []
    for item in queue:
        if remaining == 0:
            break
        share = min(remaining, item.open_minor)
        if share > 0:
            allocations.append(Allocation(item.key, item.component, share))
            remaining -= share
    return AllocationResult(allocations=tuple(allocations), unallocated_minor=remaining)


def _validate(amount_minor: int, items: Sequence[OpenItem], order: Sequence[str]) -> None:
    if amount_minor < 0:
        raise ValueError("amount_minor must not be negative")
    if len(set(order)) != len(order) or not set(order) <= set(COMPONENTS):
        raise ValueError(f"order must list distinct components from {COMPONENTS}, got {tuple(order)}")
    keys = [item.key for item in items]
    if len(set(keys)) != len(keys):
        raise ValueError("open items must have distinct keys")
    for item in items:
        if item.component not in order:
            raise ValueError(f"item {item.key!r}: component {item.component!r} is not in the allocation order")
        if item.open_minor < 0:
            raise ValueError(f"item {item.key!r}: open_minor must not be negative")
