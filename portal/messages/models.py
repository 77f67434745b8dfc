"""Secure messages: one thread per case between the debtor and the agency's staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow


class Message(SQLModel, table=True):
    __tablename__ = "messages"
    __table_args__ = (CheckConstraint("author_kind IN ('debtor', 'staff', 'system')", name="known_author"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    author_kind: str = Field(max_length=8)
    # Staff messages keep who wrote them for the audit; the debtor sees the agency's name, never the person's.
    staff_user_id: int | None = Field(default=None, foreign_key="staff_users.id")
    dispute_id: int | None = Field(default=None, foreign_key="disputes.id", index=True)
    body: str = Field(max_length=4000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_by_debtor_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    read_by_staff_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
