"""Card payments against localstripe with the real stripe SDK: the gateway, the webhook, reconciliation."""

from __future__ import annotations

import time
import urllib.request
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from portal.cases.models import Case, LedgerEntry
from portal.config import Settings
from portal.db import utcnow
from portal.payments.card_events import reconcile_payments
from portal.payments.models import ExternalEvent, PaymentAttempt
from portal.payments.stripe_gateway import CardDeclined, StripeGateway
from tests import factories
from tests.conftest import card_settings
from tests.localstripe import intent_event, signed

SUCCESS, THREE_DS, DECLINED = "4242424242424242", "4000000000003220", "4000000000000341"


@pytest.fixture
def settings(localstripe: str) -> Settings:
    return card_settings(localstripe)


@pytest.fixture
def gateway(settings: Settings) -> StripeGateway:
    return StripeGateway(settings)


def card(gateway: StripeGateway, number: str) -> str:
    method = gateway.client.v1.payment_methods.create(
        params={"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}
    )
    return str(method.id)


def attempt_with_intent(db: Session, gateway: StripeGateway, case: Case, amount: int, number: str = SUCCESS):
    attempt = PaymentAttempt(case_id=case.id, amount_minor=amount, currency=case.currency, state="processing")  # type: ignore[arg-type]
    db.add(attempt)
    db.flush()
    intent = gateway.create_intent(
        amount,
        case.currency,
        payment_method_id=card(gateway, number),
        metadata={"case_reference": case.reference, "attempt_id": str(attempt.id)},
        idempotency_key=f"pi:{attempt.id}",
    )
    attempt.provider_intent_id = intent.id
    db.flush()
    return attempt, intent


def entries(db: Session, case: Case) -> list[LedgerEntry]:
    return list(db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all())


def deliver(client: TestClient, event: dict, **sign: object) -> int:
    body, header = signed(event, **sign)  # type: ignore[arg-type]
    return client.post("/stripe/webhook", content=body, headers={"stripe-signature": header}).status_code


def test_a_card_payment_succeeds(gateway: StripeGateway) -> None:
    intent = gateway.create_intent(
        1234, "EUR", payment_method_id=card(gateway, SUCCESS), metadata={"attempt_id": "1"}, idempotency_key="pi:t1"
    )
    assert (intent.status, intent.amount, intent.currency) == ("succeeded", 1234, "EUR")
    assert gateway.retrieve(intent.id).metadata == {"attempt_id": "1"}


def test_three_d_secure_needs_action_then_succeeds(gateway: StripeGateway, settings: Settings) -> None:
    intent = gateway.create_intent(
        5000, "RON", payment_method_id=card(gateway, THREE_DS), metadata={}, idempotency_key="pi:t2"
    )
    assert intent.status == "requires_action"
    data = f"client_secret={intent.client_secret}&success=true&key={settings.stripe_publishable_key}".encode()
    url = f"{settings.stripe_api_base}/v1/payment_intents/{intent.id}/_authenticate"
    urllib.request.urlopen(url, data=data, timeout=5).close()  # noqa: S310
    assert gateway.retrieve(intent.id).status == "succeeded"


def test_a_declined_card_raises_card_declined(gateway: StripeGateway) -> None:
    with pytest.raises(CardDeclined) as declined:
        gateway.create_intent(
            700, "EUR", payment_method_id=card(gateway, DECLINED), metadata={}, idempotency_key="pi:t3"
        )
    assert declined.value.reason_code == "card_declined"


def test_a_duplicate_delivery_books_once(client: TestClient, db: Session, gateway: StripeGateway) -> None:
    case = factories.case(db, principal_minor=10_000)
    attempt, intent = attempt_with_intent(db, gateway, case, 2_500)
    event = intent_event("evt_dup_1", "payment_intent.succeeded", intent.id)
    assert deliver(client, event) == 200
    assert deliver(client, event) == 200
    booked = entries(db, case)
    assert [(e.amount_minor, e.method, e.source, e.external_id) for e in booked] == [
        (2_500, "card", "stripe", intent.id)
    ]
    assert attempt.state == "succeeded"
    assert len(db.exec(select(ExternalEvent).where(ExternalEvent.external_id == "evt_dup_1")).all()) == 1


def test_a_second_event_for_the_same_intent_books_nothing_more(
    client: TestClient, db: Session, gateway: StripeGateway
) -> None:
    case = factories.case(db)
    _, intent = attempt_with_intent(db, gateway, case, 1_000)
    assert deliver(client, intent_event("evt_a", "payment_intent.succeeded", intent.id)) == 200
    assert deliver(client, intent_event("evt_b", "payment_intent.succeeded", intent.id)) == 200
    assert len(entries(db, case)) == 1


def test_a_late_failure_does_not_undo_a_success(client: TestClient, db: Session, gateway: StripeGateway) -> None:
    case = factories.case(db)
    attempt, intent = attempt_with_intent(db, gateway, case, 1_500)
    assert deliver(client, intent_event("evt_ok", "payment_intent.succeeded", intent.id)) == 200
    assert deliver(client, intent_event("evt_late_fail", "payment_intent.payment_failed", intent.id)) == 200
    assert attempt.state == "succeeded"
    assert len(entries(db, case)) == 1


def test_a_failed_intent_marks_the_attempt_failed(
    client: TestClient, db: Session, gateway: StripeGateway, settings: Settings
) -> None:
    case = factories.case(db)
    attempt, intent = attempt_with_intent(db, gateway, case, 1_500, THREE_DS)
    urllib.request.urlopen(  # noqa: S310
        f"{settings.stripe_api_base}/v1/payment_intents/{intent.id}/_authenticate",
        data=f"client_secret={intent.client_secret}&success=false&key=pk_test_accord".encode(),
        timeout=5,
    ).close()
    assert deliver(client, intent_event("evt_fail", "payment_intent.payment_failed", intent.id)) == 200
    assert attempt.state == "failed" and entries(db, case) == []


@pytest.mark.parametrize(
    "sign",
    [
        {"at": int(time.time()) - 301},  # stale: outside Stripe's five-minute window
        {"secret": "whsec_forged"},
    ],
    ids=["stale", "forged"],
)
def test_bad_signatures_are_refused_and_write_nothing(
    client: TestClient, db: Session, gateway: StripeGateway, sign: dict
) -> None:
    case = factories.case(db)
    attempt, intent = attempt_with_intent(db, gateway, case, 1_000)
    event = intent_event(f"evt_bad_{sign}", "payment_intent.succeeded", intent.id)
    assert deliver(client, event, **sign) == 400
    assert client.post("/stripe/webhook", content=b"{}").status_code == 400  # no signature at all
    assert entries(db, case) == [] and attempt.state == "processing"
    assert db.exec(select(ExternalEvent).where(ExternalEvent.external_id == event["id"])).first() is None


def test_an_unknown_intent_is_stored_and_books_nothing(client: TestClient, db: Session) -> None:
    before = len(db.exec(select(LedgerEntry)).all())
    assert deliver(client, intent_event("evt_unknown", "payment_intent.succeeded", "pi_doesnotexist")) == 200
    stored = db.exec(select(ExternalEvent).where(ExternalEvent.external_id == "evt_unknown")).one()
    assert stored.handled_at is not None
    assert len(db.exec(select(LedgerEntry)).all()) == before


def test_the_payload_cannot_move_money_to_another_case(client: TestClient, db: Session, gateway: StripeGateway) -> None:
    mine, other = factories.case(db), factories.case(db)
    other_attempt = PaymentAttempt(case_id=other.id, amount_minor=900, currency="EUR")  # type: ignore[arg-type]
    db.add(other_attempt)
    db.flush()
    _, intent = attempt_with_intent(db, gateway, mine, 900)
    event = intent_event(
        "evt_other",
        "payment_intent.succeeded",
        intent.id,
        case_reference=other.reference,
        attempt_id=str(other_attempt.id),
    )
    assert deliver(client, event) == 200
    assert [e.amount_minor for e in entries(db, mine)] == [900]
    assert entries(db, other) == [] and other_attempt.state == "created"


def test_reconciliation_completes_a_crashed_payment_exactly_once(
    client: TestClient, db: Session, gateway: StripeGateway
) -> None:
    case = factories.case(db, principal_minor=20_000)
    # Stripe took the money, then the process died before the webhook: the attempt is left "processing".
    attempt, intent = attempt_with_intent(db, gateway, case, 4_000)
    assert entries(db, case) == []
    now = utcnow()
    assert reconcile_payments(db, gateway, now, today=now.date()) == 0, "younger than a minute: left to the webhook"
    later = now + timedelta(minutes=2)
    assert reconcile_payments(db, gateway, later, today=later.date()) == 1
    assert reconcile_payments(db, gateway, later + timedelta(minutes=5), today=later.date()) == 0
    assert deliver(client, intent_event("evt_after_reconcile", "payment_intent.succeeded", intent.id)) == 200
    assert [e.amount_minor for e in entries(db, case)] == [4_000]
    assert attempt.state == "succeeded"
    assert len(db.exec(select(LedgerEntry).where(col(LedgerEntry.external_id) == intent.id)).all()) == 1
