"""Consent to receive demands electronically: separate, naming the medium, time-limited and revocable."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow

MEDIA = ("email", "sms", "portal")


class ElectronicConsent(SQLModel, table=True):
    """Finnish law (perintälaki 5 §) allows demands by e-mail or portal only with this; a row is never edited
    except to record its revocation."""

    __tablename__ = "electronic_consents"
    __table_args__ = (CheckConstraint("medium IN ('email', 'sms', 'portal')", name="known_medium"),)

    id: int | None = Field(default=None, primary_key=True)
    debtor_id: int = Field(foreign_key="debtors.id", index=True)
    medium: str = Field(max_length=8)
    # The address at the time of consent (an e-mail or a phone number; None for the portal).
    address: str | None = Field(default=None, max_length=254)
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    valid_until: date
    # The claims the debtor agreed about (case references): consent for one claim is not consent for a later one.
    case_references: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
