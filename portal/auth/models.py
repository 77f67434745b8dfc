"""Sign-in links, server-side debtor sessions and sign-in attempts."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow


class SignInLink(SQLModel, table=True):
    """A link from a letter or SMS. Only hashes of its secrets are stored."""

    __tablename__ = "signin_links"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    # HMAC of the short code printed beside the reference, for people who type instead of clicking.
    code_hmac: str = Field(max_length=64)
    channel: str = Field(max_length=8)  # letter | sms | email
    language: str = Field(max_length=5)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    use_count: int = 0


class DebtorSession(SQLModel, table=True):
    __tablename__ = "debtor_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    debtor_id: int = Field(foreign_key="debtors.id", index=True)
    link_id: int | None = Field(default=None, foreign_key="signin_links.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SignInAttempt(SQLModel, table=True):
    """Every attempt, kept for rate limits and lock-outs. `subject` is a hash, never a secret."""

    __tablename__ = "signin_attempts"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    subject: str = Field(max_length=64, index=True)
    case_id: int | None = Field(default=None, index=True)
    address: str = Field(max_length=64, index=True)
    succeeded: bool
