"""The debtor's card pages: the amount form, the card page, what is shown before Stripe confirms."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.cases.models import LedgerEntry
from portal.config import Settings
from portal.payments.cards import parse_card_amount
from portal.payments.models import PaymentAttempt
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.conftest import card_settings
from tests.pages import post_form


@pytest.mark.parametrize(
    ("choice", "typed", "expected"),
    [
        ("full", "", (10_000, None)),
        ("part", "12,50", (1_250, None)),
        ("part", "5", (500, None)),
        ("part", "4,99", (None, "too_little")),
        ("part", "100,01", (None, "too_much")),
        ("part", "", (None, "missing")),
        ("part", "abc", (None, "not_amount")),
        ("", "10", (None, "choose")),
    ],
)
def test_card_amount_rules(choice: str, typed: str, expected: tuple[int | None, str | None]) -> None:
    assert parse_card_amount(choice, typed, open_minor=10_000) == expected


def test_a_balance_below_the_minimum_can_still_be_paid_in_full() -> None:
    assert parse_card_amount("part", "3,00", open_minor=300) == (300, None)
    assert parse_card_amount("full", "", open_minor=0) == (None, "nothing_to_pay")


def test_without_stripe_the_case_page_offers_only_the_bank_transfer(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = factories.case(db)
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}")
    assert "Card payments are not available at the moment." in page.text
    assert (
        "Continue to card payment" not in page.text and "js.stripe.com" not in page.headers["content-security-policy"]
    )
    assert post_form(client, f"/cases/{case.reference}/card", {"choice": "full"}, form_page="/cases").status_code == 404
    assert client.post("/stripe/webhook", content=b"{}").status_code == 404


class TestWithLocalstripe:
    @pytest.fixture
    def settings(self, localstripe: str) -> Settings:
        return card_settings(localstripe)

    @pytest.mark.parametrize(("currency", "country"), [("EUR", "EE"), ("RON", "RO")])
    def test_a_part_payment_makes_an_attempt_and_the_card_page(
        self, client: TestClient, db: Session, settings: Settings, currency: str, country: str
    ) -> None:
        creditor = factories.creditor(db, country=country, currency=currency)
        stage = "amicable" if country == "RO" else "pre_collection"
        case = factories.case(db, creditor_row=creditor, principal_minor=10_000, stage=stage)
        sign_in(client, db, settings, case)
        page = client.get(f"/cases/{case.reference}")
        assert "Continue to card payment" in page.text
        assert settings.stripe_api_base in page.headers["content-security-policy"]
        answer = post_form(
            client,
            f"/cases/{case.reference}/card",
            {"choice": "part", "amount": "25"},
            form_page=f"/cases/{case.reference}",
        )
        assert answer.status_code == 303
        attempt = db.exec(select(PaymentAttempt).where(PaymentAttempt.case_id == case.id)).one()
        assert (attempt.amount_minor, attempt.currency, attempt.state) == (2_500, currency, "created")
        card_page = client.get(answer.headers["location"])
        assert 'src="/static/pay.js"' in card_page.text and "<script>" not in card_page.text
        assert f"{settings.stripe_api_base}/js.stripe.com/v3/" in card_page.text

    @pytest.mark.parametrize(("typed", "message"), [("4,99", "at least"), ("100,01", "at most"), ("x", "in numbers")])
    def test_a_bad_part_is_refused_with_a_sentence(
        self, client: TestClient, db: Session, settings: Settings, typed: str, message: str
    ) -> None:
        case = factories.case(db, principal_minor=10_000)
        sign_in(client, db, settings, case)
        answer = post_form(
            client,
            f"/cases/{case.reference}/card",
            {"choice": "part", "amount": typed},
            form_page=f"/cases/{case.reference}",
        )
        assert answer.status_code == 400 and message in answer.text
        assert db.exec(select(PaymentAttempt).where(PaymentAttempt.case_id == case.id)).first() is None

    def test_paying_says_being_confirmed_and_books_nothing_yet(
        self, client: TestClient, db: Session, settings: Settings
    ) -> None:
        from portal.payments.stripe_gateway import StripeGateway
        from tests.payments.test_card_gateway_and_events import card

        case = factories.case(db, principal_minor=10_000)
        sign_in(client, db, settings, case)
        answer = post_form(
            client, f"/cases/{case.reference}/card", {"choice": "full"}, form_page=f"/cases/{case.reference}"
        )
        card_page = answer.headers["location"]
        method = card(StripeGateway(settings), "4242424242424242")
        paid = post_form(client, card_page, {"payment_method_id": method})
        assert paid.status_code == 303
        assert "We have received your payment and are confirming it" in client.get(card_page).text
        assert db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).first() is None
        declined = post_form(
            client, f"/cases/{case.reference}/card", {"choice": "full"}, form_page=f"/cases/{case.reference}"
        )
        method = card(StripeGateway(settings), "4000000000000341")
        post_form(client, declined.headers["location"], {"payment_method_id": method})
        assert "Your card was declined." in client.get(declined.headers["location"]).text

    def test_another_debtors_attempt_is_404(self, client: TestClient, db: Session, settings: Settings) -> None:
        mine, theirs = factories.case(db), factories.case(db)
        attempt = PaymentAttempt(case_id=theirs.id, amount_minor=500, currency="EUR")  # type: ignore[arg-type]
        db.add(attempt)
        db.flush()
        sign_in(client, db, settings, mine)
        assert client.get(f"/cases/{mine.reference}/card/{attempt.id}").status_code == 404
        assert client.get(f"/cases/{theirs.reference}/card/{attempt.id}").status_code == 404


def test_the_creditors_minimum_part_payment_applies() -> None:
    assert parse_card_amount("part", "10,00", open_minor=50_000, minimum_minor=2_000) == (None, "too_little")
    assert parse_card_amount("part", "20,00", open_minor=50_000, minimum_minor=2_000) == (2_000, None)
    assert parse_card_amount("part", "10,00", open_minor=1_000, minimum_minor=2_000) == (1_000, None), "the whole rest"


class TestCreditorPolicy:
    @pytest.fixture
    def settings(self, localstripe: str) -> Settings:
        return card_settings(localstripe)

    def test_the_page_states_and_enforces_the_creditors_minimum(
        self, client: TestClient, db: Session, settings: Settings
    ) -> None:
        creditor = factories.creditor(db, min_part_payment_minor=2_000)
        case = factories.case(db, creditor_row=creditor, principal_minor=50_000)
        sign_in(client, db, settings, case)
        assert "€20.00" in client.get(f"/cases/{case.reference}").text
        answer = post_form(
            client,
            f"/cases/{case.reference}/card",
            {"choice": "part", "amount": "10"},
            form_page=f"/cases/{case.reference}",
        )
        assert answer.status_code == 400 and "at least €20.00" in answer.text
