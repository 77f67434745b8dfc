"""The receipt PDF of a payment: linked from the case page, only for the debtor's own payments, in their language."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.ledger import Booking, book
from portal.cases.models import Case, LedgerEntry
from portal.config import Settings
from portal.debtors.models import Debtor
from tests import factories
from tests.cases.test_case_pages import sign_in


def _book(db: Session, case: Case, amount_minor: int, external_id: str, *, kind: str = "payment") -> LedgerEntry:
    method, source = ("card", "stripe") if kind == "payment" else ("credit_note", "creditor")
    booking = Booking(kind, method, source, external_id, amount_minor, factories.TODAY)
    return book(db, case, booking, now=factories.NOW, today=factories.TODAY, actor_kind="system")


def test_a_debtor_downloads_the_receipt_of_their_own_payment(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = factories.case(db, principal_minor=10_000)
    entry = _book(db, case, 4_000, "pi_receipt_1")
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}")
    assert f'href="/cases/{case.reference}/receipts/{entry.id}.pdf"' in page.text and "Receipt (PDF)" in page.text
    response = client.get(f"/cases/{case.reference}/receipts/{entry.id}.pdf")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Payment receipt" in text and "€40.00" in text and "pi_receipt_1" in text
    assert "Card payment" in text and "Principal" in text
    assert "€60.00" in text, "the balance still to pay after the payment"
    assert any(r.action == "receipt.download" for r in db.exec(select(AuditRecord)).all())


def test_the_receipt_is_in_the_readers_language(client: TestClient, db: Session, settings: Settings) -> None:
    case = factories.case(db, principal_minor=10_000)
    entry = _book(db, case, 4_000, "pi_receipt_fi")
    sign_in(client, db, settings, case, language="fi")
    response = client.get(f"/cases/{case.reference}/receipts/{entry.id}.pdf")
    assert response.headers["content-disposition"].endswith('-fi.pdf"')
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "40,00" in text and "€40.00" not in text


def test_no_receipt_for_credit_notes_other_cases_or_other_debtors(
    client: TestClient, db: Session, settings: Settings
) -> None:
    mine = factories.case(db, principal_minor=10_000)
    my_other_case = factories.case(db, debtor_row=db.get(Debtor, mine.debtor_id))
    theirs = factories.case(db, principal_minor=10_000)
    credit = _book(db, mine, 1_000, "CN-9", kind="credit_note")
    on_other_case = _book(db, my_other_case, 1_000, "pi_other_case")
    their_payment = _book(db, theirs, 1_000, "pi_theirs")
    sign_in(client, db, settings, mine)
    page = client.get(f"/cases/{mine.reference}")
    assert f"/receipts/{credit.id}.pdf" not in page.text
    for path in (
        f"/cases/{mine.reference}/receipts/{credit.id}.pdf",
        f"/cases/{mine.reference}/receipts/{on_other_case.id}.pdf",
        f"/cases/{mine.reference}/receipts/{their_payment.id}.pdf",
        f"/cases/{theirs.reference}/receipts/{their_payment.id}.pdf",
        f"/cases/{mine.reference}/receipts/abc.pdf",
        f"/cases/{mine.reference}/receipts/{'9' * 40}.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/cases/{my_other_case.reference}/receipts/{on_other_case.id}.pdf").status_code == 200
