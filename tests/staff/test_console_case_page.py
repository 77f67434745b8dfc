"""The console's case page: everything an agent needs, read-only for creditor users, never another creditor's case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent, CaseNote, ClaimLine, Document, LedgerEntry
from portal.creditors.models import Creditor
from portal.debtors.models import Debtor
from tests import factories
from tests.pages import csrf_token
from tests.staff.helpers import sign_in_staff, staff_user


def full_case(db: Session, creditor: Creditor | None = None) -> Case:
    case = factories.case(db, creditor_row=creditor, principal_minor=80_000)
    db.add(
        ClaimLine(
            case_id=case.id,
            kind="collection_cost",
            description="Collection letter",
            due_on=factories.TODAY,  # type: ignore[arg-type]
            amount_minor=4_000,
            legal_basis="cost_cap_consumer_band1",
        )
    )
    db.add(Document(case_id=case.id, kind="payment_demand", title="Demand of 1 November", issued_on=factories.TODAY))  # type: ignore[arg-type]
    db.flush()
    return case


def views(db: Session, case: Case) -> list[AuditRecord]:
    query = select(AuditRecord).where(AuditRecord.action == "staff.case.view", AuditRecord.case_id == case.id)
    return list(db.exec(query).all())


def test_an_agent_sees_the_whole_case(client: TestClient, db: Session) -> None:
    case = full_case(db)
    debtor = db.get(Debtor, case.debtor_id)
    debtor.email, debtor.phone = "kati@example.ee", "+372 5555 0000"  # type: ignore[union-attr]
    agent = staff_user(db, "agent")
    db.add(CaseNote(case_id=case.id, author_id=agent.id, body="Asked for a plan on the phone"))  # type: ignore[arg-type]
    item = factories.work_item(db, case, summary="Debtor asked to be called")
    sign_in_staff(client, agent)
    page = client.get(f"/staff/cases/{case.reference}")
    assert page.status_code == 200
    text = page.text
    for expected in (
        debtor.name,  # type: ignore[union-attr]
        debtor.national_id,  # type: ignore[union-attr]
        "kati@example.ee",
        "+372 5555 0000",
        "€840.00",
        "Collection costs",
        "Demand of 1 November",
        "handed the claim to us for collection",
        "Asked for a plan on the phone",
        f"/staff/work/{item.id}",
        'action="/staff/cases/' + case.reference + '/transfers"',
    ):
        assert expected in text, expected
    (view,) = views(db, case)
    assert (view.actor_kind, view.actor_id, view.debtor_id) == ("staff", agent.id, case.debtor_id)
    assert view.detail["role"] == "agent" and view.detail["organisation"] == "Accord Collections"


def test_a_creditor_user_reads_their_own_cases_only(client: TestClient, db: Session) -> None:
    mine = factories.creditor(db, name="Elektrum Eesti AS")
    own, foreign = full_case(db, mine), full_case(db)
    agent = staff_user(db, "agent")
    db.add(CaseNote(case_id=own.id, author_id=agent.id, body="Internal remark about the debtor"))  # type: ignore[arg-type]
    factories.work_item(db, own, summary="Internal work")
    user = staff_user(db, "creditor", creditor_id=mine.id)
    sign_in_staff(client, user)
    page = client.get(f"/staff/cases/{own.reference}")
    assert page.status_code == 200 and "€840.00" in page.text and "Demand of 1 November" in page.text
    assert 'method="post" action="/staff/cases' not in page.text, "creditor users see read-only pages"
    assert "Internal remark" not in page.text and "Internal work" not in page.text
    (view,) = views(db, own)
    assert view.actor_kind == "creditor" and view.detail == {
        "role": "creditor",
        "organisation": "Elektrum Eesti AS",
        "page": "case",
    }
    reference = foreign.reference
    for path in (
        f"/staff/cases/{reference}",
        f"/staff/cases/{reference.lower()}",
        f"/staff/cases/{reference[:2]}-{reference[2:6]}-{reference[6:]}",
        f"/staff/cases/{foreign.id}",
        "/staff/cases/EE0000000000",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Elektrum" not in response.text.split("<main", 1)[1] and foreign.creditor_reference not in response.text
    assert views(db, foreign) == []


@pytest.mark.parametrize("action", ["notes", "transfers", "credit-notes", "contact"])
@pytest.mark.parametrize("whose", ["own", "foreign"])
def test_creditor_users_cannot_change_anything(client: TestClient, db: Session, action: str, whose: str) -> None:
    mine = factories.creditor(db)
    case = full_case(db, mine if whose == "own" else None)
    sign_in_staff(client, staff_user(db, "creditor", creditor_id=mine.id))
    token = csrf_token(client, "/staff/sign-in")
    form = {
        "csrf_token": token,
        "text": "note",
        "amount": "10,00",
        "received_on": factories.TODAY.isoformat(),
        "issued_on": factories.TODAY.isoformat(),
        "bank_reference": "B1",
        "number": "K1",
        "email": "x@example.com",
    }
    path = f"/staff/cases/{case.reference}/{action}"
    assert client.post(path, data=form).status_code == 403
    assert client.get(path).status_code == 403
    assert db.exec(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.case_id == case.id)).one() == 0
    assert db.exec(select(func.count()).select_from(CaseNote).where(CaseNote.case_id == case.id)).one() == 0
    assert len(db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()) == 1


def test_unknown_references_are_not_found_for_staff_too(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "supervisor"))
    for path in ("/staff/cases/EE1234567890", "/staff/cases/nonsense", "/staff/cases/" + "9" * 40):
        assert client.get(path).status_code == 404, path
    assert db.exec(select(AuditRecord).where(AuditRecord.action == "staff.case.not_found")).all()


def test_the_forms_page_of_a_case_is_audited_as_a_view(client: TestClient, db: Session) -> None:
    case = full_case(db)
    sign_in_staff(client, staff_user(db, "agent"))
    assert client.get(f"/staff/cases/{case.reference}/contact").status_code == 200
    assert client.get(f"/staff/cases/{case.reference}/nonsense").status_code == 404
    assert [v.detail["page"] for v in views(db, case)] == ["contact"]


def test_the_timeline_names_who_acted(client: TestClient, db: Session) -> None:
    case = full_case(db)
    db.add(
        CaseEvent(
            case_id=case.id,  # type: ignore[arg-type]
            occurred_at=factories.NOW - timedelta(days=1),
            actor_kind="staff",
            kind="payment_received",
            data={"amount_minor": 1_250},
        )
    )
    db.flush()
    sign_in_staff(client, staff_user(db, "agent"))
    text = client.get(f"/staff/cases/{case.reference}").text
    assert "Agency staff" in text and "A payment of €12.50 was received." in text
