"""Searching cases in the console: by each field, only within the reader's creditor, audited without the text."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case
from tests import factories
from tests.staff.helpers import sign_in_staff, staff_user


def found(client: TestClient, query: str) -> list[str]:
    response = client.get("/staff/cases", params={"q": query})
    assert response.status_code == 200
    return re.findall(r'<th scope="row" data-label="Case"><a href="/staff/cases/([A-Z0-9]+)"', response.text)


@pytest.fixture
def target(db: Session) -> Case:
    person = factories.debtor(
        db,
        name="Õie Tamm-Õunapuu",
        national_id="38501011234",
        email="Oie.Tamm@Example.ee",
        phone="+372 5123 4567",
    )
    return factories.case(db, debtor_row=person)


@pytest.mark.parametrize(
    "query",
    [
        "{reference}",
        "{dashed}",
        "{lower}",
        "õunapuu",
        "TAMM-ÕUN",
        "38501011234",
        "+372 5123 4567",
        "5123 4567",
        "0037251234567",
        "oie.tamm@example.ee",
        "  OIE.TAMM@EXAMPLE.EE ",
    ],
)
def test_search_by_each_field(client: TestClient, db: Session, target: Case, query: str) -> None:
    factories.case(db)  # someone else, who must not match
    sign_in_staff(client, staff_user(db, "agent"))
    reference = target.reference
    dashed = f"{reference[:2]}-{reference[2:6]}-{reference[6:]}"
    text = query.format(reference=reference, dashed=dashed, lower=dashed.lower())
    assert found(client, text) == [reference]


@pytest.mark.parametrize("query", ["%", "%%", "_", "38501011235", "oie.tamm@example.com", "5123 4568", "Zzyzx"])
def test_near_misses_find_nothing(client: TestClient, db: Session, target: Case, query: str) -> None:
    sign_in_staff(client, staff_user(db, "agent"))
    assert found(client, query) == []


def test_a_creditor_user_finds_only_their_creditors_cases(client: TestClient, db: Session) -> None:
    mine, theirs = factories.creditor(db), factories.creditor(db)
    own = factories.case(db, creditor_row=mine, debtor_row=factories.debtor(db, name="Mari Maasikas"))
    other = factories.case(db, creditor_row=theirs, debtor_row=factories.debtor(db, name="Mari Maasikas-Mets"))
    sign_in_staff(client, staff_user(db, "creditor", creditor_id=mine.id))
    assert found(client, "maasikas") == [own.reference]
    assert found(client, other.reference) == []
    client.cookies.clear()
    sign_in_staff(client, staff_user(db, "agent"))
    assert sorted(found(client, "maasikas")) == sorted([own.reference, other.reference])


def test_search_is_audited_without_what_was_typed(client: TestClient, db: Session, target: Case) -> None:
    agent = staff_user(db, "agent")
    sign_in_staff(client, agent)
    found(client, "õunapuu")
    records = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.cases.search")).all()
    summary = next(r for r in records if r.debtor_id is None)
    assert summary.actor_id == agent.id and summary.actor_kind == "staff"
    assert summary.detail["kind"] == "name" and summary.detail["length"] == len("õunapuu")
    assert summary.detail["results"] == 1
    assert "unapuu" not in json.dumps(summary.detail, ensure_ascii=False)
    (listed,) = [r for r in records if r.debtor_id is not None]
    assert listed.debtor_id == target.debtor_id and listed.case_id == target.id
    assert listed.detail == {"role": "agent", "organisation": "Accord Collections"}


def test_results_are_limited(client: TestClient, db: Session) -> None:
    for _ in range(51):
        factories.case(db, debtor_row=factories.debtor(db, name="Jaan Kask"))
    sign_in_staff(client, staff_user(db, "agent"))
    response = client.get("/staff/cases", params={"q": "jaan kask"})
    assert response.text.count('<th scope="row" data-label="Case">') == 50
    assert "Only the first 50 are shown" in response.text


def test_empty_and_too_short_searches(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "agent"))
    assert "Type at least two characters." in client.get("/staff/cases", params={"q": "a"}).text
    assert client.get("/staff/cases").status_code == 200
    assert db.exec(select(AuditRecord).where(AuditRecord.action == "staff.cases.search")).all() == []


def test_administrators_do_not_read_cases(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "admin"))
    assert client.get("/staff/cases", params={"q": "anything"}).status_code == 403
