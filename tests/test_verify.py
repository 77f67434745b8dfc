"""The public "Is this message really from us?" page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests import factories
from tests.pages import post_form


def test_a_genuine_reference_is_confirmed_without_personal_data(client: TestClient, db: Session) -> None:
    person = factories.debtor(db, name="Kadri Salajane")
    case = factories.case(db, debtor_row=person, principal_minor=77_777)
    typed = f"{case.reference[:2]}-{case.reference[2:6]} {case.reference[6:]}".lower()
    response = post_form(client, "/verify", {"reference": typed})
    assert response.status_code == 200
    assert "is ours" in response.text and "EE382200221020145685" in response.text
    for secret in ("Kadri", "Salajane", "777.77", "777,77", case.creditor_reference):
        assert secret not in response.text


def test_an_unknown_reference_warns(client: TestClient) -> None:
    response = post_form(client, "/verify", {"reference": "EE12345678"})
    assert response.status_code == 200 and "We do not know case number" in response.text


def test_checking_many_unknown_references_is_limited(client: TestClient) -> None:
    statuses = [post_form(client, "/verify", {"reference": f"EE9{n:07d}"}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
