"""A debtor's "I have paid by transfer": checked, handed to staff as a work item, never a change to the balance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases.models import Case, CaseEvent
from portal.cases.references import is_well_formed
from portal.cases.service import CaseView
from portal.db import saved_id
from portal.i18n import N_
from portal.staff import forms
from portal.work.models import WorkItem
from portal.work.service import create_item
from portal.work.types import WorkType, register, register_queue

MAX_NOTE = 1000
MAX_AMOUNT_MINOR = 100_000_000  # 1 000 000.00: more is a typo, not a transfer a debtor made
# The same day and amount reported again within this time is the same transfer told twice.
REPEAT_WINDOW = timedelta(days=1)


def _record_transfer_page(item: WorkItem) -> str:
    """The console case page, where the transfer is recorded once it is found on the bank statement."""
    reference = str(item.data.get("case_reference", ""))
    return f"/staff/cases/{reference}#record" if is_well_formed(reference) else "/staff/cases"


register_queue("payments", N_("Payments"))
TRANSFER_REPORTED = register(
    WorkType(
        "transfer_reported",
        "payments",
        N_("Check a bank transfer the debtor reported"),
        timedelta(days=2),
        priority=2,
        handler=_record_transfer_page,
    )
)


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_RECEIVED = "already_received"


@dataclass(frozen=True)
class TransferReport:
    paid_on: date
    amount_minor: int
    note: str


def opened_on(view: CaseView) -> date:
    return view.case.opened_at.astimezone(ZoneInfo(view.zone)).date()


def parse_report(
    values: dict[str, str], *, today: date, opened_on: date
) -> tuple[TransferReport | None, dict[str, str]]:
    """The form's fields, or reason codes by field (see `portal.payments.wording.REPORT_ERRORS`)."""
    errors: dict[str, str] = {}
    parts = [values.get(name, "").strip() for name in ("day", "month", "year")]
    paid_on, day_error = forms.parse_day(".".join(parts) if any(parts) else "", today=today, earliest=opened_on)
    amount_minor, amount_error = forms.parse_amount(values.get("amount", ""))
    if amount_minor is not None and amount_minor > MAX_AMOUNT_MINOR:
        amount_error = "too_much"
    note = values.get("note", "").strip()
    if day_error:
        errors["paid_on"] = day_error
    if amount_error:
        errors["amount"] = amount_error
    if len(note) > MAX_NOTE:
        errors["note"] = "too_long"
    if errors or paid_on is None or amount_minor is None:
        return None, errors
    return TransferReport(paid_on, amount_minor, note), {}


def _told_before(session: Session, case_id: int, report: TransferReport, now: datetime) -> bool:
    recent = session.exec(
        select(WorkItem).where(
            WorkItem.case_id == case_id,
            WorkItem.kind == TRANSFER_REPORTED.code,
            col(WorkItem.created_at) >= now - REPEAT_WINDOW,
        )
    ).all()
    return any(
        item.data.get("paid_on") == report.paid_on.isoformat() and item.data.get("amount_minor") == report.amount_minor
        for item in recent
    )


def report_transfer(
    session: Session, view: CaseView, report: TransferReport, *, now: datetime, address: str
) -> Outcome:
    """One work item, one timeline event and one audit record; nothing at all for a repeat."""
    case_id, debtor_id = saved_id(view.case), saved_id(view.debtor)
    # Two submissions at once wait for each other here (PostgreSQL), so the second one sees the first item.
    session.exec(select(Case.id).where(Case.id == case_id).with_for_update()).one()
    if _told_before(session, case_id, report, now):
        return Outcome.ALREADY_RECEIVED
    details = {"paid_on": report.paid_on.isoformat(), "amount_minor": report.amount_minor}
    item = create_item(
        session,
        kind=TRANSFER_REPORTED.code,
        case_id=case_id,
        # Figures only, no words: the label says what it is, in the language of whoever reads the queue.
        summary=" · ".join(
            part
            for part in (
                f"{report.amount_minor / 100:.2f} {view.case.currency}",
                report.paid_on.isoformat(),
                report.note,
            )
            if part
        ),
        now=now,
        data={
            **details,
            "case_reference": view.case.reference,
            "currency": view.case.currency,
            "note": report.note,
            "debtor_id": debtor_id,
        },
    )
    session.add(
        CaseEvent(case_id=case_id, occurred_at=now, actor_kind="debtor", kind="transfer_reported", data=details)
    )
    record(
        session,
        "payments.transfer_reported",
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        case_id=case_id,
        address=address,
        item_id=item.id,
        **details,
    )
    session.flush()
    return Outcome.RECORDED
