"""Card payment attempts and the inbox of events received from outside (Stripe webhooks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

ATTEMPT_STATES = ("created", "processing", "succeeded", "failed")


class PaymentAttempt(SQLModel, table=True):
    """One try to pay a case by card; a retry after a decline is a new attempt (and a new idempotency key)."""

    __tablename__ = "payment_attempts"
    __table_args__ = (
        CheckConstraint("state IN ('created', 'processing', 'succeeded', 'failed')", name="known_state"),
        CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    amount_minor: int
    currency: str = Field(max_length=3)
    state: str = Field(default="created", max_length=12)
    provider_intent_id: str | None = Field(default=None, max_length=128, unique=True)
    failure_reason: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ExternalEvent(SQLModel, table=True):
    """Every event delivered to us, once: the unique key makes a second delivery of the same event a no-op."""

    __tablename__ = "external_events"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=32)
    external_id: str = Field(max_length=128)
    type: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
