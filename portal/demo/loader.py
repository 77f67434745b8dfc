"""Loads the demo world into the database and lists its sign-ins."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, select

from portal.auth.service import issue_link
from portal.cases.ledger import Booking, book
from portal.cases.models import Case, CaseEvent, ClaimLine, Document
from portal.cases.references import display, new_reference
from portal.clock import business_today
from portal.config import Settings
from portal.creditors.models import Creditor, CreditorBankAccount
from portal.db import saved_id
from portal.debtors.identity import validate_identity
from portal.debtors.models import Debtor
from portal.demo.cases import CASES
from portal.demo.people import CREDITORS, DEBTORS, DemoCase
from portal.demo.plans import load_demo_plans
from portal.demo.staff import load_demo_staff
from portal.rules import pack_for
from portal.rules.interest import accrue, statutory_rate

DEMO_MARK = "demo"
COST_LETTERS = ("collection_letter_sent", "payment_demand_sent", "court_application_filed", "case_received")


def _at(today: date, days_ago: int, hour: int = 10) -> datetime:
    return datetime.combine(today - timedelta(days=days_ago), time(hour, 0), tzinfo=UTC)


def _lines(spec: DemoCase, case: Case, today: date) -> list[ClaimLine]:
    pack = pack_for(case.jurisdiction)
    lines = [
        ClaimLine(
            case_id=saved_id(case),
            kind="principal",
            description=inv.description,
            invoice_number=inv.number,
            issued_on=today - timedelta(days=inv.due_days_ago + 14),
            due_on=today - timedelta(days=inv.due_days_ago),
            amount_minor=inv.amount_minor,
        )
        for inv in spec.invoices
    ]
    end = today - timedelta(days=spec.stage_days_ago if spec.closed else 0)
    if spec.with_interest:
        rate = statutory_rate(pack, on=today, is_b2b=not spec.is_consumer)
        for line in list(lines):
            amount = accrue(line.amount_minor, rate.bp, line.due_on, end)
            if amount > 0:
                lines.append(
                    ClaimLine(
                        case_id=saved_id(case),
                        kind="interest",
                        description=line.description,
                        due_on=end,
                        amount_minor=amount,
                        legal_basis="statutory_interest_margin_bp"
                        if spec.is_consumer
                        else "statutory_interest_margin_b2b_bp"
                        if pack.has("statutory_interest_margin_b2b_bp")
                        else "statutory_interest_margin_bp",
                        interest_rate_bp=rate.bp,
                        interest_from_on=line.due_on,
                        interest_to_on=end,
                    )
                )
    first_due = min(line.due_on for line in lines)
    if spec.reminder_fee_minor:
        lines.append(
            ClaimLine(
                case_id=saved_id(case),
                kind="reminder_fee",
                description=f"{spec.creditor_reference}",
                due_on=first_due + timedelta(days=20),
                amount_minor=spec.reminder_fee_minor,
                legal_basis="reminder_fee_cap_consumer",
            )
        )
    if spec.collection_cost_minor:
        basis = (
            "cost_cap_consumer_band1"
            if case.is_consumer
            else ("b2b_flat_compensation" if pack.has("b2b_flat_compensation") else "cost_cap_b2b_band1")
        )
        first_letter = next((d for k, d in spec.events if k in COST_LETTERS), spec.stage_days_ago)
        lines.append(
            ClaimLine(
                case_id=saved_id(case),
                kind="collection_cost",
                description=f"{spec.creditor_reference}",
                due_on=today - timedelta(days=first_letter),
                amount_minor=spec.collection_cost_minor,
                legal_basis=basis,
            )
        )
    return lines


def _payments(session: Session, spec: DemoCase, case: Case, today: date) -> None:
    """Demo payments go through the same booking as real ones: a ledger entry, allocations and an event."""
    for number, (amount, days_ago) in enumerate(spec.payments, start=1):
        received_on = today - timedelta(days=days_ago)
        booking = Booking(
            kind="payment",
            method="bank_transfer",
            source=DEMO_MARK,
            external_id=f"{case.reference}-{number}",
            amount_minor=amount,
            received_on=received_on,
        )
        book(session, case, booking, now=_at(today, days_ago, 15), today=received_on, actor_kind="system")


def _case(
    session: Session, spec: DemoCase, creditor: Creditor, debtor: Debtor, today: date, rng: random.Random
) -> None:
    case = Case(
        reference=new_reference(creditor.country, rng),
        creditor_id=saved_id(creditor),
        debtor_id=saved_id(debtor),
        creditor_reference=spec.creditor_reference,
        jurisdiction=creditor.country,
        currency=creditor.currency,
        original_creditor=spec.original_creditor,
        assigned_on=today - timedelta(days=spec.assigned_days_ago) if spec.assigned_days_ago else None,
        is_consumer=spec.is_consumer,
        stage=spec.stage,
        stage_entered_on=today - timedelta(days=spec.stage_days_ago),
        closed_on=today - timedelta(days=spec.stage_days_ago) if spec.closed else None,
        register_notice_sent_on=(
            today - timedelta(days=spec.register_notice_days_ago) if spec.register_notice_days_ago is not None else None
        ),
        last_reminder_on=next((today - timedelta(days=d) for k, d in spec.events if k == "reminder_sent"), None),
        last_cost_letter_on=next(
            (
                today - timedelta(days=d)
                for k, d in reversed(spec.events)
                if k in ("collection_letter_sent", "payment_demand_sent")
            ),
            None,
        ),
        notice_language=debtor.preferred_language,
        opened_at=_at(today, spec.stage_days_ago),
    )
    session.add(case)
    session.flush()
    lines = _lines(spec, case, today)
    session.add_all(lines)
    session.flush()
    _payments(session, spec, case, today)
    for kind, days_ago in spec.events:
        data: dict[str, Any] = {"creditor": creditor.name} if kind == "case_received" else {}
        if kind == "stage_changed":
            data["stage"] = spec.stage
        session.add(
            CaseEvent(
                case_id=saved_id(case), occurred_at=_at(today, days_ago), actor_kind="system", kind=kind, data=data
            )
        )
    for kind, title, days_ago in spec.documents:
        session.add(
            Document(case_id=saved_id(case), kind=kind, title=title, issued_on=today - timedelta(days=days_ago))
        )


def load_demo(session: Session, *, today: date | None, secret_key: str) -> bool:
    """Loads the demo world once; returns False when it is already there."""
    if session.exec(select(Creditor).where(Creditor.registry_code == CREDITORS[0].registry_code)).first():
        return False
    now = datetime.now(UTC) if today is None else datetime.combine(today, time(12, 0), tzinfo=UTC)
    today = today or business_today()
    rng = random.Random(20261122)  # noqa: S311 - references are not secrets; a fixed seed keeps the demo stable
    creditors: dict[str, Creditor] = {}
    for c in CREDITORS:
        creditor = Creditor(
            name=c.name,
            country=c.country,
            registry_code=c.registry_code,
            currency=c.currency,
            reference_scheme=c.reference_scheme,
            company_second_factor=c.company_second_factor,
            contact_phone=c.phone,
            contact_email=c.email,
            website=c.website,
        )
        session.add(creditor)
        session.flush()
        session.add_all(
            CreditorBankAccount(
                creditor_id=saved_id(creditor),
                iban=iban,
                bic=bic,
                bank_name=bank,
                currency=c.currency,
            )
            for iban, bic, bank in c.accounts
        )
        creditors[c.key] = creditor
    debtors: dict[str, Debtor] = {}
    for d in DEBTORS:
        identity = validate_identity(d.country, d.kind, d.national_id)
        debtor = Debtor(
            kind=d.kind,
            name=d.name,
            national_id=identity.compact,
            id_country=d.country,
            birth_date=identity.birth_date,
            email=d.email,
            phone=d.phone,
            street=d.address[0],
            postal_code=d.address[1],
            city=d.address[2],
            address_country=d.country,
            preferred_language=d.language,
        )
        session.add(debtor)
        session.flush()
        debtors[d.key] = debtor
    for spec in CASES:
        _case(session, spec, creditors[spec.creditor], debtors[spec.debtor], today, rng)
    load_demo_staff(session, secret_key=secret_key, now=now)
    load_demo_plans(session, today=today)
    return True


def demo_logins(session: Session, *, settings: Settings, now: datetime) -> list[dict[str, str]]:
    """A fresh sign-in link per demo debtor (on their first open case) with the second factor to type."""
    logins = []
    for d in DEBTORS:
        debtor = session.exec(
            select(Debtor).where(
                Debtor.id_country == d.country,
                Debtor.national_id == validate_identity(d.country, d.kind, d.national_id).compact,
            )
        ).first()
        if debtor is None:
            continue
        case, creditor = session.exec(
            select(Case, Creditor)
            .join(Creditor, col(Creditor.id) == Case.creditor_id)
            .where(Case.debtor_id == debtor.id, col(Case.closed_on).is_(None))
            .order_by(col(Case.id))
        ).first()  # type: ignore[misc]
        link = issue_link(
            session, case, channel="letter", language=debtor.preferred_language, now=now, settings=settings
        )
        if debtor.kind == "person":
            label, value = "date of birth", debtor.birth_date.strftime("%d.%m.%Y")  # type: ignore[union-attr]
        elif creditor.company_second_factor == "registry_code":
            label, value = "registry code", debtor.national_id
        else:
            label, value = (
                "invoice number",
                session.exec(
                    select(ClaimLine.invoice_number).where(
                        ClaimLine.case_id == case.id, col(ClaimLine.invoice_number).is_not(None)
                    )
                ).first()
                or "",
            )
        logins.append(
            {
                "name": debtor.name,
                "kind": debtor.kind,
                "language": debtor.preferred_language,
                "url": link.url,
                "reference": display(case.reference),
                "code": link.code,
                "factor": label.replace(" ", "_"),
                "factor_label": label,
                "factor_value": value,
            }
        )
    return logins
