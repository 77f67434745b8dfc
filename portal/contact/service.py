"""The debtor's own contact details and electronic consent: loading the page, saving changes, giving and revoking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseEvent
from portal.contact import consent as rules
from portal.contact import wording
from portal.contact.consent import ConsentOffer
from portal.contact.details import Details, is_mobile, parse_details, same_phone
from portal.contact.models import ElectronicConsent
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import current_language
from portal.rules import pack_for

# Debtor column → the part of the details the timeline names (never the value).
PARTS = {
    "email": "email",
    "phone": "phone",
    "street": "address",
    "postal_code": "address",
    "city": "address",
    "address_country": "address",
    "preferred_language": "language",
    "preferred_channel": "channel",
}
PART_ORDER = ("email", "phone", "address", "language", "channel")
# Which detail each electronic medium is sent to.
ADDRESS_OF = {"email": "email", "sms": "phone"}


class Saved(StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CONSENT_ENDED = "consent_ended"  # saved; a consent named the old address, so it ended


class DetailsRefused(ValueError):
    """Nothing was written; `errors` maps a form field to a reason code (see `portal.contact.wording`)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{field}={code}" for field, code in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class DetailsPage:
    debtor: Debtor
    consents: tuple[ElectronicConsent, ...]  # valid today
    offers: tuple[ConsentOffer, ...]
    # The law asking for consent (e.g. "perintälaki 5 §"); None: none of the debtor's cases needs consent.
    consent_basis: str | None


def _debtor(session: Session, debtor_id: int) -> Debtor:
    debtor = session.get(Debtor, debtor_id)
    if debtor is None:
        raise LookupError(f"no debtor {debtor_id}")
    return debtor


def _cases(session: Session, debtor_id: int, *, open_only: bool = False) -> Sequence[Case]:
    query = select(Case).where(Case.debtor_id == debtor_id).order_by(col(Case.reference))
    if open_only:
        query = query.where(col(Case.closed_on).is_(None))
    return session.exec(query).all()


def _consent_cases(session: Session, debtor_id: int, today: date) -> list[Case]:
    """The debtor's open cases where demands may go electronically only with consent (today: Finland's)."""
    return [
        case
        for case in _cases(session, debtor_id, open_only=True)
        if rules.requires_consent(pack_for(case.jurisdiction), today)
    ]


def _valid_consents(session: Session, debtor_id: int, today: date) -> list[ElectronicConsent]:
    rows = session.exec(
        select(ElectronicConsent)
        .where(ElectronicConsent.debtor_id == debtor_id, col(ElectronicConsent.revoked_at).is_(None))
        .order_by(col(ElectronicConsent.given_at))
    ).all()
    return [row for row in rows if rules.consent_valid(row, today)]


def consents_of(session: Session, debtor_id: int) -> list[ElectronicConsent]:
    """Every consent the debtor ever gave, for the collection engine's `may_send_demand_electronically`."""
    return list(session.exec(select(ElectronicConsent).where(ElectronicConsent.debtor_id == debtor_id)).all())


def _offers(debtor: Debtor, cases: list[Case], valid: list[ElectronicConsent], today: date) -> list[ConsentOffer]:
    if not cases:
        return []
    references = tuple(case.reference for case in cases)
    # One consent for all the claims: valid as long as the strictest of their countries allows.
    until = min(rules.consent_valid_until(pack_for(case.jurisdiction), today) for case in cases)
    offers = []
    for medium, column in ADDRESS_OF.items():
        address = getattr(debtor, column)
        if medium == "sms" and not is_mobile(address):
            continue  # a landline gets no text messages, so there is nothing to agree to
        covered = any(c.medium == medium and set(references) <= set(c.case_references) for c in valid)
        if address and not covered:
            offers.append(ConsentOffer(medium, address, references, until))
    return offers


def details_page(session: Session, debtor_id: int, *, today: date) -> DetailsPage:
    debtor = _debtor(session, debtor_id)
    cases = _consent_cases(session, debtor_id, today)
    valid = _valid_consents(session, debtor_id, today)
    basis = None
    if cases:
        basis = pack_for(cases[0].jurisdiction).figure(rules.CONSENT_FIGURE, today).citation or ""
    return DetailsPage(debtor, tuple(valid), tuple(_offers(debtor, cases, valid, today)), basis)


def _event(
    session: Session, case_id: int, kind: str, now: datetime, data: dict[str, Any], actor_kind: str = "debtor"
) -> None:
    session.add(CaseEvent(case_id=case_id, occurred_at=now, actor_kind=actor_kind, kind=kind, data=data))


