"""The one check every collection action passes before it happens: disputes freeze, support needs soften."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from portal.rules.basis import basis_of
from portal.rules.figures import RulePack


class Action(StrEnum):
    """Everything the product can do to push a case on. The engine, staff and the assistant name one of these."""

    REMINDER = "reminder"
    PAYMENT_DEMAND = "payment_demand"
    ADD_COSTS = "add_costs"
    ADD_INTEREST = "add_interest"
    CALL = "call"
    REGISTER_NOTICE = "register_notice"
    REGISTER_ENTRY = "register_entry"
    REGISTER_PUBLICATION = "register_publication"
    COURT_STEP = "court_step"
    STAGE_CHANGE = "stage_change"


# While a payment plan is kept (and the pack says plans suspend collection) only these may still happen: interest
# runs on as the plan comparison shows, and plan reminders are the plan's own. No new costs, register or court.
ALLOWED_DURING_PLAN = frozenset({Action.ADD_INTEREST, Action.REMINDER})

# A person who told us about illness, bereavement, job loss or reading difficulties is not phoned by the engine.
NOT_WHILE_SUPPORTED = frozenset({Action.CALL})


@dataclass(frozen=True)
class GuardFacts:
    country: str
    is_disputed: bool
    has_support_need: bool
    is_closed: bool
    has_active_plan: bool = False


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str  # allowed | closed | frozen_dispute | plan_protects | support_need
    citation: str | None = None
    status: str = "C"


def decide(pack: RulePack, facts: GuardFacts, action: Action, today: date) -> Verdict:
    if facts.country.upper() != pack.country:
        raise ValueError(f"facts are for {facts.country}, the pack is {pack.country}")
    if facts.is_closed:
        return Verdict(False, "closed")
    if facts.is_disputed:
        freeze = pack.figure("dispute_freezes_collection", today)
        if freeze.value:
            basis = basis_of(freeze)
            return Verdict(False, "frozen_dispute", basis.citation, basis.status)
    if facts.has_active_plan and action not in ALLOWED_DURING_PLAN:
        protect = pack.figure("plan_suspends_collection", today)
        if protect.value:
            basis = basis_of(protect)
            return Verdict(False, "plan_protects", basis.citation, basis.status)
    if facts.has_support_need and action in NOT_WHILE_SUPPORTED:
        return Verdict(False, "support_need")
    return Verdict(True, "allowed")
