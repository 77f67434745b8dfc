"""Work items: what a person must look at and decide, in queues ordered by due time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

STATES = ("open", "taken", "closed")


class WorkItem(SQLModel, table=True):
    __tablename__ = "work_items"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'taken', 'closed')", name="known_state"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
        Index("ix_work_items_state_due_at", "state", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # a registered work type, see portal/work/types.py
    case_id: int | None = Field(default=None, foreign_key="cases.id", index=True)
    priority: int = 2  # 1 urgent, 2 normal, 3 low
    due_at: datetime = Field(sa_type=UTCDateTime)
    state: str = Field(default="open", max_length=8)
    assignee_id: int | None = Field(default=None, foreign_key="staff_users.id", index=True)
    summary: str = Field(default="", max_length=500)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by_id: int | None = Field(default=None, foreign_key="staff_users.id")
    close_reason: str | None = Field(default=None, max_length=2000)
