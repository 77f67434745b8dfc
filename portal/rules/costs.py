"""Caps on collection costs and reminder fees per country, and checking a charge against a cap."""

from dataclasses import dataclass
from datetime import date

from portal.rules.basis import basis_of
from portal.rules.codes import MONEY_UNITS
from portal.rules.figures import Figure, RulePack, RulePackError


@dataclass(frozen=True)
class CostCap:
    amount_minor: int
    currency: str
    reason: str
    citation: str | None
    status: str
    sources: tuple[str, ...]
    band: int | None = None
    max_charges: int | None = None


@dataclass(frozen=True)
class CapCheck:
    respected: bool
    cap_minor: int | None
    charged_minor: int
    excess_minor: int


def collection_cost_cap(
    pack: RulePack,
    *,
    principal_minor: int,
    is_consumer: bool,
    on: date,
    is_directly_enforceable: bool = False,
) -> CostCap | None:
    """The most that may be charged for collecting one claim, or None when no statutory cap is known.

    Bands compare the principal (the main claim without interest and costs), inclusive at the upper bound:
    EE 500.00 EUR is in the 30 EUR band, 500.01 EUR in the 40 EUR band. rules.md says "claim" for EE; the
    principal is the reading that does not let growing interest push a consumer into a higher band.
    """
    if principal_minor < 0:
        raise ValueError("principal_minor must not be negative")
    if is_consumer:
        if is_directly_enforceable and pack.has("cost_cap_consumer_enforceable"):
            return _cap(pack, [pack.figure("cost_cap_consumer_enforceable", on)], "consumer_enforceable_total_cap")
        if pack.has("cost_cap_consumer_band1"):
            band, figures = _banded(pack, "cost_cap_consumer", principal_minor, on)
            reason = "no_collection_costs" if figures[0].value == 0 else "consumer_total_cap"
            return _cap(pack, figures, reason, band=band)
        return None
    if pack.has("b2b_flat_compensation"):
        return _cap(pack, [pack.figure("b2b_flat_compensation", on)], "b2b_flat_compensation")
    if pack.has("cost_cap_b2b_band1"):
        band, figures = _banded(pack, "cost_cap_b2b", principal_minor, on)
        return _cap(pack, figures, "b2b_per_demand_cap", band=band)
    return None


def reminder_fee_cap(pack: RulePack, *, is_consumer: bool, on: date) -> CostCap | None:
    """The most one payment reminder may cost, and how many may be charged; None when no cap is known."""
    key = "reminder_fee_cap_consumer" if is_consumer else "reminder_fee_cap_b2b"
    if not pack.has(key):
        return None
    figures = [pack.figure(key, on)]
    max_charges = None
    if is_consumer and pack.has("reminder_fee_max_count_consumer"):
        count = pack.figure("reminder_fee_max_count_consumer", on)
        figures.append(count)
        max_charges = count.number
    if figures[0].value == 0:
        reason = "no_reminder_fee"
    elif max_charges == 1:
        reason = "reminder_fee_once"
    else:
        reason = "reminder_fee_per_reminder"
    return _cap(pack, figures, reason, max_charges=max_charges)


def check_costs(cap: CostCap | None, charged_minor: int) -> CapCheck:
    if charged_minor < 0:
        raise ValueError("charged_minor must not be negative")
    if cap is None:
        return CapCheck(respected=True, cap_minor=None, charged_minor=charged_minor, excess_minor=0)
    excess = max(0, charged_minor - cap.amount_minor)
    return CapCheck(respected=excess == 0, cap_minor=cap.amount_minor, charged_minor=charged_minor, excess_minor=excess)


def _banded(pack: RulePack, prefix: str, amount_minor: int, on: date) -> tuple[int, list[Figure]]:
    """The band the amount falls in: band n holds amounts up to and including `{prefix}_band{n}_upto`.

    The last band has no upper bound. The bounds consulted are returned too: a cap is only as sure as the
    boundaries that put the claim in its band.
    """
    band, bounds = 1, []
    while pack.has(f"{prefix}_band{band}_upto"):
        bound = _money(pack, pack.figure(f"{prefix}_band{band}_upto", on))
        bounds.append(bound)
        if amount_minor <= bound.number:
            break
        band += 1
    return band, [_money(pack, pack.figure(f"{prefix}_band{band}", on)), *bounds]


def _money(pack: RulePack, figure: Figure) -> Figure:
    if figure.unit not in MONEY_UNITS:
        raise RulePackError(f"{pack.country}: {figure.key} must be money, not {figure.unit}")
    return figure


def _cap(
    pack: RulePack,
    figures: list[Figure],
    reason: str,
    *,
    band: int | None = None,
    max_charges: int | None = None,
) -> CostCap:
    basis = basis_of(*figures)
    return CostCap(
        amount_minor=_money(pack, figures[0]).number,
        currency=pack.currency,
        reason=reason,
        citation=basis.citation,
        status=basis.status,
        sources=basis.sources,
        band=band,
        max_charges=max_charges,
    )
