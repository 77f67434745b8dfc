"""Support needs: telling us, the review work item, what the collection guard asks, and what staff see and end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseEvent
from portal.cases.service import CaseView
from portal.contact import wording as contact_wording
from portal.contact.consent import consent_valid
from portal.contact.models import ElectronicConsent
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_, gettext
from portal.rules import pack_for
from portal.rules.codes import STAGE_CODES
from portal.staff.actors import Actor, audit
from portal.support import wording
from portal.support.advice import CountryAdvice, advice_for
from portal.support.models import SupportNeed
from portal.support.needs import Telling, grace_days
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register

# A person looks within a day: while a need is open the engine makes no calls and waits longer.
SUPPORT_REVIEW = register(
    WorkType(
        "support_review",
        "review",
        N_("Look at what the debtor told us makes paying hard"),
        timedelta(days=1),
        priority=1,
    )
)


class NeedNotFound(LookupError):
    pass


def active_support_needs(session: Session, debtor_id: int) -> list[SupportNeed]:
    """The debtor's needs no one has marked as ended, oldest first."""
    return list(
        session.exec(
            select(SupportNeed)
            .where(SupportNeed.debtor_id == debtor_id, col(SupportNeed.ended_at).is_(None))
            .order_by(col(SupportNeed.told_at), col(SupportNeed.id))
        ).all()
    )


def is_vulnerable(session: Session, debtor_id: int) -> bool:
    """For the collection guard: no phone calls and longer waits while this is true."""
    found = session.exec(
        select(SupportNeed.id).where(SupportNeed.debtor_id == debtor_id, col(SupportNeed.ended_at).is_(None)).limit(1)
    ).first()
    return found is not None


def _open_cases(session: Session, debtor_id: int) -> list[Case]:
    return list(
        session.exec(
            select(Case)
            .where(Case.debtor_id == debtor_id, col(Case.closed_on).is_(None))
            .order_by(col(Case.opened_at), col(Case.id))
        ).all()
    )


@dataclass(frozen=True)
class SupportPage:
    needs: tuple[SupportNeed, ...]
    advice: tuple[CountryAdvice, ...]
    grace_days: int | None  # None: no open case, so no wait to lengthen


def support_page(session: Session, debtor_id: int, *, today: date) -> SupportPage:
    debtor = session.get(Debtor, debtor_id)
    cases = _open_cases(session, debtor_id)
    countries = list(dict.fromkeys(case.jurisdiction for case in cases))
    # Where they live may be a country of its own, and advice is local.
    if debtor is not None and debtor.address_country in STAGE_CODES and debtor.address_country not in countries:
        countries.append(debtor.address_country)
    return SupportPage(
        needs=tuple(active_support_needs(session, debtor_id)),
        advice=tuple(advice_for(pack_for(country), today) for country in countries),
        grace_days=grace_days([pack_for(case.jurisdiction) for case in cases], today),
    )


def tell(session: Session, debtor_id: int, telling: Telling, *, now: datetime, address: str) -> WorkItem:
    """One work item for the submission, one need per kind, an event on each open case without any details."""
    cases = _open_cases(session, debtor_id)
    item = create_item(
        session,
        kind=SUPPORT_REVIEW.code,
        case_id=saved_id(cases[0]) if cases else None,
        # Codes only, and never the note: the queue is read by more people than the case page.
        summary=", ".join(telling.kinds),
        now=now,
        data={"debtor_id": debtor_id, "kinds": list(telling.kinds), "cases": [case.reference for case in cases]},
    )
    for position, kind in enumerate(telling.kinds):
        # The note is kept once, on the first need of the submission: special-category data is not copied.
        note = telling.note if position == 0 else None
        session.add(SupportNeed(debtor_id=debtor_id, kind=kind, note=note, told_at=now, work_item_id=saved_id(item)))
    for case in cases:
        session.add(
            CaseEvent(case_id=saved_id(case), occurred_at=now, actor_kind="debtor", kind="support_need_told", data={})
        )
    record(
        session,
        "support.told",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        address=address,
        item_id=item.id,
        kinds=list(telling.kinds),
        has_note=telling.note is not None,
    )
    session.flush()
    return item


@dataclass(frozen=True)
class StaffSupport:
    """The console's view of a debtor's needs and preferences; kinds and notes only for agency case workers."""

    needs: tuple[SupportNeed, ...]
    consents: tuple[ElectronicConsent, ...]
    # Health and similar details (GDPR art. 9): creditor users see only that support was asked for.
    shows_details: bool

    def kind_label(self, kind: str) -> str:
        return gettext(wording.STAFF_KINDS.get(kind, wording.STAFF_KINDS["other"]))

    def channel_label(self, channel: str) -> str:
        return gettext(contact_wording.CHANNELS.get(channel, contact_wording.CHANNELS["letter"]))

    def consent_line(self, consent: ElectronicConsent) -> str:
        return contact_wording.consent_summary(
            consent.medium, consent.address, consent.case_references, consent.valid_until
        )


def staff_support(session: Session, actor: Actor, view: CaseView) -> StaffSupport:
    debtor_id = saved_id(view.debtor)
    consents = session.exec(
        select(ElectronicConsent)
        .where(ElectronicConsent.debtor_id == debtor_id, col(ElectronicConsent.revoked_at).is_(None))
        .order_by(col(ElectronicConsent.given_at))
    ).all()
    valid = tuple(consent for consent in consents if consent_valid(consent, view.today))
    return StaffSupport(tuple(active_support_needs(session, debtor_id)), valid, actor.can_act)


def end_need(session: Session, actor: Actor, view: CaseView, need_id: int, *, now: datetime) -> None:
    """Marks one need as ended; ending it again changes nothing. Raises NeedNotFound for another debtor's need."""
    need = session.exec(select(SupportNeed).where(SupportNeed.id == need_id).with_for_update()).first()
    if need is None or need.debtor_id != view.case.debtor_id:
        raise NeedNotFound(need_id)
    if need.ended_at is not None:
        return
    need.ended_at = now
    for case in _open_cases(session, need.debtor_id):
        session.add(
            CaseEvent(
                case_id=saved_id(case), occurred_at=now, actor_kind=actor.kind, kind="support_need_ended", data={}
            )
        )
    audit(session, actor, "staff.case.support_ended", view.case, need_id=need.id, kind=need.kind)
    session.flush()
