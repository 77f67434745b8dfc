"""What a debtor is told about their plan by e-mail or SMS: a late instalment, a plan about to end, its end."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from portal import i18n
from portal.cases.models import Case
from portal.cases.references import display
from portal.config import Settings
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_, format_day, format_money, gettext
from portal.messages.notifications import sms_number
from portal.messages.rules import notification_channel
from portal.notices.outbox import enqueue
from portal.plans.models import PaymentPlan

SUBJECTS = {
    "plan_late": N_("Your instalment for case %(reference)s has not arrived yet"),
    "plan_warning": N_("Your payment plan for case %(reference)s will end on %(date)s unless you pay"),
    "plan_broken": N_("Your payment plan for case %(reference)s has ended"),
    "plan_completed": N_("Your payment plan for case %(reference)s is complete"),
    "plan_charge_failed": N_("We could not take your instalment for case %(reference)s from your card"),
}
TEXTS = {
    "plan_late": N_(
        "Your instalment of %(amount)s was due on %(due)s and we have not received it yet. Your plan stays in place "
        "if you pay by %(date)s. If something has changed, you can move a due date or talk to us: %(url)s"
    ),
    "plan_warning": N_(
        "We have not received %(amount)s of your instalments. If it is not paid by %(date)s, your payment plan ends "
        "and collection starts again. Pay, move a due date or talk to us before then: %(url)s"
    ),
    "plan_broken": N_(
        "We did not receive the missed instalments in time, so your payment plan has ended and collection starts "
        "again. You can still pay, or ask for a new plan that fits what you can afford: %(url)s"
    ),
    "plan_completed": N_("Nothing is left to pay under your payment plan. Thank you. %(url)s"),
    "plan_charge_failed": N_(
        "We tried to take your instalment of %(amount)s, due on %(due)s, from your card, but the payment did not go "
        "through and no money was taken. Your plan stays in place if you pay it by %(date)s, by card or bank "
        "transfer. You can also save another card: %(url)s"
    ),
}


def notify(
    session: Session,
    settings: Settings,
    plan: PaymentPlan,
    case: Case,
    kind: str,
    *,
    now: datetime,
    dedupe: str,
    amount_minor: int = 0,
    due_on: date | None = None,
    until: date | None = None,
) -> str | None:
    """Queues the notice in the debtor's language by the channel they prefer; None when we cannot reach them."""
    debtor = session.get(Debtor, plan.debtor_id)
    if debtor is None:
        return None
    phone = sms_number(debtor)
    channel = notification_channel(debtor.preferred_channel, has_email=bool(debtor.email), has_phone=bool(phone))
    if channel is None:
        return None
    with i18n.language_of(debtor.preferred_language) as language:
        values = {
            "reference": display(case.reference),
            "amount": format_money(amount_minor, plan.currency),
            "due": format_day(due_on) if due_on else "",
            "date": format_day(until) if until else "",
            "url": f"{settings.base_url.rstrip('/')}/plans/{plan.id}",
        }
        subject = gettext(SUBJECTS[kind], **values)
        text = gettext(TEXTS[kind], **values)
    enqueue(
        session,
        kind=kind,
        channel=channel,
        recipient=str(debtor.email if channel == "email" else phone),
        language=language,
        subject=subject if channel == "email" else "",
        body_text=text + "\n",
        data={"plan_id": saved_id(plan), "case_reference": case.reference},
        dedupe_key=f"{kind}:{plan.id}:{dedupe}",
        now=now,
    )
    return channel
