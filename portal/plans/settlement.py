"""Settlement offers: a creditor's discount for paying a whole case at once within a set time (as KRUK runs them).

The offer is fixed the first time the debtor is shown it (amount and last day), so it cannot change under them.
When payments received on the case from that day on reach the offered amount by the last day, the rest is written
off by a credit note and the case is paid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from portal.cases.models import Case, CaseEvent, LedgerEntry
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.plans.models import SettlementOffer

BP_PER_UNIT = 10_000
SOURCE = "settlement"


def offer_terms(balance_minor: int, discount_bp: int) -> tuple[int, int]:
    """(to pay, written off); the discount is rounded up to a whole cent, in the debtor's favour."""
    if balance_minor < 1 or not 0 < discount_bp < BP_PER_UNIT:
        raise ValueError("a settlement needs a positive balance and a discount between 0 and 100 %")
    discount = -(-balance_minor * discount_bp // BP_PER_UNIT)
    return balance_minor - discount, discount


def eligible(case: Case, creditor: Creditor, open_minor: int) -> bool:
    """Offered on open, undisputed cases outside a payment plan, when the creditor runs such offers."""
    if creditor.settlement_discount_bp <= 0 or open_minor <= 0:
        return False
    return not (case.is_closed or case.is_disputed or case.has_active_plan)


@dataclass(frozen=True)
class OfferView:
    offer: SettlementOffer
    paid_since_minor: int

    @property
    def still_to_pay_minor(self) -> int:
        return max(self.offer.pay_minor - self.paid_since_minor, 0)


def _paid_since(session: Session, case_id: int, since: date, until: date) -> int:
    total = session.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0)).where(
            LedgerEntry.case_id == case_id,
            col(LedgerEntry.kind).in_(("payment", "direct_payment")),
            LedgerEntry.received_on >= since,
            LedgerEntry.received_on <= until,
        )
    ).one()
    return int(total)


def offer_for(session: Session, case: Case, creditor: Creditor, *, open_minor: int, today: date) -> OfferView | None:
    """The open offer on this case, made now if the case qualifies and has never had one; None otherwise."""
    offer = session.exec(select(SettlementOffer).where(SettlementOffer.case_id == case.id)).first()
    if offer is None:
        if not eligible(case, creditor, open_minor):
            return None
        pay, discount = offer_terms(open_minor, creditor.settlement_discount_bp)
        offer = SettlementOffer(
            case_id=saved_id(case),
            discount_bp=creditor.settlement_discount_bp,
            balance_minor=open_minor,
            pay_minor=pay,
            discount_minor=discount,
            offered_on=today,
            valid_until=today + timedelta(days=creditor.settlement_valid_days),
        )
        session.add(offer)
        session.flush()
    if offer.state == "open" and today > offer.valid_until:
        offer.state = "expired"
        session.add(offer)
    if offer.state != "open" or case.is_disputed or case.has_active_plan or open_minor <= 0:
        return None
    return OfferView(offer, _paid_since(session, saved_id(case), offer.offered_on, offer.valid_until))


def settle_if_paid(session: Session, case: Case, *, today: date, now: datetime) -> SettlementOffer | None:
    """Called after money is booked on a case: when the offer's amount has arrived in time, write off the rest."""
    from portal.cases.ledger import Booking, book  # the ledger calls this after every payment it books
    from portal.cases.service import case_balance

    offer = session.exec(
        select(SettlementOffer).where(SettlementOffer.case_id == case.id, SettlementOffer.state == "open")
    ).first()
    if offer is None:
        return None
    paid = _paid_since(session, saved_id(case), offer.offered_on, offer.valid_until)
    if paid < offer.pay_minor:
        return None
    balance, _ = case_balance(session, saved_id(case))
    rest = balance.open()
    offer.state, offer.settled_on = "taken", today
    session.add(offer)
    if rest > 0:
        booking = Booking("credit_note", "credit_note", SOURCE, f"settlement-{offer.id}", rest, today)
        entry = book(session, case, booking, now=now, today=today, actor_kind="system")
        offer.ledger_entry_id = entry.id
    session.add(
        CaseEvent(
            case_id=saved_id(case),
            occurred_at=now,
            actor_kind="system",
            kind="settled_with_discount",
            data={"amount_minor": rest},
        )
    )
    session.flush()
    return offer
