"""Sending the outbox: each unsent message (e-mail or SMS), marked sent or kept with its error for a later run."""

from __future__ import annotations

import logging
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlmodel import Session

from portal import i18n
from portal.config import Settings, get_settings
from portal.notices.mail import Mailer
from portal.notices.models import OutboxMessage
from portal.notices.outbox import claim_unsent, mark_failed, mark_sent
from portal.notices.sms import SmsSender, sms_sender_for
from portal.payments import receipts

log = logging.getLogger(__name__)


def deliver_outbox(
    session: Session,
    mailer: Mailer,
    *,
    now: datetime,
    limit: int = 50,
    settings: Settings | None = None,
    sms: SmsSender | None = None,
) -> int:
    """Sends up to `limit` messages, each by its channel; returns how many went out. The caller commits (the claimed
    rows stay locked). Without `sms`, SMS go through the sender the settings choose.

    A crash between sending and committing sends a message again on the next run; its Message-ID (e-mail) or
    reference (SMS) stays the same, so the copy can be recognised.
    """
    settings = settings or get_settings()
    sent = 0
    for message in claim_unsent(session, limit=limit):
        try:
            if message.channel == "sms":
                sms = sms or sms_sender_for(settings)
                sms.send(to=message.recipient, text=message.body_text, reference=_reference(message))
            elif message.channel == "email":
                mailer.send(compose(session, message, mailer, settings=settings, now=now))
            else:
                raise ValueError(f"unknown channel {message.channel!r}")
        except Exception as error:
            log.warning("outbox message %s not sent (attempt %s): %s", message.id, message.attempts + 1, error)
            mark_failed(message, error)
        else:
            mark_sent(message, now=now)
            sent += 1
        session.add(message)
        session.flush()
    return sent


def _reference(message: OutboxMessage) -> str:
    return f"outbox.{message.id}.{int(message.created_at.timestamp())}"


def compose(
    session: Session, message: OutboxMessage, mailer: Mailer, *, settings: Settings, now: datetime
) -> EmailMessage:
    domain = parseaddr(mailer.sender)[1].rpartition("@")[2] or "accord.example"
    email = EmailMessage()
    email["From"] = mailer.sender
    email["To"] = message.recipient
    if mailer.reply_to:
        email["Reply-To"] = mailer.reply_to
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = f"<outbox.{message.id}.{int(message.created_at.timestamp())}@{domain}>"
    email.set_content(message.body_text, charset="utf-8")
    if message.kind == "receipt":
        filename, pdf = _receipt_pdf(session, message, settings=settings, now=now)
        email.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    # Set last: set_content() and add_attachment() move or drop the Content-* headers they find.
    email["Content-Language"] = message.language
    return email


def _receipt_pdf(session: Session, message: OutboxMessage, *, settings: Settings, now: datetime) -> tuple[str, bytes]:
    entry_id = int(message.data["entry_id"])
    with i18n.language_of(message.language) as language:
        receipt = receipts.receipt_for_entry(session, entry_id, today=now.date())
        if receipt is None:
            raise LookupError(f"ledger entry {entry_id} is not a payment")
        pdf = receipts.render_pdf(receipt, settings=settings, generated_at=now)
    return f"receipt-{receipt.view.case.reference}-{entry_id}-{language}.pdf", pdf
