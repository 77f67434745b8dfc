"""Vulnerability and hardship a debtor tells us about: structured flags first, free text only if they want."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

KINDS = ("illness", "bereavement", "job_loss", "reading_help", "other")


class SupportNeed(SQLModel, table=True):
    """Health and similar details are special-category data (GDPR art. 9): kept minimal, shown to staff only."""

    __tablename__ = "support_needs"
    __table_args__ = (
        CheckConstraint("kind IN ('illness', 'bereavement', 'job_loss', 'reading_help', 'other')", name="known_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    debtor_id: int = Field(foreign_key="debtors.id", index=True)
    kind: str = Field(max_length=16)
    note: str | None = Field(default=None, max_length=1000)
    told_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    work_item_id: int | None = Field(default=None, foreign_key="work_items.id")
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
