"""Debtors: people and companies, with their contacts and preferred language."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from portal.db import UTCDateTime, utcnow


class Debtor(SQLModel, table=True):
    __tablename__ = "debtors"
    __table_args__ = (UniqueConstraint("id_country", "national_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=8)  # person | company
    name: str = Field(max_length=200)
    # Compact, validated national identifier: isikukood / henkilötunnus / CNP, or a registry code.
    national_id: str = Field(max_length=32)
    id_country: str = Field(max_length=2)
    birth_date: date | None = None
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)
    street: str | None = Field(default=None, max_length=200)
    postal_code: str | None = Field(default=None, max_length=16)
    city: str | None = Field(default=None, max_length=100)
    address_country: str | None = Field(default=None, max_length=2)
    preferred_language: str = Field(default="en", max_length=5)
    # How the debtor wants to hear from us: email | sms | letter. Demands still need consent where the law says so.
    preferred_channel: str = Field(default="letter", max_length=8, sa_column_kwargs={"server_default": "letter"})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def is_company(self) -> bool:
        return self.kind == "company"
