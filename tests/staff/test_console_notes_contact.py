"""Internal notes and corrected contact details: each a new record on the case, each audited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent, CaseNote
from portal.debtors.models import Debtor
from tests import factories
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user


@pytest.fixture
def case(db: Session) -> Case:
    person = factories.debtor(db, email="old@example.ee", phone="+372 5000 0000", street="Pikk 1", city="Tallinn")
    return factories.case(db, debtor_row=person)


def audits(db: Session, action: str) -> list[AuditRecord]:
    return list(db.exec(select(AuditRecord).where(AuditRecord.action == action)).all())


def contact_form(**changes: str) -> dict[str, str]:
    form = {
        "email": "old@example.ee",
        "phone": "+372 5000 0000",
        "street": "Pikk 1",
        "postal_code": "",
        "city": "Tallinn",
    }
    return {**form, **changes}


def test_an_agent_adds_a_note(client: TestClient, db: Session, case: Case) -> None:
    agent = staff_user(db, "agent")
    sign_in_staff(client, agent)
    response = post_form(client, f"/staff/cases/{case.reference}/notes", {"text": "  Promised to pay on 1 December  "})
    assert response.status_code == 303 and response.headers["location"].endswith("#notes")
    (note,) = db.exec(select(CaseNote).where(CaseNote.case_id == case.id)).all()
    assert (note.body, note.author_id) == ("Promised to pay on 1 December", agent.id)
    assert "Promised to pay on 1 December" in client.get(f"/staff/cases/{case.reference}").text
    (audit,) = audits(db, "staff.case.note")
    assert audit.debtor_id == case.debtor_id and "Promised" not in str(audit.detail)


@pytest.mark.parametrize(
    "text,message", [("x" * 5000, "at most 4000 characters"), ("   ", "Please fill in this field.")]
)
def test_bad_notes_are_refused(client: TestClient, db: Session, case: Case, text: str, message: str) -> None:
    sign_in_staff(client, staff_user(db, "agent"))
    response = post_form(client, f"/staff/cases/{case.reference}/notes", {"text": text})
    assert response.status_code == 400 and message in response.text
    assert db.exec(select(CaseNote).where(CaseNote.case_id == case.id)).all() == []
    assert audits(db, "staff.case.note") == []


def test_a_contact_correction_is_an_event_and_an_audit_record(client: TestClient, db: Session, case: Case) -> None:
    sign_in_staff(client, staff_user(db, "supervisor"))
    form = contact_form(email="new@example.ee", phone="+372 5111 2222")
    response = post_form(client, f"/staff/cases/{case.reference}/contact", form)
    assert response.status_code == 303
    debtor = db.get(Debtor, case.debtor_id)
    assert (debtor.email, debtor.phone, debtor.street) == ("new@example.ee", "+37251112222", "Pikk 1")  # type: ignore[union-attr]
    event = db.exec(select(CaseEvent).where(CaseEvent.kind == "contact_details_corrected")).one()
    assert event.case_id == case.id and event.data == {"fields": ["email", "phone"]} and event.actor_kind == "staff"
    (audit,) = audits(db, "staff.case.contact")
    assert audit.detail["old"] == {"email": "old@example.ee", "phone": "+372 5000 0000"}
    assert audit.detail["new"] == {"email": "new@example.ee", "phone": "+37251112222"}
    assert audit.debtor_id == case.debtor_id and audit.detail["role"] == "supervisor"
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "Your contact details were corrected: e-mail address and phone number." in page


def test_removing_a_wrong_address(client: TestClient, db: Session, case: Case) -> None:
    sign_in_staff(client, staff_user(db, "agent"))
    response = post_form(client, f"/staff/cases/{case.reference}/contact", contact_form(street="", city=""))
    assert response.status_code == 303
    debtor = db.get(Debtor, case.debtor_id)
    assert (debtor.street, debtor.city) == (None, None)  # type: ignore[union-attr]
    assert db.exec(select(CaseEvent).where(CaseEvent.kind == "contact_details_corrected")).one().data == {
        "fields": ["address"]
    }


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"email": "not-an-address"}, "This does not look like an e-mail address"),
        ({"email": "a@b"}, "This does not look like an e-mail address"),
        ({"phone": "call me"}, "This is not a phone number that can be reached."),
        ({"phone": "+372 12"}, "This is not a phone number that can be reached."),
        ({"phone": "1" * 20}, "This is not a phone number that can be reached."),
        ({"city": "x" * 101}, "What you typed is too long."),
        ({}, "Nothing was changed"),
    ],
)
def test_bad_contact_details_change_nothing(
    client: TestClient, db: Session, case: Case, changes: dict[str, str], message: str
) -> None:
    sign_in_staff(client, staff_user(db, "agent"))
    response = post_form(client, f"/staff/cases/{case.reference}/contact", contact_form(**changes))
    assert response.status_code == 400 and message in response.text
    debtor = db.get(Debtor, case.debtor_id)
    assert (debtor.email, debtor.phone, debtor.city) == ("old@example.ee", "+372 5000 0000", "Tallinn")  # type: ignore[union-attr]
    assert db.exec(select(CaseEvent).where(CaseEvent.kind == "contact_details_corrected")).all() == []
    assert audits(db, "staff.case.contact") == []
