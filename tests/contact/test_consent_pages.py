"""Consent to electronic payment demands (Finland): separate, unticked, named, time-limited and revocable."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent
from portal.cases.references import display
from portal.clock import business_today
from portal.config import Settings
from portal.contact.consent import add_months
from portal.contact.models import ElectronicConsent
from portal.contact.service import consents_of
from portal.db import utcnow
from portal.debtors.models import Debtor
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.pages import post_form


@pytest.fixture
def finnish_case(db: Session) -> Case:
    person = factories.debtor(
        db,
        id_country="FI",
        email="matti@example.fi",
        phone="+358401234567",
        street="Hämeentie 15",
        postal_code="00500",
        city="Helsinki",
        address_country="FI",
        preferred_language="fi",
    )
    creditor = factories.creditor(db, country="FI", reference_scheme="fi_viite", name="Revontuli Telecom Oy")
    return factories.case(db, creditor_row=creditor, debtor_row=person, stage="payment_demand")


def consents(db: Session, case: Case) -> list[ElectronicConsent]:
    return consents_of(db, case.debtor_id)


def give(client: TestClient, medium: str = "email", agree: bool = True) -> object:
    data = {"medium": medium, **({"agree": "yes"} if agree else {})}
    return post_form(client, "/details/consent", data, form_page="/details")


def test_the_statement_names_medium_collector_claims_address_and_end_date(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    sign_in(client, db, settings, finnish_case)
    page = client.get("/details").text
    section = page.split('id="consent"', 1)[1]
    until = add_months(business_today(), 12) - timedelta(days=1)
    assert "I agree to receive payment demands about my cases" in section
    assert settings.agency_name in section and "matti@example.fi" in section
    assert display(finnish_case.reference) in section and f"{until.year}" in section
    assert 'type="checkbox" id="consent-email" name="agree" value="yes">' in section, "never ticked in advance"
    assert "by text message to +358 40 1234567" in section
    assert "perintälaki 5 §" in section


def test_an_unticked_box_saves_nothing(client: TestClient, db: Session, settings: Settings, finnish_case: Case) -> None:
    sign_in(client, db, settings, finnish_case)
    response = give(client, agree=False)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "the box was not ticked" in response.text  # type: ignore[attr-defined]
    assert consents(db, finnish_case) == []


def test_give_then_withdraw(client: TestClient, db: Session, settings: Settings, finnish_case: Case) -> None:
    sign_in(client, db, settings, finnish_case)
    response = give(client)
    assert response.headers["location"] == "/details?consent=given#consent"  # type: ignore[attr-defined]
    (consent,) = consents(db, finnish_case)
    today = business_today()
    assert (consent.medium, consent.address, consent.revoked_at) == ("email", "matti@example.fi", None)
    assert consent.valid_until == add_months(today, 12) - timedelta(days=1)
    assert consent.case_references == [finnish_case.reference]
    (audit,) = db.exec(select(AuditRecord).where(AuditRecord.action == "contact.consent_given")).all()
    assert "I agree to receive payment demands" in audit.detail["statement"] and audit.detail["medium"] == "email"
    page = client.get("/details?consent=given").text
    assert "Your consent is saved" in page and "Withdraw my consent" in page
    assert 'id="consent-email"' not in page, "no second offer while the first consent holds"
    assert give(client).headers["location"].endswith("consent=given#consent")  # type: ignore[attr-defined]
    assert len(consents(db, finnish_case)) == 1, "a repeated click adds no second consent"

    withdrawn = post_form(client, "/details/consent/withdraw", {"medium": "email"}, form_page="/details")
    assert withdrawn.headers["location"] == "/details?consent=withdrawn#consent"
    db.refresh(consent)
    assert consent.revoked_at is not None
    kinds = [e.kind for e in db.exec(select(CaseEvent).where(CaseEvent.case_id == finnish_case.id)).all()]
    assert kinds.count("electronic_consent_given") == 1 and kinds.count("electronic_consent_ended") == 1
    timeline = client.get(f"/cases/{finnish_case.reference}").text
    assert "You agreed to get payment demands electronically (e-mail) until" in timeline
    assert "Your consent to get payment demands electronically (e-mail) ended." in timeline
    again = client.get("/details").text
    assert 'id="consent-email"' in again, "a new consent is possible, as a new row"
    give(client)
    assert len(consents(db, finnish_case)) == 2


def test_an_expired_consent_is_not_shown_as_valid(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    db.add(
        ElectronicConsent(
            debtor_id=finnish_case.debtor_id,
            medium="email",
            address="matti@example.fi",
            given_at=utcnow() - timedelta(days=400),
            valid_until=business_today() - timedelta(days=1),
            case_references=[finnish_case.reference],
        )
    )
    db.flush()
    sign_in(client, db, settings, finnish_case)
    page = client.get("/details").text
    assert "Withdraw my consent" not in page and 'id="consent-email"' in page


def test_changing_the_address_ends_the_consent_that_named_the_old_one(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    sign_in(client, db, settings, finnish_case)
    give(client)
    give(client, "sms")
    fields = {
        "email": "matti.uusi@example.fi",
        "phone": "040 123 4567",
        "street": "Hämeentie 15",
        "postal_code": "00500",
        "city": "Helsinki",
        "country": "FI",
        "language": "fi",
        "channel": "email",
    }
    response = post_form(client, "/details", fields, form_page="/details")
    assert response.headers["location"] == "/details?saved=consent_ended"
    by_medium = {consent.medium: consent for consent in consents(db, finnish_case)}
    assert by_medium["email"].revoked_at is not None, "the e-mail address changed"
    assert by_medium["sms"].revoked_at is None, "the phone number did not"


def test_no_finnish_case_no_consent(client: TestClient, db: Session, settings: Settings) -> None:
    person = factories.debtor(db, email="mari@example.ee")
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    assert 'id="consent"' not in client.get("/details").text
    response = give(client)
    assert response.status_code == 400 and "nothing to agree to" in response.text  # type: ignore[attr-defined]
    assert consents_of(db, person.id) == []  # type: ignore[arg-type]


def test_a_consent_names_only_the_claims_open_when_it_was_given(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    sign_in(client, db, settings, finnish_case)
    give(client)
    debtor = db.get(Debtor, finnish_case.debtor_id)
    creditor = factories.creditor(db, country="FI", reference_scheme="fi_viite")
    later = factories.case(db, creditor_row=creditor, debtor_row=debtor, stage="payment_demand")
    offer = client.get("/details").text.split('id="consent-email"', 1)[1].split("</label>", 1)[0]
    assert display(finnish_case.reference) in offer and display(later.reference) in offer, "a new consent names both"
    assert consents(db, finnish_case)[0].case_references == [finnish_case.reference]


def test_a_staff_correction_of_the_address_ends_the_consent_too(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    from tests.staff.helpers import sign_in_staff, staff_user

    sign_in(client, db, settings, finnish_case)
    give(client)
    client.cookies.clear()
    sign_in_staff(client, staff_user(db, "agent"))
    path = f"/staff/cases/{finnish_case.reference}/contact"
    fields = {"email": "m.virtanen@example.fi", "phone": "+358401234567", "street": "Hämeentie 15"}
    fields |= {"postal_code": "00500", "city": "Helsinki"}
    assert post_form(client, path, fields, form_page=path).status_code == 303
    (consent,) = consents(db, finnish_case)
    assert consent.revoked_at is not None
    (ended,) = db.exec(select(CaseEvent).where(CaseEvent.kind == "electronic_consent_ended")).all()
    assert ended.actor_kind == "staff" and ended.case_id == finnish_case.id


def test_a_landline_gets_no_text_message_consent(
    client: TestClient, db: Session, settings: Settings, finnish_case: Case
) -> None:
    debtor = db.get(Debtor, finnish_case.debtor_id)
    debtor.phone = "+358942001000"  # type: ignore[union-attr]
    db.flush()
    sign_in(client, db, settings, finnish_case)
    page = client.get("/details").text
    assert 'id="consent-email"' in page and 'id="consent-sms"' not in page
    assert give(client, "sms").status_code == 400  # type: ignore[attr-defined]
    assert consents(db, finnish_case) == []
