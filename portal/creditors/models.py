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
    # Payment-plan policy (creditor policy, not law): the rules shown up front and applied by portal.plans.
    plan_min_instalment_minor: int = Field(default=2000, sa_column_kwargs={"server_default": "2000"})
    plan_max_months: int = Field(default=24, sa_column_kwargs={"server_default": "24"})
    # Longer plans than this (up to plan_max_months) are decided by a person.
    plan_max_auto_months: int = Field(default=12, sa_column_kwargs={"server_default": "12"})
    plan_first_payment_within_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    plan_grace_days: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    # How many instalments may be missed (after grace) at once before a plan breaks.
    plan_missed_tolerance: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    plan_max_moves: int = Field(default=2, sa_column_kwargs={"server_default": "2"})
    plan_move_max_days: int = Field(default=14, sa_column_kwargs={"server_default": "14"})
    # A discount for paying a whole case at once (basis points; 0: no offer) and how long it stays open.
    settlement_discount_bp: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    settlement_valid_days: int = Field(default=30, sa_column_kwargs={"server_default": "30"})
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
