"""Telling a debtor that a message is waiting, by e-mail or SMS, without a word of what it says."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from portal import i18n
from portal.cases.models import Case
from portal.cases.references import display
from portal.config import Settings
from portal.contact.details import is_mobile, parse_phone
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_, gettext
from portal.messages.models import Message
from portal.messages.rules import notification_channel
from portal.notices.outbox import enqueue

KIND = "message_waiting"
SUBJECT = N_("A new message about your case %(reference)s")
EMAIL_TEXT = N_(
    "You have a new message from %(agency)s about case %(reference)s. For your privacy, the message is not in this "
    "e-mail. Sign in to read it: %(url)s"
)
EMAIL_CHECK = N_("Not sure this e-mail is really from us? Check it at %(url)s without signing in.")
SMS_TEXT = N_("%(agency)s: you have a new message about case %(reference)s. Sign in to read it: %(url)s")


def dedupe_key(message_id: int) -> str:
    return f"message:{message_id}"


def sms_number(debtor: Debtor) -> str | None:
    """The debtor's number in E.164 when text messages can reach it (a mobile), else None."""
    number, _error = parse_phone(debtor.phone or "", debtor.address_country or debtor.id_country)
    return number if is_mobile(number) else None


def notify_debtor(session: Session, settings: Settings, case: Case, message: Message, *, now: datetime) -> str | None:
    """Queues the notice in the debtor's language; returns the channel used, None when we have no way to tell them."""
    debtor = session.get(Debtor, case.debtor_id)
    if debtor is None:
        return None
    phone = sms_number(debtor)
    channel = notification_channel(debtor.preferred_channel, has_email=bool(debtor.email), has_phone=bool(phone))
    if channel is None:
        return None
    base_url = settings.base_url.rstrip("/")
    values = {"agency": settings.agency_name, "reference": display(case.reference), "url": f"{base_url}/"}
    # The debtor's language, not the request's: the agent writing may read the console in another one.
    with i18n.language_of(debtor.preferred_language) as language:
        subject = gettext(SUBJECT, **values)
        if channel == "email":
            check = gettext(EMAIL_CHECK, url=f"{base_url}/verify")
            text = "\n\n".join([gettext(EMAIL_TEXT, **values), check]) + "\n"
        else:
            text = gettext(SMS_TEXT, **values)
    enqueue(
        session,
        kind=KIND,
        channel=channel,
        recipient=str(debtor.email if channel == "email" else phone),
        language=language,
        subject=subject if channel == "email" else "",
        body_text=text,
        data={"message_id": saved_id(message), "case_reference": case.reference},
        dedupe_key=dedupe_key(saved_id(message)),
        now=now,
    )
    return channel
