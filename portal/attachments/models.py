"""Files people send with a dispute or a message: checked by content, stored outside the web root, never edited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")


class Attachment(SQLModel, table=True):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("content_type IN ('application/pdf', 'image/jpeg', 'image/png')", name="known_content_type"),
        CheckConstraint("size_bytes > 0", name="not_empty"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    dispute_id: int | None = Field(default=None, foreign_key="disputes.id", index=True)
    message_id: int | None = Field(default=None, foreign_key="messages.id", index=True)
    uploaded_by_kind: str = Field(max_length=16)  # debtor | staff
    staff_user_id: int | None = Field(default=None, foreign_key="staff_users.id")
    # The name shown back, cleaned of paths and control characters; never used to find the file.
    filename: str = Field(max_length=120)
    # Decided from the file's first bytes, never from its name or the browser's claim.
    content_type: str = Field(max_length=32)
    size_bytes: int
    sha256: str = Field(max_length=64)
    # A random name under the attachments directory (settings.attachments_dir), outside anything served statically.
    storage_key: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
