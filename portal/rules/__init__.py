"""Per-country collection law as data (rule packs) and the pure decisions taken from it."""

from portal.rules.allocation import (
    Allocation,
    AllocationOrder,
    AllocationResult,
    OpenItem,
    allocate,
    allocation_order,
)
from portal.rules.basis import Basis, basis_of
from portal.rules.costs import CapCheck, CostCap, check_costs, collection_cost_cap, reminder_fee_cap
from portal.rules.figures import Figure, Register, RulePack, RulePackError, Stage
from portal.rules.interest import Rate, accrue, statutory_interest, statutory_rate
from portal.rules.limitation import Limitation, limitation_on
from portal.rules.pack import bundled_packs, load_packs, pack_for
from portal.rules.periods import add_years
from portal.rules.register import RegisterDate, days_overdue, eligible_from, register_entry_on
from portal.rules.stages import CaseFacts, NextStep, next_step

__all__ = [
    "Allocation",
    "AllocationOrder",
    "AllocationResult",
    "Basis",
    "CapCheck",
    "CaseFacts",
    "CostCap",
    "Figure",
    "Limitation",
    "NextStep",
    "OpenItem",
    "Rate",
    "Register",
    "RegisterDate",
    "RulePack",
    "RulePackError",
    "Stage",
    "accrue",
    "add_years",
    "allocate",
    "allocation_order",
    "basis_of",
    "bundled_packs",
    "check_costs",
    "collection_cost_cap",
    "days_overdue",
    "eligible_from",
    "limitation_on",
    "load_packs",
    "next_step",
    "pack_for",
    "register_entry_on",
    "reminder_fee_cap",
    "statutory_interest",
    "statutory_rate",
]
