"""Payment plans, the cases they cover, their instalments, and settlement offers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

# proposed: accepted by the rules, waiting for the debtor's confirmation; countered: a plan we propose instead
# (by the rules or by a person); referred: with a person; active: confirmed and being kept; completed, broken,
# declined (by a person, with reasons), cancelled (the debtor withdrew it or another plan replaced it).
STATES = ("proposed", "countered", "referred", "active", "completed", "broken", "declined", "cancelled")
OPEN_STATES = ("proposed", "countered", "referred")
OUTCOMES = ("accepted", "counter_offer", "referred")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class PaymentPlan(SQLModel, table=True):
    __tablename__ = "payment_plans"
    __table_args__ = (
        CheckConstraint(_in("state", STATES), name="known_state"),
        CheckConstraint(_in("outcome", OUTCOMES), name="known_outcome"),
        CheckConstraint("months >= 1 AND monthly_minor >= 1 AND last_minor >= 1", name="plan_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    debtor_id: int = Field(foreign_key="debtors.id", index=True)
    creditor_id: int = Field(foreign_key="creditors.id")
    currency: str = Field(max_length=3)
    state: str = Field(max_length=12)
    # The automatic answer and its reason codes (portal.plans.wording turns them into sentences).
    outcome: str = Field(max_length=16)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Living-cost flags (never a reason to refuse) and the figures the decision used, for the person who reviews it.
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What the debtor asked for: a monthly amount or a number of months.
    asked_by: str = Field(max_length=8)  # amount | months
    asked_monthly_minor: int | None = None
    asked_months: int | None = None
    asked_first_due_on: date
    # The short (and, when referred, detailed) income and expenditure statement; None for a company debtor.
    household: dict[str, int] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    debtor_note: str | None = Field(default=None, max_length=2000)
    balance_minor: int
    # The plan on offer or agreed: equal instalments, the last one what remains.
    monthly_minor: int
    months: int
    last_minor: int
    first_due_on: date
    auto_collect: bool = False
    card_customer_id: str | None = Field(default=None, max_length=64)
    card_payment_method_id: str | None = Field(default=None, max_length=64)
    card_last4: str | None = Field(default=None, max_length=4)
    moves_used: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The business day the plan started: payments received on or after it count toward the instalments.
    started_on: date | None = None
    ended_on: date | None = None
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="staff_users.id")
    decision_text: str | None = Field(default=None, max_length=4000)
    # The breach date the debtor was last warned about, so each warning goes out once.
    warned_breaks_on: date | None = None


class PlanCase(SQLModel, table=True):
    __tablename__ = "plan_cases"
    __table_args__ = (UniqueConstraint("plan_id", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="payment_plans.id", index=True)
    case_id: int = Field(foreign_key="cases.id", index=True)


class PlanInstalment(SQLModel, table=True):
    __tablename__ = "plan_instalments"
    __table_args__ = (
        UniqueConstraint("plan_id", "seq"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="payment_plans.id", index=True)
    seq: int
    due_on: date
    original_due_on: date
    amount_minor: int
    # Reminders and automatic collection happen once per instalment: these record that they did.
    reminded_on: date | None = None
    # The idempotency key of the off-session charge for this instalment; unique, so it is never charged twice.
    charge_key: str | None = Field(default=None, max_length=64, unique=True)
    charge_state: str | None = Field(default=None, max_length=12)  # processing | succeeded | failed
    charge_failure: str | None = Field(default=None, max_length=64)


class SettlementOffer(SQLModel, table=True):
    """A creditor's discount for paying the whole case at once, fixed the first time the debtor is shown it."""

    __tablename__ = "settlement_offers"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'taken', 'expired')", name="known_state"),
        CheckConstraint("pay_minor > 0 AND discount_minor > 0", name="amounts_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True)
    discount_bp: int
    balance_minor: int
    pay_minor: int
    discount_minor: int
    offered_on: date
    valid_until: date
    state: str = Field(default="open", max_length=8)
    settled_on: date | None = None
    ledger_entry_id: int | None = Field(default=None, foreign_key="ledger_entries.id")
