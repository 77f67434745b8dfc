"""Settlement offers: fixed when first shown, settled by paying the amount in time, never after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.cases.ledger import Booking, book
from portal.cases.models import Case, CaseEvent, LedgerEntry
from portal.cases.service import case_balance
from portal.clock import business_today
from portal.config import Settings
from portal.creditors.models import Creditor
from portal.plans.models import SettlementOffer
from portal.plans.settlement import offer_for, offer_terms
from tests import factories
from tests.cases.test_case_pages import sign_in

DAY = factories.TODAY


@pytest.mark.parametrize(
    ("balance", "bp", "pay", "discount"),
    [
        (10_000, 1_000, 9_000, 1_000),
        (10_001, 1_000, 9_000, 1_001),  # 1 000.1 cents off rounds up, in the debtor's favour
        (1, 1_000, 0, 1),
        (199_999, 2_500, 149_999, 50_000),
    ],
)
def test_offer_terms(balance: int, bp: int, pay: int, discount: int) -> None:
    assert offer_terms(balance, bp) == (pay, discount)
    assert pay + discount == balance


@pytest.mark.parametrize(("balance", "bp"), [(0, 1_000), (100, 0), (100, 10_000), (100, -5)])
def test_offer_terms_refuse_nonsense(balance: int, bp: int) -> None:
    with pytest.raises(ValueError):
        offer_terms(balance, bp)


def offering_case(db: Session, principal_minor: int = 10_000) -> tuple[Case, Creditor]:
    creditor = factories.creditor(db, settlement_discount_bp=1_000, settlement_valid_days=30)
    return factories.case(db, creditor_row=creditor, principal_minor=principal_minor), creditor


def pay(db: Session, case: Case, amount_minor: int, on: object) -> None:
    booking = Booking("payment", "bank_transfer", "bank", f"tx-{factories.next_number()}", amount_minor, on)  # type: ignore[arg-type]
    book(db, case, booking, now=factories.NOW, today=on, actor_kind="system")  # type: ignore[arg-type]


def test_paying_the_offer_in_time_writes_off_the_rest(db: Session) -> None:
    case, creditor = offering_case(db)
    view = offer_for(db, case, creditor, open_minor=10_000, today=DAY)
    assert view is not None and (view.offer.pay_minor, view.offer.valid_until) == (9_000, DAY + timedelta(days=30))
    pay(db, case, 4_000, DAY + timedelta(days=3))
    assert db.exec(select(SettlementOffer)).one().state == "open"
    pay(db, case, 5_000, DAY + timedelta(days=30))
    offer = db.exec(select(SettlementOffer)).one()
    assert offer.state == "taken" and offer.settled_on == DAY + timedelta(days=30)
    balance, _ = case_balance(db, case.id or 0)
    assert balance.open() == 0
    note = db.exec(select(LedgerEntry).where(LedgerEntry.kind == "credit_note")).one()
    assert (note.amount_minor, note.source) == (1_000, "settlement")
    assert db.exec(select(CaseEvent).where(CaseEvent.kind == "settled_with_discount")).one().data == {
        "amount_minor": 1_000
    }


def test_paying_after_the_last_day_settles_nothing_and_the_offer_lapses(db: Session) -> None:
    case, creditor = offering_case(db)
    offer_for(db, case, creditor, open_minor=10_000, today=DAY)
    pay(db, case, 9_000, DAY + timedelta(days=31))
    assert db.exec(select(SettlementOffer)).one().state == "open"
    assert db.exec(select(LedgerEntry).where(LedgerEntry.kind == "credit_note")).all() == []
    assert offer_for(db, case, creditor, open_minor=1_000, today=DAY + timedelta(days=31)) is None
    assert db.exec(select(SettlementOffer)).one().state == "expired"


def test_no_offer_on_a_disputed_case_or_from_a_creditor_without_one(db: Session) -> None:
    case, creditor = offering_case(db)
    case.is_disputed = True
    assert offer_for(db, case, creditor, open_minor=10_000, today=DAY) is None
    plain = factories.case(db)
    assert offer_for(db, plain, db.get(Creditor, plain.creditor_id), open_minor=10_000, today=DAY) is None  # type: ignore[arg-type]
    assert db.exec(select(SettlementOffer)).all() == []


def test_the_case_page_shows_the_offer_fixed_at_first_sight(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case, creditor = offering_case(db, principal_minor=25_000)
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}")
    valid_until = business_today() + timedelta(days=30)
    assert "Settle for less" in page.text and "€225.00 instead of €250.00" in page.text
    creditor.settlement_discount_bp = 5_000  # a later change of policy does not change an offer already made
    again = client.get(f"/cases/{case.reference}")
    assert "€225.00 instead of €250.00" in again.text
    offer = db.exec(select(SettlementOffer)).one()
    assert offer.valid_until == valid_until
