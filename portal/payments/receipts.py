"""A payment's receipt: who paid whom, how the money was used and what is left, as a PDF in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session
from weasyprint import HTML

from portal import i18n
from portal.cases.balance import AllocationInput, LineInput, balance_of
from portal.cases.models import Case, LedgerEntry
from portal.cases.service import AGENCY, CaseView, Payment, case_view
from portal.config import Settings
from portal.db import saved_id
from portal.pages import templates
from portal.payments import wording


@dataclass(frozen=True)
class Receipt:
    view: CaseView
    payment: Payment
    balance_after_minor: int  # still to pay once this payment (and every one booked before it) was used


def receipt_of(view: CaseView, entry_id: int) -> Receipt | None:
    """The receipt of a payment on this case; None for a credit note or an entry of another case."""
    payment = next((p for p in view.payments if p.entry.id == entry_id and p.entry.kind == "payment"), None)
    if payment is None:
        return None
    # Booking order is id order: the balance after this payment counts it and every entry booked before it.
    booked = [p for p in view.payments if saved_id(p.entry) <= entry_id]
    balance = balance_of(
        [LineInput(saved_id(line), line.kind, line.amount_minor) for line in view.lines],
        [AllocationInput(saved_id(line), amount) for p in booked for line, amount in p.allocated],
        sum(p.entry.amount_minor for p in booked),
    )
    return Receipt(view, payment, max(balance.open(), 0))


def receipt_for_entry(session: Session, entry_id: int, *, today: date) -> Receipt | None:
    """The receipt of any payment, for the e-mail that carries it (no reader's scope: the outbox is ours)."""
    entry = session.get(LedgerEntry, entry_id)
    case = session.get(Case, entry.case_id) if entry else None
    view = case_view(session, AGENCY, case.reference, today=today) if case else None
    return receipt_of(view, entry_id) if view else None


def render_pdf(receipt: Receipt, *, settings: Settings, generated_at: datetime) -> bytes:
    entry = receipt.payment.entry
    html = templates.get_template("payments/receipt.html").render(
        {
            "receipt": receipt,
            "view": receipt.view,
            "entry": entry,
            "method": wording.METHODS.get(entry.method),
            "provider_id_label": wording.PROVIDER_IDS.get(entry.method, wording.PROVIDER_ID_DEFAULT),
            "settings": settings,
            "generated_at": generated_at,
            "lang": i18n.current_language(),
        }
    )
    return HTML(string=html, base_url=settings.base_url).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