def _end_consents(
    session: Session, debtor: Debtor, now: datetime, *, medium: str | None = None, actor_kind: str = "debtor"
) -> list[str]:
    """Revokes the debtor's unrevoked consents of `medium` (every medium whose address changed when None)."""
    rows = session.exec(
        select(ElectronicConsent)
        .where(ElectronicConsent.debtor_id == debtor.id, col(ElectronicConsent.revoked_at).is_(None))
        .with_for_update()
    ).all()
    ended = []
    for row in rows:
        column = ADDRESS_OF.get(row.medium)
        moved = column is not None and getattr(debtor, column) != row.address
        if row.medium == medium or (medium is None and moved):
            row.revoked_at = now
            ended.append(row)
    by_reference = {case.reference: saved_id(case) for case in _cases(session, saved_id(debtor))}
    for row in ended:
        for reference in row.case_references:
            if reference in by_reference:
                data = {"medium": row.medium}
                _event(session, by_reference[reference], "electronic_consent_ended", now, data, actor_kind)
    return [row.medium for row in ended]


def end_moved_consents(session: Session, debtor: Debtor, now: datetime, *, actor_kind: str) -> list[str]:
    """After someone else (staff) changed an address: a consent names the address it was given for, so it ends."""
    return _end_consents(session, debtor, now, actor_kind=actor_kind)


def _changes(debtor: Debtor, details: Details) -> dict[str, tuple[object, object]]:
    new = {
        "email": details.email,
        "phone": details.phone,
        "street": details.street,
        "postal_code": details.postal_code,
        "city": details.city,
        "address_country": details.country,
        "preferred_language": details.language,
        "preferred_channel": details.channel,
    }
    region = debtor.address_country or debtor.id_country
    return {
        name: (getattr(debtor, name), value)
        for name, value in new.items()
        if getattr(debtor, name) != value and not (name == "phone" and same_phone(debtor.phone, details.phone, region))
    }


def save_details(session: Session, debtor_id: int, fields: dict[str, str], *, now: datetime, address: str) -> Saved:
    """Validates the whole form first; then one event per case naming the changed parts, one audit with old/new."""
    debtor = _debtor(session, debtor_id)
    details, errors = parse_details(fields, region=debtor.address_country or debtor.id_country)
    if details is None:
        raise DetailsRefused(errors)
    changes = _changes(debtor, details)
    if not changes:
        return Saved.UNCHANGED
    for name, (_old, value) in changes.items():
        setattr(debtor, name, value)
    parts = [part for part in PART_ORDER if part in {PARTS[name] for name in changes}]
    for case in _cases(session, debtor_id):
        _event(session, saved_id(case), "contact_details_changed", now, {"fields": parts})
    ended = _end_consents(session, debtor, now)
    record(
        session,
        "contact.details_changed",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        address=address,
        old={name: old for name, (old, _new) in changes.items()},
        new={name: new for name, (_old, new) in changes.items()},
        consents_ended=ended,
    )
    session.flush()
    return Saved.CONSENT_ENDED if ended else Saved.CHANGED


class ConsentRefused(ValueError):
    """`reason`: not_ticked, nothing_to_agree (no claim needs it, or no address for the medium)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def give_consent(
    session: Session,
    debtor_id: int,
    medium: str,
    *,
    ticked: bool,
    agency: str,
    today: date,
    now: datetime,
    address: str,
) -> ElectronicConsent | None:
    """A new consent row naming today's claims; None when an identical valid one exists (a repeated click).

    The audit record keeps the sentence the debtor agreed to, in the language they read it in.
    """
    if not ticked:
        raise ConsentRefused("not_ticked")
    # Two clicks at once wait for each other here (PostgreSQL), so the second one finds the first consent.
    session.exec(select(Debtor.id).where(Debtor.id == debtor_id).with_for_update()).one()
    page = details_page(session, debtor_id, today=today)
    offer = next((offer for offer in page.offers if offer.medium == medium), None)
    if offer is None:
        if any(consent.medium == medium for consent in page.consents):
            return None
        raise ConsentRefused("nothing_to_agree")
    row = ElectronicConsent(
        debtor_id=debtor_id,
        medium=medium,
        address=offer.address,
        given_at=now,
        valid_until=offer.valid_until,
        case_references=list(offer.references),
    )
    session.add(row)
    session.flush()
    by_reference = {case.reference: saved_id(case) for case in _cases(session, debtor_id)}
    for reference in offer.references:
        data = {"medium": medium, "valid_until": offer.valid_until.isoformat()}
        _event(session, by_reference[reference], "electronic_consent_given", now, data)
    record(
        session,
        "contact.consent_given",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        address=address,
        consent_id=row.id,
        medium=medium,
        to=offer.address,
        valid_until=offer.valid_until.isoformat(),
        cases=list(offer.references),
        language=current_language(),
        statement=wording.consent_statement(offer, agency),
    )
    return row


def revoke_consent(session: Session, debtor_id: int, medium: str, *, now: datetime, address: str) -> list[str]:
    """Ends every unrevoked consent of that medium at once; revoking twice changes nothing the second time."""
    debtor = _debtor(session, debtor_id)
    ended = _end_consents(session, debtor, now, medium=medium)
    if ended:
        record(
            session,
            "contact.consent_revoked",
            actor_kind="debtor",
            actor_id=debtor_id,
            debtor_id=debtor_id,
            address=address,
            medium=medium,
        )
    session.flush()
    return ended
