"""The debtor's "Your contact details" page: saving, nothing changed, bad input, and nobody else's details."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent
from portal.config import Settings
from portal.debtors.models import Debtor
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.pages import csrf_token, post_form


@pytest.fixture
def person(db: Session) -> Debtor:
    return factories.debtor(
        db,
        email="mari@example.ee",
        phone="+372 5123 4567",
        street="Pärnu mnt 12-5",
        postal_code="10148",
        city="Tallinn",
        address_country="EE",
    )


def form(**changes: str) -> dict[str, str]:
    values = {
        "email": "mari@example.ee",
        "phone": "+372 5123 4567",
        "street": "Pärnu mnt 12-5",
        "postal_code": "10148",
        "city": "Tallinn",
        "country": "EE",
        "language": "et",
        "channel": "letter",
    }
    return {**values, **changes}


def events(db: Session, kind: str = "contact_details_changed") -> list[CaseEvent]:
    return list(db.exec(select(CaseEvent).where(CaseEvent.kind == kind)).all())


def audits(db: Session, action: str = "contact.details_changed") -> list[AuditRecord]:
    return list(db.exec(select(AuditRecord).where(AuditRecord.action == action)).all())


def test_signed_out_the_page_and_the_form_are_refused(client: TestClient, db: Session, person: Debtor) -> None:
    assert client.get("/details").status_code == 401
    token = csrf_token(client, "/verify")
    response = client.post("/details", data={"csrf_token": token, **form(phone="+372 5999 9999")})
    assert response.status_code == 401
    assert db.get(Debtor, person.id).phone == "+372 5123 4567"  # type: ignore[union-attr]
    assert events(db) == [] and audits(db) == []


def test_the_page_shows_the_details_and_a_link_in_the_header(
    client: TestClient, db: Session, settings: Settings, person: Debtor
) -> None:
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    page = client.get("/details")
    assert page.status_code == 200
    assert 'value="mari@example.ee"' in page.text and 'value="+372 5123 4567"' in page.text
    assert 'value="letter" checked' in page.text and 'value="et" checked' in page.text
    assert 'href="/details" aria-current="page"' in page.text
    assert 'href="/details"' in client.get("/cases").text
    assert "Payment demands by e-mail or text message" not in page.text, "no Finnish case, no consent section"


def test_saving_changes_writes_an_event_on_every_case_and_an_audit_with_old_and_new(
    client: TestClient, db: Session, settings: Settings, person: Debtor
) -> None:
    first = factories.case(db, debtor_row=person)
    closed = factories.case(db, debtor_row=person, closed_on=factories.TODAY)
    someone_else = factories.case(db)
    sign_in(client, db, settings, first)
    response = post_form(client, "/details", form(phone="5555 1234", channel="sms"), form_page="/details")
    assert response.status_code == 303 and response.headers["location"] == "/details?saved=changed"
    debtor = db.get(Debtor, person.id)
    assert (debtor.phone, debtor.preferred_channel) == ("+37255551234", "sms")  # type: ignore[union-attr]
    changed = events(db)
    assert sorted(event.case_id for event in changed) == sorted([first.id, closed.id])  # type: ignore[type-var]
    assert someone_else.id not in {event.case_id for event in changed}
    assert all(event.data == {"fields": ["phone", "channel"]} and event.actor_kind == "debtor" for event in changed)
    assert "5555" not in str([event.data for event in changed]), "the timeline names parts, never values"
    (audit,) = audits(db)
    assert audit.detail["old"] == {"phone": "+372 5123 4567", "preferred_channel": "letter"}
    assert audit.detail["new"] == {"phone": "+37255551234", "preferred_channel": "sms"}
    assert audit.debtor_id == person.id and audit.actor_kind == "debtor"
    assert "Your details are saved." in client.get(response.headers["location"]).text
    timeline = client.get(f"/cases/{first.reference}").text
    assert "You changed your contact details: phone number and preferred way to contact you." in timeline


def test_nothing_changed_gets_a_gentle_message_and_writes_nothing(
    client: TestClient, db: Session, settings: Settings, person: Debtor
) -> None:
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    # The same number written another way is the same number.
    response = post_form(client, "/details", form(phone="5123 4567"), form_page="/details")
    assert response.headers["location"] == "/details?saved=unchanged"
    assert "There was nothing to save" in client.get(response.headers["location"]).text
    assert db.get(Debtor, person.id).phone == "+372 5123 4567"  # type: ignore[union-attr]
    assert events(db) == [] and audits(db) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "mari@@example"}, "email", "This does not look like an e-mail address"),
        ({"phone": "12345"}, "phone", "This is not a phone number we can use. Please check it, for example +372"),
        ({"postal_code": "1014"}, "postal_code", "This postal code does not fit the country you chose."),
        ({"city": ""}, "city", "Please write the city too, or leave the whole postal address empty."),
        ({"channel": "email", "email": ""}, "channel", "please also give us your e-mail address"),
        ({"channel": "sms", "phone": "+372 600 1234"}, "channel", "Text messages need a mobile phone number."),
        ({"language": "xx"}, "language", "Please choose one of the languages."),
        ({"country": "ZZ"}, "country", "Please choose a country from the list."),
    ],
)
def test_bad_input_changes_nothing_and_says_what_is_wrong(
    client: TestClient,
    db: Session,
    settings: Settings,
    person: Debtor,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    response = post_form(client, "/details", form(**changes), form_page="/details")
    assert response.status_code == 400 and message in response.text
    assert f'href="#details-{field}"' in response.text, "the summary links to the field"
    debtor = db.get(Debtor, person.id)
    assert (debtor.email, debtor.phone, debtor.city) == ("mari@example.ee", "+372 5123 4567", "Tallinn")  # type: ignore[union-attr]
    assert events(db) == [] and audits(db) == []


def test_bad_input_is_explained_in_finnish(client: TestClient, db: Session, settings: Settings) -> None:
    person = factories.debtor(db, id_country="FI", email="matti@example.fi", preferred_language="fi")
    sign_in(client, db, settings, factories.case(db, debtor_row=person), language="fi")
    response = post_form(client, "/details", form(email="matti@", channel="email"), form_page="/details")
    assert response.status_code == 400 and 'lang="fi"' in response.text
    assert "Tämä ei näytä sähköpostiosoitteelta" in response.text
    assert "This does not look like an e-mail address" not in response.text
    assert db.get(Debtor, person.id).email == "matti@example.fi"  # type: ignore[union-attr]


def test_a_debtor_sees_and_changes_only_their_own_details(
    client: TestClient, db: Session, settings: Settings, person: Debtor
) -> None:
    other = factories.debtor(db, email="other@example.ee", phone="+372 5888 8888")
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    page = client.get("/details").text
    assert "other@example.ee" not in page and "5888" not in page
    post_form(client, "/details", form(email="new@example.ee"), form_page="/details")
    assert db.get(Debtor, person.id).email == "new@example.ee"  # type: ignore[union-attr]
    assert db.get(Debtor, other.id).email == "other@example.ee"  # type: ignore[union-attr]


def test_a_unicode_address_is_kept_readable(
    client: TestClient, db: Session, settings: Settings, person: Debtor
) -> None:
    sign_in(client, db, settings, factories.case(db, debtor_row=person))
    post_form(client, "/details", form(email="Mari@Õun.EE", channel="email"), form_page="/details")
    debtor = db.get(Debtor, person.id)
    assert (debtor.email, debtor.preferred_channel) == ("Mari@õun.ee", "email")  # type: ignore[union-attr]
    assert 'value="Mari@õun.ee"' in client.get("/details").text


def test_staff_and_debtor_share_one_parser(client: TestClient, db: Session) -> None:
    from tests.staff.helpers import sign_in_staff, staff_user

    person = factories.debtor(db, id_country="FI", phone="+358 40 123 4567", email="matti@example.fi")
    case: Case = factories.case(db, debtor_row=person)
    sign_in_staff(client, staff_user(db, "agent"))
    path = f"/staff/cases/{case.reference}/contact"
    same = {"email": "matti@example.fi", "phone": "040 123 4567", "street": "", "postal_code": "", "city": ""}
    refused = post_form(client, path, same, form_page=f"/staff/cases/{case.reference}/contact")
    assert refused.status_code == 400 and "Nothing was changed" in refused.text, "same number, Finnish region hint"
    changed = {**same, "phone": "050 765 4321", "email": "Matti@Example.FI"}
    assert post_form(client, path, changed, form_page=f"/staff/cases/{case.reference}/contact").status_code == 303
    debtor = db.get(Debtor, person.id)
    assert (debtor.phone, debtor.email) == ("+358507654321", "Matti@example.fi")  # type: ignore[union-attr]
