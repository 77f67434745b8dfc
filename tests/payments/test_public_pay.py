"""Paying by case number without signing in: no personal data, no balance, only the browser that started it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.cases.models import LedgerEntry
from portal.config import Settings
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import StripeGateway
from tests import factories
from tests.conftest import card_settings
from tests.pages import post_form
from tests.payments.test_card_gateway_and_events import card


def test_without_stripe_there_is_no_public_payment(client: TestClient) -> None:
    assert client.get("/pay").status_code == 404
    assert "/pay" not in client.get("/").text


class TestPayByCaseNumber:
    @pytest.fixture
    def settings(self, localstripe: str) -> Settings:
        return card_settings(localstripe)

    def test_a_payment_by_case_number_shows_nothing_personal(
        self, client: TestClient, db: Session, settings: Settings
    ) -> None:
        person = factories.debtor(db, name="Kadri Salajane")
        case = factories.case(db, debtor_row=person, principal_minor=77_777)
        assert 'href="/pay"' in client.get("/").text
        answer = post_form(
            client, "/pay", {"case_number": case.reference[:2] + "-" + case.reference[2:], "amount": "20"}
        )
        assert answer.status_code == 303
        page = client.get(answer.headers["location"])
        assert page.status_code == 200 and 'src="/static/pay.js"' in page.text
        for secret in ("Kadri", "Salajane", "777,77", "777.77", case.creditor_reference):
            assert secret not in page.text
        attempt = db.exec(select(PaymentAttempt).where(PaymentAttempt.case_id == case.id)).one()
        assert attempt.amount_minor == 2_000
        paid = post_form(
            client, answer.headers["location"], {"payment_method_id": card(StripeGateway(settings), "4242424242424242")}
        )
        assert paid.status_code == 303 and "confirming it" in client.get(answer.headers["location"]).text
        assert db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).first() is None, (
            "only Stripe's confirmation books"
        )

    def test_another_browser_cannot_open_the_card_page(
        self, client: TestClient, db: Session, settings: Settings, app: object
    ) -> None:
        case = factories.case(db)
        answer = post_form(client, "/pay", {"case_number": case.reference, "amount": "10"})
        location = answer.headers["location"]
        with TestClient(app, base_url="https://testserver") as stranger:  # type: ignore[arg-type]
            assert stranger.get(location).status_code == 404
        attempt_id = location.split("/")[2]
        assert client.get(f"/pay/{attempt_id}/{'0' * 32}").status_code == 404

    @pytest.mark.parametrize("amount", ["4,99", "100,01", "-5", "x"])
    def test_amounts_out_of_range_get_one_answer_that_reveals_no_balance(
        self, client: TestClient, db: Session, settings: Settings, amount: str
    ) -> None:
        case = factories.case(db, principal_minor=10_000)
        answer = post_form(client, "/pay", {"case_number": case.reference, "amount": amount})
        assert answer.status_code == 400
        assert "100,00" not in answer.text and "100.00" not in answer.text
        assert db.exec(select(PaymentAttempt)).first() is None

    def test_guessing_case_numbers_is_limited(self, client: TestClient, db: Session, settings: Settings) -> None:
        statuses = [
            post_form(client, "/pay", {"case_number": f"EE9{n:07d}", "amount": "10"}).status_code for n in range(11)
        ]
        assert statuses[:10] == [400] * 10 and statuses[10] == 429
