"""Plain factory functions with keyword overrides."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from portal.cases.models import Case, CaseEvent, ClaimLine, LedgerEntry
from portal.cases.references import check_digit
from portal.creditors.models import Creditor, CreditorBankAccount
from portal.debtors.models import Debtor
from portal.work.models import WorkItem

_sequence = itertools.count(1_000_000)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


def next_number() -> int:
    return next(_sequence)


def reference(country: str = "EE") -> str:
    body = str(next(_sequence) + 3_000_000)
    return f"{country}{body}{check_digit(body)}"


def creditor(db: Session, **overrides: Any) -> Creditor:
    n = next(_sequence)
    values: dict[str, Any] = dict(
        name=f"Creditor {n} AS",
        country="EE",
        registry_code=f"R{n}",
        currency="EUR",
        reference_scheme="ee_731",
        company_second_factor="registry_code",
        contact_phone="+372 600 0000",
        contact_email="c@example.com",
        website="example.com",
    )
    values.update(overrides)
    row = Creditor(**values)
    db.add(row)
    db.flush()
    db.add(
        CreditorBankAccount(
            creditor_id=row.id,
            iban="EE382200221020145685",
            bic="HABAEE2X",  # type: ignore[arg-type]
            bank_name="Swedbank AS",
            currency=row.currency,
        )
    )
    return row


def debtor(db: Session, **overrides: Any) -> Debtor:
    n = next(_sequence)
    values: dict[str, Any] = dict(
        kind="person",
        name=f"Debtor {n}",
        national_id=f"N{n}",
        id_country="EE",
        birth_date=date(1985, 3, 12),
        preferred_language="et",
    )
    values.update(overrides)
    row = Debtor(**values)
    db.add(row)
    db.flush()
    return row


def case(
    db: Session,
    *,
    creditor_row: Creditor | None = None,
    debtor_row: Debtor | None = None,
    principal_minor: int = 10_000,
    due_days_ago: int = 60,
    **overrides: Any,
) -> Case:
    creditor_row = creditor_row or creditor(db)
    debtor_row = debtor_row or debtor(db)
    values: dict[str, Any] = dict(
        reference=reference(creditor_row.country),
        creditor_id=creditor_row.id,
        debtor_id=debtor_row.id,
        creditor_reference=f"CR-{next(_sequence)}",
        jurisdiction=creditor_row.country,
        currency=creditor_row.currency,
        stage="pre_collection",
        stage_entered_on=TODAY - timedelta(days=10),
        notice_language="et",
    )
    values.update(overrides)
    row = Case(**values)
    db.add(row)
    db.flush()
    db.add(
        ClaimLine(
            case_id=row.id,
            kind="principal",
            description="Invoice",
            invoice_number=f"INV-{row.id}",  # type: ignore[arg-type]
            issued_on=TODAY - timedelta(days=due_days_ago + 14),
            due_on=TODAY - timedelta(days=due_days_ago),
            amount_minor=principal_minor,
        )
    )
    db.add(
        CaseEvent(
            case_id=row.id,
            occurred_at=NOW - timedelta(days=10),
            actor_kind="system",  # type: ignore[arg-type]
            kind="case_received",
            data={"creditor": creditor_row.name},
        )
    )
    db.flush()
    return row


def payment(db: Session, case_row: Case, amount_minor: int, **overrides: Any) -> LedgerEntry:
    values: dict[str, Any] = dict(
        case_id=case_row.id,
        kind="payment",
        amount_minor=amount_minor,
        currency=case_row.currency,
        received_on=TODAY - timedelta(days=5),
        method="bank_transfer",
        source="test",
        external_id=str(next(_sequence)),
    )
    values.update(overrides)
    row = LedgerEntry(**values)
    db.add(row)
    db.flush()
    return row


def work_item(db: Session, case_row: Case | None = None, **overrides: Any) -> WorkItem:
    values: dict[str, Any] = dict(
        kind="callback",
        case_id=case_row.id if case_row else None,
        priority=2,
        due_at=datetime.now(UTC) + timedelta(hours=4),
        summary=f"Item {next(_sequence)}",
    )
    values.update(overrides)
    row = WorkItem(**values)
    db.add(row)
    db.flush()
    return row
