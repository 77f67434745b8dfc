"""The debtor sees who (role and organisation, never the person) used their data, and when."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from portal.audit.service import record
from portal.config import Settings
from tests import factories
from tests.cases.test_case_pages import sign_in


def test_debtor_sees_role_and_organisation_of_who_looked(client: TestClient, db: Session, settings: Settings) -> None:
    case = factories.case(db)
    other = factories.case(db)
    record(
        db,
        "staff.case.view",
        actor_kind="creditor",
        actor_id=7,
        debtor_id=case.debtor_id,
        case_id=case.id,
        role="creditor",
        organisation="Põhjavalgus Energia AS",
        person="Secret Person",
    )
    record(
        db,
        "staff.case.view",
        actor_kind="staff",
        actor_id=8,
        debtor_id=other.debtor_id,
        case_id=other.id,
        role="agent",
        organisation="Someone Else's Agency",
    )
    sign_in(client, db, settings, case)
    page = client.get("/my-data")
    assert page.status_code == 200
    assert "Creditor user" in page.text and "Põhjavalgus Energia AS" in page.text
    assert "Secret Person" not in page.text, "never the person's name"
    assert "Someone Else's Agency" not in page.text, "only this debtor's records"
    assert case.reference[2:6] in page.text


def test_my_data_needs_sign_in(client: TestClient) -> None:
    assert client.get("/my-data").status_code == 401
