"""Receipts by e-mail: queued once when a payment is booked, delivered over real SMTP or into .eml files."""

from __future__ import annotations

import io
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from portal import i18n
from portal.cases.ledger import Booking, DuplicateEntry, book
from portal.cases.models import Case, LedgerEntry
from portal.config import Settings
from portal.notices.delivery import deliver_outbox
from portal.notices.mail import FileMailer, SmtpMailer
from portal.notices.models import OutboxMessage
from portal.notices.outbox import MAX_ATTEMPTS
from tests import factories
from tests.smtp import Inbox, smtp_server

SENDER = "Accord Collections <no-reply@accord.example>"


def _case(db: Session, *, language: str = "en", email: str | None = "mari@example.com") -> Case:
    person = factories.debtor(db, preferred_language=language, email=email)
    return factories.case(db, debtor_row=person, principal_minor=10_000)


def _pay(
    db: Session, case: Case, amount_minor: int = 2_500, *, external_id: str = "BANK-1", kind: str = "payment"
) -> LedgerEntry:
    method = "bank_transfer" if kind == "payment" else "credit_note"
    booking = Booking(kind, method, "bank", external_id, amount_minor, factories.TODAY)
    return book(db, case, booking, now=factories.NOW, today=factories.TODAY, actor_kind="staff")


def _messages(db: Session) -> list[OutboxMessage]:
    return list(db.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())  # type: ignore[arg-type]


def _smtp_mailer(port: int) -> SmtpMailer:
    return SmtpMailer("127.0.0.1", port, False, None, None, sender=SENDER, reply_to="help@accord.example", timeout=5)


def _pdf_text(message: EmailMessage) -> tuple[str, str]:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pdf = attachment.get_content()
    return str(attachment.get_filename()), "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_booking_a_payment_queues_one_receipt_in_the_debtors_language(db: Session) -> None:
    case = _case(db, language="fi")
    with i18n.language_of("ro"):  # whoever books it (a Romanian-speaking agent), the debtor reads Finnish
        entry = _pay(db, case, external_id="FI-REF-1")
        assert i18n.current_language() == "ro"
    with pytest.raises(DuplicateEntry):
        _pay(db, case, external_id="FI-REF-1")
    [message] = _messages(db)
    assert (message.kind, message.recipient, message.language) == ("receipt", "mari@example.com", "fi")
    assert message.dedupe_key == f"receipt:{entry.id}" and message.sent_at is None
    assert message.data == {"entry_id": entry.id, "case_reference": case.reference}
    assert "25,00\u00a0€" in message.body_text, "amounts are written the Finnish way"
    assert "75,00\u00a0€" in message.body_text, "the balance still to pay after the payment"


def test_credit_notes_and_debtors_without_an_address_get_no_e_mail(db: Session) -> None:
    _pay(db, _case(db), external_id="CN-1", kind="credit_note")
    _pay(db, _case(db, email=None), external_id="BANK-2")
    assert _messages(db) == []


def test_delivery_over_smtp_sends_each_receipt_once(db: Session, settings: Settings, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    case = _case(db, language="en")
    _pay(db, case, 10_000, external_id="BANK-FULL")
    assert deliver_outbox(db, _smtp_mailer(port), now=factories.NOW, settings=settings) == 1
    [(recipients, message)] = inbox.received
    assert recipients == ["mari@example.com"]
    reference = f"{case.reference[:2]} {case.reference[2:]}"
    assert message["Subject"].startswith("Receipt for your payment on case")
    assert message["Content-Language"] == "en"
    assert message["From"] == SENDER and message["Reply-To"] == "help@accord.example"
    assert message["Message-ID"].endswith("@accord.example>") and message["Date"]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "We have received your payment of €100.00" in body.get_content()
    assert "Nothing is left to pay on this case." in body.get_content()
    filename, text = _pdf_text(message)
    assert filename.endswith("-en.pdf")
    assert "Payment receipt" in text and "€100.00" in text and "BANK-FULL" in text
    assert reference.split()[1][:4] in text
    [stored] = _messages(db)
    assert stored.sent_at == factories.NOW and stored.attempts == 1 and stored.last_error is None
    assert deliver_outbox(db, _smtp_mailer(port), now=factories.NOW, settings=settings) == 0
    assert len(inbox.received) == 1


def test_a_finnish_debtors_receipt_is_written_in_finnish(
    db: Session, settings: Settings, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _pay(db, _case(db, language="fi"), 2_500, external_id="FI-REF-2")
    assert deliver_outbox(db, _smtp_mailer(port), now=factories.NOW, settings=settings) == 1
    [(_, message)] = inbox.received
    assert message["Content-Language"] == "fi"
    filename, text = _pdf_text(message)
    assert filename.endswith("-fi.pdf") and "25,00" in text


def test_an_smtp_failure_is_recorded_and_tried_again_later(db: Session, settings: Settings) -> None:
    inbox = Inbox()
    controller = smtp_server(inbox)
    mailer = _smtp_mailer(controller.port)
    controller.stop()  # the relay is down
    _pay(db, _case(db), external_id="BANK-DOWN")
    assert deliver_outbox(db, mailer, now=factories.NOW, settings=settings) == 0
    [message] = _messages(db)
    assert message.sent_at is None and message.attempts == 1 and message.last_error
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_outbox(db, mailer, now=factories.NOW, settings=settings)
    assert message.attempts == MAX_ATTEMPTS, "a message that keeps failing is given up after five tries"


def test_a_failed_message_goes_out_once_the_relay_is_back(db: Session, settings: Settings) -> None:
    inbox = Inbox()
    controller = smtp_server(inbox)
    controller.stop()
    _pay(db, _case(db), external_id="BANK-LATER")
    assert deliver_outbox(db, _smtp_mailer(controller.port), now=factories.NOW, settings=settings) == 0
    controller = smtp_server(inbox)
    try:
        assert deliver_outbox(db, _smtp_mailer(controller.port), now=factories.NOW, settings=settings) == 1
    finally:
        controller.stop()
    [message] = _messages(db)
    assert len(inbox.received) == 1 and message.sent_at is not None and message.last_error is None


def test_the_file_mailer_writes_a_readable_eml(db: Session, settings: Settings, tmp_path: Path) -> None:
    _pay(db, _case(db), 2_500, external_id="BANK-FILE")
    mailer = FileMailer(tmp_path / "outbox", sender=SENDER, reply_to="help@accord.example")
    assert deliver_outbox(db, mailer, now=factories.NOW, settings=settings) == 1
    [path] = list((tmp_path / "outbox").glob("*.eml"))
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "mari@example.com" and message["Subject"].startswith("Receipt for your payment")
    assert "€25.00" in _pdf_text(message)[1]
