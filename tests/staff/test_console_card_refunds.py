"""The staff side of card payments against localstripe: refunds from the case page, and payments awaiting Stripe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import Session, col, select

from portal.audit.models import AuditRecord
from portal.cases.models import Allocation, Case, CaseEvent, ClaimLine, LedgerEntry
from portal.cases.service import case_balance
from portal.cases.wording import event_text
from portal.config import Settings
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import StripeGateway
from tests import factories
from tests.conftest import card_settings
from tests.localstripe import intent_event, signed
from tests.pages import post_form
from tests.payments.test_card_gateway_and_events import attempt_with_intent
from tests.staff.helpers import sign_in_staff, staff_user


@pytest.fixture
def settings(localstripe: str) -> Settings:
    return card_settings(localstripe)


@pytest.fixture
def gateway(settings: Settings) -> StripeGateway:
    return StripeGateway(settings)


def paid_case(client: TestClient, db: Session, gateway: StripeGateway, amount: int = 6_000) -> tuple[Case, LedgerEntry]:
    """A case with costs and principal, paid by card and booked through the webhook like Stripe would."""
    case = factories.case(db, principal_minor=10_000, opened_at=datetime.now(UTC) - timedelta(days=30))
    cost = ClaimLine(
        case_id=case.id, kind="collection_cost", description="Letter", due_on=factories.TODAY, amount_minor=4_000
    )  # type: ignore[arg-type]
    db.add(cost)
    db.flush()
    _attempt, intent = attempt_with_intent(db, gateway, case, amount)
    body, header = signed(intent_event(f"evt_{intent.id}", "payment_intent.succeeded", intent.id))
    assert client.post("/stripe/webhook", content=body, headers={"stripe-signature": header}).status_code == 200
    (entry,) = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all()
    return case, entry


def refund(client: TestClient, case: Case, entry: LedgerEntry, amount: str, **fields: str) -> Response:
    form = {"entry_id": str(entry.id), "amount": amount, "reason": "Paid twice", "sequence": "1", **fields}
    return post_form(client, f"/staff/cases/{case.reference}/refunds", form, form_page=f"/staff/cases/{case.reference}")


def refunds_of(db: Session, case: Case) -> list[LedgerEntry]:
    return list(db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id, LedgerEntry.kind == "refund")).all())


def allocations_of(db: Session, entry: LedgerEntry) -> list[tuple[int, int]]:
    rows = db.exec(select(Allocation).where(Allocation.ledger_entry_id == entry.id).order_by(col(Allocation.id))).all()
    return [(row.claim_line_id, row.amount_minor) for row in rows]


@pytest.fixture
def agent(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "agent"))


def test_a_partial_refund_reopens_the_last_paid_lines(
    client: TestClient, db: Session, gateway: StripeGateway, agent: None
) -> None:
    case, entry = paid_case(client, db, gateway)
    before, _ = case_balance(db, case.id)  # type: ignore[arg-type]
    page = client.get(f"/staff/cases/{case.reference}")
    assert f'name="entry_id" value="{entry.id}"' in page.text
    response = refund(client, case, entry, "25,00")
    assert response.status_code == 303, response.text[:2000]
    (booked,) = refunds_of(db, case)
    assert (booked.amount_minor, booked.source, booked.method) == (2_500, "stripe", "card")
    stripe_refund = gateway.client.v1.refunds.retrieve(booked.external_id)
    assert (stripe_refund.amount, stripe_refund.payment_intent) == (2_500, entry.external_id)
    paid = allocations_of(db, entry)  # the payment's own rows are never changed
    assert sum(amount for _line, amount in paid) == 6_000
    last_line, last_amount = paid[-1]
    expected = [(last_line, -min(last_amount, 2_500))]
    if last_amount < 2_500:
        expected.append((paid[-2][0], -(2_500 - last_amount)))
    assert allocations_of(db, booked) == expected
    after, _ = case_balance(db, case.id)  # type: ignore[arg-type]
    assert after.open() == before.open() + 2_500
    assert (after.received_minor, after.unallocated_minor) == (3_500, 0)
    (event,) = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "payment_refunded"))
    assert event.data["amount_minor"] == 2_500
    assert "25.00" in event_text(event, country=case.jurisdiction, currency=case.currency)
    (audit,) = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.case.refund")).all()
    assert audit.case_id == case.id


def test_more_than_is_left_is_refused_and_nothing_booked(
    client: TestClient, db: Session, gateway: StripeGateway, agent: None
) -> None:
    case, entry = paid_case(client, db, gateway)
    assert refund(client, case, entry, "40,00").status_code == 303
    response = refund(client, case, entry, "20,01", sequence="2")
    assert response.status_code == 400
    assert "You can refund at most €20.00 of this payment." in response.text
    assert [r.amount_minor for r in refunds_of(db, case)] == [4_000]
    assert refund(client, case, entry, "20,00", sequence="2").status_code == 303
    assert sorted(r.amount_minor for r in refunds_of(db, case)) == [2_000, 4_000]
    assert "This payment has been refunded in full." in client.get(f"/staff/cases/{case.reference}").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"reason": "  "}, "Please fill in this field."), ({"amount": "abc"}, "at most two decimals")],
)
def test_a_reason_and_an_amount_are_required(
    client: TestClient, db: Session, gateway: StripeGateway, agent: None, fields: dict[str, str], message: str
) -> None:
    case, entry = paid_case(client, db, gateway)
    response = refund(client, case, entry, fields.pop("amount", "10,00"), **fields)
    assert response.status_code == 400 and message in response.text
    assert refunds_of(db, case) == []


def test_a_double_click_refunds_once(client: TestClient, db: Session, gateway: StripeGateway, agent: None) -> None:
    case, entry = paid_case(client, db, gateway)
    assert refund(client, case, entry, "10,00").status_code == 303
    assert refund(client, case, entry, "10,00").status_code == 303  # the same form again: sequence 1 is done
    assert [r.amount_minor for r in refunds_of(db, case)] == [1_000]
    listed = gateway.client.v1.refunds.list(params={"payment_intent": entry.external_id, "limit": 100})
    assert len(listed.data) == 1


def test_a_gateway_failure_books_nothing(client: TestClient, db: Session, gateway: StripeGateway, agent: None) -> None:
    case, _entry = paid_case(client, db, gateway)
    ghost = LedgerEntry(
        case_id=case.id,  # type: ignore[arg-type]
        kind="payment",
        amount_minor=1_000,
        currency=case.currency,
        received_on=factories.TODAY,
        method="card",
        source="stripe",
        external_id="pi_stripe_never_heard_of",
    )
    db.add(ghost)
    db.flush()
    response = refund(client, case, ghost, "5,00")
    assert response.status_code == 400 and "Stripe did not make the refund" in response.text
    assert refunds_of(db, case) == []


@pytest.mark.parametrize("role", ["creditor", "admin"])
def test_creditor_users_and_admins_cannot_refund(
    client: TestClient, db: Session, gateway: StripeGateway, role: str
) -> None:
    case, entry = paid_case(client, db, gateway)
    sign_in_staff(client, staff_user(db, role, creditor_id=case.creditor_id if role == "creditor" else None))
    if role == "creditor":
        page = client.get(f"/staff/cases/{case.reference}")
        assert page.status_code == 200 and 'name="entry_id"' not in page.text
    form = {"entry_id": str(entry.id), "amount": "10,00", "reason": "x", "sequence": "1"}
    response = post_form(client, f"/staff/cases/{case.reference}/refunds", form, form_page="/staff/sign-in")
    assert response.status_code == 403
    assert refunds_of(db, case) == []


def test_checking_a_waiting_payment_books_it_once(
    client: TestClient, db: Session, gateway: StripeGateway, agent: None
) -> None:
    case = factories.case(db, principal_minor=10_000)
    attempt, intent = attempt_with_intent(db, gateway, case, 3_000)  # succeeded at Stripe, no webhook yet
    page = client.get("/staff/payments")
    assert page.status_code == 200 and case.reference in page.text and "Check with Stripe now" in page.text
    check = f"/staff/payments/{attempt.id}/check"
    first = post_form(client, check, {}, form_page="/staff/payments")
    assert first.status_code == 303 and first.headers["location"] == "/staff/payments?result=booked"
    second = post_form(client, check, {}, form_page="/staff/payments")
    assert second.headers["location"] == "/staff/payments?result=done"
    entries = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all()
    assert [(e.amount_minor, e.external_id) for e in entries] == [(3_000, intent.id)]
    assert attempt.state == "succeeded"
    listed = client.get("/staff/payments?result=booked")
    assert case.reference not in listed.text and "booked on the case" in listed.text


def test_creditor_users_see_only_their_own_waiting_payments(
    client: TestClient, db: Session, gateway: StripeGateway
) -> None:
    own, other = factories.case(db), factories.case(db)
    for case in (own, other):
        db.add(PaymentAttempt(case_id=case.id, amount_minor=1_000, currency=case.currency, state="processing"))  # type: ignore[arg-type]
    db.flush()
    sign_in_staff(client, staff_user(db, "creditor", creditor_id=own.creditor_id))
    page = client.get("/staff/payments")
    assert page.status_code == 200
    assert own.reference in page.text and other.reference not in page.text
    assert "Check with Stripe now" not in page.text
