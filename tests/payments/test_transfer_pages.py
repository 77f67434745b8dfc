"""Paying by bank transfer on the case page, and telling us about a transfer: one work item, never a new balance."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from pypdf import PdfReader
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Allocation, Case, CaseEvent, ClaimLine, LedgerEntry
from portal.config import Settings
from portal.creditors.models import CreditorBankAccount
from portal.db import saved_id
from portal.payments.references import payment_reference
from portal.work.models import WorkItem
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user

TODAY = datetime.now(ZoneInfo("Europe/Tallinn")).date()
STAGES = {"EE": "pre_collection", "FI": "payment_demand", "RO": "amicable"}


def open_case(
    db: Session, country: str = "EE", currency: str = "EUR", scheme: str = "ee_731", **overrides: object
) -> Case:
    creditor = factories.creditor(
        db, country=country, currency=currency, reference_scheme=scheme, name="Põhjavalgus AS"
    )
    opened_at = datetime.now(UTC) - timedelta(days=30)
    stage = STAGES[country]
    return factories.case(db, creditor_row=creditor, principal_minor=12_345, opened_at=opened_at, stage=stage)


def form(paid_on: date = TODAY - timedelta(days=2), amount: str = "12,50", note: str = "") -> dict[str, str]:
    return {
        "day": str(paid_on.day),
        "month": str(paid_on.month),
        "year": str(paid_on.year),
        "amount": amount,
        "note": note,
    }


def report(client: TestClient, case: Case, data: dict[str, str]) -> Response:
    path = f"/cases/{case.reference}/paid-by-transfer"
    return post_form(client, path, data)


def written(db: Session, case: Case) -> tuple[int, int, int]:
    items = db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).all()
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "transfer_reported")).all()
    audits = db.exec(select(AuditRecord).where(AuditRecord.action == "payments.transfer_reported")).all()
    return len(items), len(events), len([a for a in audits if a.case_id == case.id])


@pytest.mark.parametrize(
    ("country", "currency", "scheme", "where"),
    [
        ("EE", "EUR", "ee_731", "(viitenumber)"),
        ("FI", "EUR", "fi_viite", "(viitenumero)"),
        ("EE", "EUR", "rf", "Write this RF reference"),
        ("RO", "RON", "ro_creditor", "(Detalii plată)"),
    ],
)
def test_the_page_shows_the_account_and_the_reference_of_the_creditors_scheme(
    client: TestClient, db: Session, settings: Settings, country: str, currency: str, scheme: str, where: str
) -> None:
    case = open_case(db, country, currency, scheme)
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}").text
    section = page.split('id="pay"', 1)[1].split("</section>", 1)[0]
    expected = payment_reference(scheme, case)
    assert expected.display in section and where in section
    assert "Pay by bank transfer" in section and "Põhjavalgus AS" in section
    assert "EE38 2200 2210 2014 5685" in section and "HABAEE2X" in section and "Swedbank AS" in section
    qr = client.get(f"/cases/{case.reference}/transfer-qr.svg")
    if currency == "EUR":
        assert f'src="/cases/{case.reference}/transfer-qr.svg"' in section and 'alt="Payment QR code' in section
        assert "€123.45" in section
        assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in qr.text and "<script" not in qr.text
    else:
        assert "transfer-qr.svg" not in section and "not in Romanian lei" in section
        assert qr.status_code == 404


def test_an_invalid_iban_is_never_shown_as_a_payment_target(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = open_case(db)
    account = db.exec(select(CreditorBankAccount).where(CreditorBankAccount.creditor_id == case.creditor_id)).one()
    account.iban = "EE382200221020145686"  # one digit wrong: the IBAN check digits no longer match
    db.flush()
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}").text
    assert "EE38 2200 2210 2014 5686" not in page and "EE382200221020145686" not in page
    assert "Please call us on" in page and "transfer-qr.svg" not in page
    assert client.get(f"/cases/{case.reference}/transfer-qr.svg").status_code == 404
    assert "I have paid by transfer" in page, "the debtor can still tell us about a transfer"


def test_nothing_to_pay_shows_no_transfer_details(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db)
    line = db.exec(select(ClaimLine).where(ClaimLine.case_id == case.id)).one()
    entry = factories.payment(db, case, 12_345)
    db.add(Allocation(ledger_entry_id=saved_id(entry), claim_line_id=saved_id(line), amount_minor=12_345))
    db.flush()
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}").text
    assert "Pay by bank transfer" not in page
    assert client.get(f"/cases/{case.reference}/transfer-qr.svg").status_code == 404


def test_the_statement_carries_the_structured_reference(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db, "FI", "EUR", "fi_viite")
    sign_in(client, db, settings, case)
    response = client.get(f"/cases/{case.reference}/statement.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert payment_reference("fi_viite", case).display in text and "viitenumero" in text
    assert "EE38 2200 2210 2014 5685" in text


def test_a_report_becomes_one_work_item_an_event_and_an_audit_record(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case)
    assert client.get(f"/cases/{case.reference}/paid-by-transfer").status_code == 200
    paid_on = TODAY - timedelta(days=2)
    response = report(client, case, form(paid_on, "12,50", "Paid from my wife's account"))
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case.reference}?transfer=recorded#pay"
    assert written(db, case) == (1, 1, 1)
    item = db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).one()
    assert item.kind == "transfer_reported" and item.state == "open"
    assert item.data["amount_minor"] == 1_250 and item.data["paid_on"] == paid_on.isoformat()
    assert item.data["note"] == "Paid from my wife's account" and "12.50 EUR" in item.summary
    assert item.due_at - item.created_at == timedelta(days=2)
    assert db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all() == [], "no balance change"
    page = client.get(response.headers["location"]).text
    assert "We will check it against our bank account and update your balance." in page
    assert "You told us about a bank transfer of €12.50 made on" in page
    assert "€123.45" in page


def test_the_same_report_twice_makes_one_item(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case)
    assert report(client, case, form(amount="12.50")).status_code == 303
    again = report(client, case, form(amount="12,50"))
    assert again.headers["location"] == f"/cases/{case.reference}?transfer=already_received#pay"
    assert written(db, case) == (1, 1, 1)
    assert "We had already received your report" in client.get(again.headers["location"]).text
    assert report(client, case, form(amount="20")).status_code == 303, "another amount is another transfer"
    assert written(db, case) == (2, 2, 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(paid_on=TODAY + timedelta(days=1)), "The date cannot be in the future."),
        (form(paid_on=TODAY - timedelta(days=40)), "when the case came to us"),
        ({**form(), "day": "31", "month": "2"}, "This is not a date that exists."),
        ({**form(), "day": "", "month": "", "year": ""}, "Please write the date you paid."),
        (form(amount="0"), "The amount must be more than zero."),
        (form(amount="twelve"), "Write the amount in numbers"),
        (form(amount=""), "Please write the amount you paid."),
        (form(amount="1 000 000,01"), "The amount can be at most €1,000,000.00."),
        (form(note="x" * 1001), "What you wrote can be at most 1000 characters long."),
    ],
)
def test_bad_input_gets_the_form_again_and_writes_nothing(
    client: TestClient, db: Session, settings: Settings, data: dict[str, str], message: str
) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case)
    response = report(client, case, data)
    assert response.status_code == 400
    assert message in response.text and 'aria-invalid="true"' in response.text
    assert written(db, case) == (0, 0, 0)


def test_the_largest_amount_allowed(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case)
    assert report(client, case, form(amount="1.000.000,00")).status_code == 303


def test_another_debtors_case_is_not_found(client: TestClient, db: Session, settings: Settings) -> None:
    mine, theirs = open_case(db), open_case(db)
    sign_in(client, db, settings, mine)
    for path in (f"/cases/{theirs.reference}/paid-by-transfer", f"/cases/{theirs.reference}/transfer-qr.svg"):
        assert client.get(path).status_code == 404
    forged = post_form(
        client,
        f"/cases/{theirs.reference}/paid-by-transfer",
        form(),
        form_page=f"/cases/{mine.reference}/paid-by-transfer",
    )
    assert forged.status_code == 404
    assert written(db, theirs) == (0, 0, 0)


def test_messages_are_in_the_readers_language(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case, language="et")
    response = report(client, case, form(amount="0"))
    assert response.status_code == 400 and "Summa peab olema suurem kui null." in response.text


def test_the_work_item_leads_staff_to_the_transfer_form(client: TestClient, db: Session, settings: Settings) -> None:
    case = open_case(db)
    sign_in(client, db, settings, case)
    report(client, case, form())
    item = db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).one()
    client.cookies.clear()
    sign_in_staff(client, staff_user(db))
    page = client.get(f"/staff/work/{item.id}").text
    assert f'href="/staff/cases/{case.reference}#record"' in page
    assert "Record a bank transfer" in client.get(f"/staff/cases/{case.reference}").text
    queue = client.get("/staff/queue?queue=payments")
    assert queue.status_code == 200 and f"/staff/work/{item.id}" in queue.text
