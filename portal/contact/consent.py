"""Whether a payment demand may go out electronically (pure): Finland asks for separate, time-limited consent.

Perintälaki 5 § (299/2022): a demand is written on paper unless the debtor separately agreed to another durable
medium, naming the medium, the collector, the claims, the date and how long it is valid (at most 12 months), and
revocable at any time. The packs say where this applies: a pack with `electronic_consent_max_months` requires it.
The collection engine calls `may_send_demand_electronically` before every electronic demand.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from portal.rules.pack import RulePack

CONSENT_FIGURE = "electronic_consent_max_months"
ELECTRONIC_MEDIA = ("email", "sms", "portal")


class Consent(Protocol):
    """What the decision reads of a consent (an `ElectronicConsent` row, or anything shaped like one)."""

    @property
    def medium(self) -> str: ...
    @property
    def valid_until(self) -> date: ...
    @property
    def revoked_at(self) -> datetime | None: ...
    @property
    def case_references(self) -> list[str]: ...


class Reason(StrEnum):
    NOT_REQUIRED = "not_required"  # allowed: this country's law asks for no consent
    CONSENT_VALID = "consent_valid"  # allowed
    WRITTEN = "written"  # allowed: a letter on paper is the form the law expects
    NO_CONSENT = "no_consent"  # refused: never agreed for this medium
    NOT_FOR_THIS_CLAIM = "not_for_this_claim"  # refused: consent names other claims only
    CONSENT_EXPIRED = "consent_expired"  # refused
    CONSENT_REVOKED = "consent_revoked"  # refused


@dataclass(frozen=True)
class ConsentOffer:
    """What a debtor may agree to: demands about these claims, by this medium to this address, until that day."""

    medium: str
    address: str
    references: tuple[str, ...]
    valid_until: date


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Reason


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day when that month is shorter (31 Jan + 1 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def requires_consent(pack: RulePack, today: date) -> bool:
    if not pack.has(CONSENT_FIGURE):
        return False
    return any(version.in_force_on(today) for version in pack.history(CONSENT_FIGURE))


def consent_valid_until(pack: RulePack, given_on: date) -> date:
    """The last day a consent given on `given_on` counts: the pack's maximum in months, the day before included."""
    months = pack.figure(CONSENT_FIGURE, given_on).number
    return add_months(given_on, months) - timedelta(days=1)


def consent_valid(consent: Consent, today: date) -> bool:
    """Not revoked (a revocation counts at once, whatever the hour) and not past its last valid day."""
    return consent.revoked_at is None and today <= consent.valid_until


def covers(consent: Consent, case_reference: str) -> bool:
    return case_reference in consent.case_references


def may_send_demand_electronically(
    pack: RulePack, consents: Iterable[Consent], medium: str, today: date, *, case_reference: str
) -> Decision:
    """May a payment demand about `case_reference` go by `medium` today? Consent must name the claim too."""
    if medium == "letter":
        return Decision(True, Reason.WRITTEN)
    if medium not in ELECTRONIC_MEDIA:
        raise ValueError(f"unknown medium {medium!r}")
    if not requires_consent(pack, today):
        return Decision(True, Reason.NOT_REQUIRED)
    same_medium: Sequence[Consent] = [consent for consent in consents if consent.medium == medium]
    if any(consent_valid(consent, today) and covers(consent, case_reference) for consent in same_medium):
        return Decision(True, Reason.CONSENT_VALID)
    for_claim = [consent for consent in same_medium if covers(consent, case_reference)]
    if not same_medium:
        return Decision(False, Reason.NO_CONSENT)
    if not for_claim:
        return Decision(False, Reason.NOT_FOR_THIS_CLAIM)
    if any(consent.revoked_at is None for consent in for_claim):
        return Decision(False, Reason.CONSENT_EXPIRED)
    return Decision(False, Reason.CONSENT_REVOKED)
