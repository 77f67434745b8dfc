"""Cases, their claim lines, the ledger, the timeline and documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

CLAIM_KINDS = ("principal", "interest", "reminder_fee", "collection_cost")
LEDGER_KINDS = ("payment", "credit_note", "direct_payment", "refund")


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("creditor_id", "creditor_reference"),)

    id: int | None = Field(default=None, primary_key=True)
    # The reference printed on letters and typed by people: country letters, digits and a check digit.
    reference: str = Field(max_length=16, unique=True)
    creditor_id: int = Field(foreign_key="creditors.id", index=True)
    debtor_id: int = Field(foreign_key="debtors.id", index=True)
    creditor_reference: str = Field(max_length=64)
    jurisdiction: str = Field(max_length=2)
    currency: str = Field(max_length=3)
    original_creditor: str | None = Field(default=None, max_length=200)
    assigned_on: date | None = None
    is_consumer: bool = True
    stage: str = Field(max_length=32)
    stage_entered_on: date
    is_disputed: bool = False
    # Days collection stood frozen (disputes) since the case entered its stage: the stage's waits are longer by
    # this much. The engine sets it back to 0 when it moves the case to another stage.
    paused_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    has_active_plan: bool = False
    closed_on: date | None = None
    register_notice_sent_on: date | None = None
    last_reminder_on: date | None = None
    last_cost_letter_on: date | None = None
    notice_language: str = Field(default="en", max_length=5)
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class ClaimLine(SQLModel, table=True):
    """One amount the creditor claims: principal of an invoice, interest, a fee or collection costs."""

    __tablename__ = "claim_lines"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0", name="amount_not_negative"),
        CheckConstraint("kind IN ('principal', 'interest', 'reminder_fee', 'collection_cost')", name="known_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=20)
    description: str = Field(max_length=200)
    invoice_number: str | None = Field(default=None, max_length=64)
    issued_on: date | None = None
    due_on: date
    amount_minor: int
    # Rule-pack key of the legal basis, e.g. "costs.consumer_cap"; None for principal under contract.
    legal_basis: str | None = Field(default=None, max_length=64)
    interest_rate_bp: int | None = None
    interest_from_on: date | None = None
    interest_to_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LedgerEntry(SQLModel, table=True):
    """Money received or credited. Never edited: corrections are new entries."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=20)
    amount_minor: int
    currency: str = Field(max_length=3)
    received_on: date
    method: str = Field(max_length=20)  # card | bank_transfer | direct | credit_note
    source: str = Field(max_length=32)  # stripe | bank | creditor | demo
    external_id: str = Field(max_length=128)
    booked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Allocation(SQLModel, table=True):
    __tablename__ = "allocations"
    __table_args__ = (UniqueConstraint("ledger_entry_id", "claim_line_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ledger_entry_id: int = Field(foreign_key="ledger_entries.id", index=True)
    claim_line_id: int = Field(foreign_key="claim_lines.id", index=True)
    amount_minor: int


class CaseEvent(SQLModel, table=True):
    """The timeline: who did what, when and why. Rendered through translated templates by `kind`."""

    __tablename__ = "case_events"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    actor_kind: str = Field(max_length=16)  # system | debtor | staff | creditor
    kind: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Document(SQLModel, table=True):
    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=32)  # invoice | reminder_letter | payment_demand | register_notice | contract
    title: str = Field(max_length=200)
    issued_on: date
    storage_key: str | None = Field(default=None, max_length=200)


class CaseNote(SQLModel, table=True):
    """An internal note by staff. Never shown to the debtor; never edited."""

    __tablename__ = "case_notes"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    author_id: int = Field(foreign_key="staff_users.id")
    body: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
