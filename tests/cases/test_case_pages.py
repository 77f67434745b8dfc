"""What a signed-in debtor sees, and that nobody else can see it."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.auth.service import issue_link
from portal.cases.models import Allocation
from portal.config import Settings
from portal.db import utcnow
from tests import factories
from tests.pages import post_form

DOB = {"day": "12", "month": "3", "year": "1985"}


def sign_in(client: TestClient, db: Session, settings: Settings, case: object, language: str = "en") -> None:
    issued = issue_link(db, case, channel="letter", language=language, now=utcnow(), settings=settings)  # type: ignore[arg-type]
    client.cookies.set("accord_lang", language)
    assert post_form(client, issued.url.removeprefix(settings.base_url), DOB).status_code == 303


def test_case_list_shows_every_case_with_its_balance(client: TestClient, db: Session, settings: Settings) -> None:
    person = factories.debtor(db)
    ee = factories.case(db, debtor_row=person, principal_minor=12_345)
    ro_creditor = factories.creditor(db, country="RO", currency="RON", name="Carpați Credit IFN S.A.")
    factories.case(db, debtor_row=person, creditor_row=ro_creditor, principal_minor=250_000, stage="amicable")
    sign_in(client, db, settings, ee)
    page = client.get("/cases")
    assert "You have 2 cases with us." in page.text
    assert "€123.45" in page.text and "RON\u00a02,500.00" in page.text
    client.cookies.set("accord_lang", "ro")
    assert "2.500,00\u00a0lei" in client.get("/cases").text


def test_case_page_itemises_with_legal_basis_and_next_step(client: TestClient, db: Session, settings: Settings) -> None:
    case = factories.case(db, principal_minor=80_000, due_days_ago=60, stage="pre_collection")
    from portal.cases.models import ClaimLine

    cost = ClaimLine(
        case_id=case.id,
        kind="collection_cost",
        description="Collection letter",
        due_on=factories.TODAY,  # type: ignore[arg-type]
        amount_minor=4_000,
        legal_basis="cost_cap_consumer_band1",
    )
    db.add(cost)
    db.flush()
    entry = factories.payment(db, case, 1_000)
    db.add(Allocation(ledger_entry_id=entry.id, claim_line_id=cost.id, amount_minor=1_000))  # type: ignore[arg-type]
    db.flush()
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}")
    assert page.status_code == 200
    text = page.text
    assert "Principal" in text and "Collection costs" in text
    assert "VÕS § 113²" in text, "collection costs must show their legal basis"
    assert "€830.00" in text  # 800 + 40 − 10
    assert "which is within the limit" in text
    assert "Entry into the payment default register" in text or "payment default register may be sent" in text
    assert "time-barred on" in text
    assert "Creditinfo Eesti AS" in text
    assert any(r.action == "case.view" for r in db.exec(select(AuditRecord)).all())


def test_a_debtor_gets_404_for_someone_elses_case_statement_and_nonsense(
    client: TestClient, db: Session, settings: Settings
) -> None:
    mine = factories.case(db)
    theirs = factories.case(db)
    sign_in(client, db, settings, mine)
    for path in (
        f"/cases/{theirs.reference}",
        f"/cases/{theirs.reference}/statement.pdf",
        f"/cases/{theirs.id}",
        "/cases/EE00000000",
        "/cases/%00",
        "/cases/" + "9" * 300,
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert theirs.creditor_reference not in response.text
    assert client.get(f"/cases/{mine.reference}").status_code == 200


@pytest.mark.parametrize(
    "language,phrase",
    [
        ("et", "Võla väljavõte"),
        ("fi", "Saatavaerittely"),
        ("ro", "Situația datoriei"),
        ("en", "Statement of the debt"),
    ],
)
def test_statement_pdf_in_the_readers_language(
    client: TestClient, db: Session, settings: Settings, language: str, phrase: str
) -> None:
    case = factories.case(db, principal_minor=12_345)
    sign_in(client, db, settings, case, language=language)
    response = client.get(f"/cases/{case.reference}/statement.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert phrase in text
    assert "123" in text and case.reference[2:6] in text
