"""Recording a bank transfer or a credit note: one entry, allocated in the legal order, once per external id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import Session, col, select

from portal.audit.models import AuditRecord
from portal.cases.models import Allocation, Case, CaseEvent, ClaimLine, LedgerEntry
from portal.clock import business_today as today
from tests import factories
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user


def case_with_costs(db: Session) -> tuple[Case, ClaimLine, ClaimLine]:
    case = factories.case(db, principal_minor=10_000, opened_at=datetime.now(UTC) - timedelta(days=30))
    principal = db.exec(select(ClaimLine).where(ClaimLine.case_id == case.id)).one()
    cost = ClaimLine(
        case_id=case.id,  # type: ignore[arg-type]
        kind="collection_cost",
        description="Collection letter",
        due_on=factories.TODAY,
        amount_minor=4_000,
    )
    db.add(cost)
    db.flush()
    return case, principal, cost


def written(db: Session, case: Case) -> tuple[int, int, int, int]:
    entries = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all()
    allocations = db.exec(select(Allocation).where(col(Allocation.ledger_entry_id).in_([e.id for e in entries]))).all()
    events = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id)).all()
    audits = db.exec(
        select(AuditRecord).where(AuditRecord.case_id == case.id, col(AuditRecord.action).like("staff.case.%"))
    ).all()
    changes = [a for a in audits if a.action not in ("staff.case.view", "staff.case.not_found")]
    return len(entries), len(allocations), len(events), len(changes)


@pytest.fixture
def agent(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "agent"))


def transfer(client: TestClient, case: Case, **fields: str) -> Response:
    form = {"amount": "50,00", "received_on": today().isoformat(), "bank_reference": "ARC 2026 0001", **fields}
    return post_form(client, f"/staff/cases/{case.reference}/transfers", form)


def test_a_transfer_is_one_entry_allocated_costs_first(client: TestClient, db: Session, agent: None) -> None:
    case, principal, cost = case_with_costs(db)
    response = transfer(client, case)
    assert response.status_code == 303 and response.headers["location"].endswith("#payments")
    (entry,) = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all()
    assert (entry.amount_minor, entry.source, entry.external_id, entry.method) == (
        5_000,
        "bank",
        "ARC20260001",
        "bank_transfer",
    )
    shares = {
        a.claim_line_id: a.amount_minor
        for a in db.exec(select(Allocation).where(Allocation.ledger_entry_id == entry.id))
    }
    assert shares == {cost.id: 4_000, principal.id: 1_000}, "Estonian law: costs, then interest, then principal"
    event = db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "payment_received")).one()
    assert event.data["amount_minor"] == 5_000 and event.actor_kind == "staff"
    (audit,) = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.case.transfer")).all()
    assert audit.debtor_id == case.debtor_id and audit.detail["amount_minor"] == 5_000
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "€90.00" in page and "A payment of €50.00 was received." in page


def test_a_duplicate_bank_reference_is_refused_and_writes_nothing(client: TestClient, db: Session, agent: None) -> None:
    case, _, _ = case_with_costs(db)
    assert transfer(client, case).status_code == 303
    before = written(db, case)
    again = transfer(client, case, bank_reference="arc2026 0001", amount="10")
    assert again.status_code == 400
    assert "A bank transfer with this bank reference has already been recorded." in again.text
    assert written(db, case) == before
    elsewhere = factories.case(db, opened_at=datetime.now(UTC) - timedelta(days=3))
    assert transfer(client, elsewhere, bank_reference="ARC20260001").status_code == 400, "unique per bank, not per case"


def test_a_credit_note(client: TestClient, db: Session, agent: None) -> None:
    case, principal, cost = case_with_costs(db)
    form = {"amount": "10", "issued_on": (today() - timedelta(days=400)).isoformat(), "number": "KR-77"}
    # more than is open (140.00), but within the margin: the creditor owes the debtor the difference
    response = post_form(client, f"/staff/cases/{case.reference}/credit-notes", {**form, "amount": "150,00"})
    assert response.status_code == 303
    (entry,) = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all()
    assert (entry.kind, entry.source, entry.external_id, entry.amount_minor) == (
        "credit_note",
        "creditor",
        "KR-77",
        15_000,
    )
    assert (
        sum(a.amount_minor for a in db.exec(select(Allocation).where(Allocation.ledger_entry_id == entry.id))) == 14_000
    )
    assert db.exec(
        select(CaseEvent).where(CaseEvent.kind == "credit_note_received", CaseEvent.case_id == case.id)
    ).one()
    before = written(db, case)
    again = post_form(client, f"/staff/cases/{case.reference}/credit-notes", {**form, "number": " kr-77 "})
    assert again.status_code == 400 and "A credit note with this number has already been recorded." in again.text
    assert written(db, case) == before
    same_number_from_the_bank = transfer(client, case, bank_reference="KR-77", amount="1")
    assert same_number_from_the_bank.status_code == 303, "ids are unique per source"


@pytest.mark.parametrize(
    "fields,message",
    [
        ({"amount": "-5"}, "The amount must be more than zero."),
        ({"amount": "0,00"}, "The amount must be more than zero."),
        ({"amount": "twelve"}, "Write the amount with at most two decimals"),
        ({"amount": "1e5"}, "Write the amount with at most two decimals"),
        ({"amount": "12,345"}, "This is more than €1,000.00 above what is still to pay."),
        ({"amount": "99999999999"}, "above what is still to pay"),
        ({"amount": ""}, "Please fill in this field."),
        ({"received_on": "2999-01-01"}, "The date cannot be in the future."),
        ({"received_on": "31.02.2026"}, "This is not a date that exists."),
        ({"received_on": "yesterday"}, "This is not a date that exists."),
        ({"received_on": "2020-01-01"}, "The date cannot be before the case was opened"),
        ({"bank_reference": "   "}, "Please fill in this field."),
        ({"bank_reference": "X" * 129}, "What you typed is too long."),
    ],
)
def test_bad_transfers_get_a_message_and_write_nothing(
    client: TestClient, db: Session, agent: None, fields: dict[str, str], message: str
) -> None:
    case, _, _ = case_with_costs(db)
    response = transfer(client, case, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert written(db, case) == (0, 0, 1, 0)


def test_messages_are_in_the_readers_language(client: TestClient, db: Session, agent: None) -> None:
    case, _, _ = case_with_costs(db)
    client.cookies.set("accord_lang", "et")
    response = transfer(client, case, amount="-5")
    assert response.status_code == 400 and 'lang="et"' in response.text
    assert written(db, case) == (0, 0, 1, 0)
