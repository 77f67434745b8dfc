"""Disputes: a debtor contests a case or one claim line; collection of it is frozen until a person decides."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

REASONS = ("not_my_debt", "identity_theft", "already_paid", "amount_wrong", "goods_or_service", "time_barred", "other")
STATES = ("open", "upheld", "rejected")


class Dispute(SQLModel, table=True):
    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'upheld', 'rejected')", name="known_state"),
        CheckConstraint(
            "reason IN ('not_my_debt', 'identity_theft', 'already_paid', 'amount_wrong', 'goods_or_service', "
            "'time_barred', 'other')",
            name="known_reason",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    # None: the whole case is disputed.
    claim_line_id: int | None = Field(default=None, foreign_key="claim_lines.id")
    reason: str = Field(max_length=24)
    explanation: str = Field(max_length=4000)
    state: str = Field(default="open", max_length=12)
    filed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The business day collection froze; on rejection the days frozen are given back to the waits of the stage.
    frozen_on: date
    info_requested_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_on: date | None = None
    decided_by_id: int | None = Field(default=None, foreign_key="staff_users.id")
    # Written to the debtor in the decision message; required when rejected.
    decision_text: str | None = Field(default=None, max_length=4000)
    # Upheld: the credit note that cancelled or reduced the claim.
    ledger_entry_id: int | None = Field(default=None, foreign_key="ledger_entries.id")
