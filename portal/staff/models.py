"""People who work in the console: agents, supervisors, creditor users and admins, and their sessions."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

ROLES = ("agent", "supervisor", "creditor", "admin")


class StaffUser(SQLModel, table=True):
    __tablename__ = "staff_users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=120)
    role: str = Field(max_length=16)
    # Only for creditor users: the one creditor whose cases they may see.
    creditor_id: int | None = Field(default=None, foreign_key="creditors.id", index=True)
    password_hash: str = Field(max_length=200)
    totp_secret: str = Field(max_length=64)
    # The last TOTP time step accepted, so a code cannot be used twice.
    totp_last_step: int = 0
    language: str = Field(default="en", max_length=5)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class StaffSession(SQLModel, table=True):
    __tablename__ = "staff_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="staff_users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    # Set once the second factor is given; until then the session only reaches the code form.
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
