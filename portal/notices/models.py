"""The outbox: every message to send, written in the transaction that caused it and sent after it commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow


class OutboxMessage(SQLModel, table=True):
    """One e-mail; the dedupe key (e.g. "receipt:17") makes a second enqueue of the same notice a no-op."""

    __tablename__ = "outbox_messages"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # receipt | message_waiting | dispute_decided …
    # email: `recipient` is an address; sms: an E.164 phone number and `subject` is unused.
    channel: str = Field(default="email", max_length=8, sa_column_kwargs={"server_default": "email"})
    recipient: str = Field(max_length=254)
    language: str = Field(max_length=5)
    subject: str = Field(max_length=200)
    body_text: str
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dedupe_key: str = Field(max_length=128, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
