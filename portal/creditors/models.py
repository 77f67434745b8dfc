"""Creditors (the agency's clients) and their bank accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow


class Creditor(SQLModel, table=True):
    __tablename__ = "creditors"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    country: str = Field(max_length=2)
    registry_code: str = Field(max_length=32, unique=True)
    currency: str = Field(max_length=3)
    # How payment references are built for this creditor: ee_731, fi_viite, rf or ro_creditor.
    reference_scheme: str = Field(max_length=16)
    # What a company debtor types as the second factor: registry_code or invoice_number.
    company_second_factor: str = Field(default="registry_code", max_length=16)
    # The smallest part payment by card this creditor accepts, in minor units of its currency (creditor policy).
    min_part_payment_minor: int = Field(default=500)
    contact_phone: str = Field(max_length=40)
    contact_email: str = Field(max_length=200)
    website: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CreditorBankAccount(SQLModel, table=True):
    __tablename__ = "creditor_bank_accounts"
    __table_args__ = (UniqueConstraint("creditor_id", "iban"),)

    id: int | None = Field(default=None, primary_key=True)
    creditor_id: int = Field(foreign_key="creditors.id", index=True)
    iban: str = Field(max_length=34)
    bic: str = Field(max_length=11)
    bank_name: str = Field(max_length=100)
    currency: str = Field(max_length=3)
