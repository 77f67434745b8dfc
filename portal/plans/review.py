"""A person decides on a referred plan request: agree to it as asked, offer another plan, or decline with reasons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from portal import i18n
from portal.cases.models import Case
from portal.config import Settings
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.i18n import N_
from portal.messages import service as messages
from portal.plans.affordability import ByAmount, ByMonths, plan_for, requested_plan
from portal.plans.forms import parse_first_due, parse_money
from portal.plans.models import PaymentPlan, PlanCase
from portal.plans.money import cases_in
from portal.plans.service import close_item, event
from portal.plans.wording import plan_summary
from portal.staff.actors import Actor, audit

MAX_DECISION = 4000
AGREED = (
    N_("We have looked at your payment plan request and we agree to this plan: %(plan)s."),
    N_("Please confirm it on the plan page so that it starts: %(url)s"),
)
COUNTERED = (
    N_(
        "We have looked at your payment plan request. We cannot agree it as you asked, but we offer you this "
        "plan: %(plan)s."
    ),
    N_("If it suits you, confirm it on the plan page: %(url)s"),
)
DECLINED = (
    N_("We have looked at your payment plan request and we cannot agree a plan at the moment."),
    N_("Our reasons:"),
)
DECLINED_AFTER = N_(
    "You can still pay any amount, ask again when your situation changes, or get free debt advice. Write to us if "
    "you want to talk it over."
)


class DecisionRefused(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def plan_for_staff(session: Session, actor: Actor, plan_id: int) -> PaymentPlan | None:
    """The plan if this person may open its cases; None otherwise, the same answer whether it exists or not."""
    plan = session.get(PaymentPlan, plan_id)
    if plan is None:
        return None
    visible = session.exec(
        select(Case.id)
        .join(PlanCase, col(PlanCase.case_id) == Case.id)
        .where(PlanCase.plan_id == plan_id, actor.scope.condition())
    ).first()
    return plan if visible is not None else None


def first_due_for(plan: PaymentPlan, today: date, within_days: int) -> date:
    """The debtor's own first date if it is still ahead; else a week from today, within the policy's window."""
    return max(plan.asked_first_due_on, today + timedelta(days=min(7, within_days)))


def _decided(plan: PaymentPlan, actor: Actor, state: str, *, now: datetime, text: str | None = None) -> None:
    if plan.state != "referred":
        raise DecisionRefused({"form": "already_decided"})
    plan.state = state
    plan.decided_at = now
    plan.decided_by_id = actor.user.id
    plan.decision_text = text


def _tell_debtor(
    session: Session,
    settings: Settings,
    plan: PaymentPlan,
    cases: Sequence[Case],
    sentences: Sequence[str],
    staff_text: str | None,
    *,
    now: datetime,
    after: str | None = None,
) -> None:
    """A message in the debtor's own language, whoever decides; they are told by e-mail or SMS that it waits."""
    debtor = session.get(Debtor, plan.debtor_id)
    with i18n.language_of(debtor.preferred_language if debtor else cases[0].notice_language):
        values = {
            "plan": plan_summary(plan.monthly_minor, plan.months, plan.last_minor, plan.currency),
            "url": f"{settings.base_url.rstrip('/')}/plans/{plan.id}",
        }
        parts = [i18n.gettext(sentence, **values) for sentence in sentences]
        closing = [i18n.gettext(after)] if after else []
    body = "\n\n".join([*parts, *([staff_text] if staff_text else []), *closing])
    messages.post_system(session, settings, cases[0], body[:4000], now=now)


def agree(
    session: Session,
    settings: Settings,
    actor: Actor,
    plan: PaymentPlan,
    *,
    today: date,
    now: datetime,
) -> None:
    """The plan as the debtor asked for it, to confirm; a first date already past moves inside the policy's window."""
    creditor = session.get(Creditor, plan.creditor_id)
    assert creditor is not None
    first_due_on = first_due_for(plan, today, creditor.plan_first_payment_within_days)
    request = (
        ByAmount(plan.asked_monthly_minor, first_due_on)
        if plan.asked_monthly_minor
        else ByMonths(plan.asked_months or 1, first_due_on)
    )
    agreed = requested_plan(plan.balance_minor, request)
    _decided(plan, actor, "proposed", now=now)
    plan.monthly_minor, plan.months, plan.last_minor = agreed.monthly_minor, agreed.months, agreed.last_minor
    plan.first_due_on = agreed.first_due_on
    _finish(session, settings, actor, plan, "agree", AGREED, None, now=now)


def counter(
    session: Session,
    settings: Settings,
    actor: Actor,
    plan: PaymentPlan,
    *,
    monthly: str,
    first_due_on: str,
    today: date,
    now: datetime,
) -> None:
    """Another plan, by a person: a monthly amount and a first date; as many months as the balance takes."""
    amount, amount_error = parse_money(monthly, required=True, zero=False)
    first, first_error = parse_first_due(first_due_on, today=today)
    errors = {name: code for name, code in (("monthly", amount_error), ("first_due_on", first_error)) if code}
    if errors or amount is None or first is None:
        raise DecisionRefused(errors)
    offered = plan_for(plan.balance_minor, amount, first)
    _decided(plan, actor, "countered", now=now)
    plan.monthly_minor, plan.months, plan.last_minor = offered.monthly_minor, offered.months, offered.last_minor
    plan.first_due_on = offered.first_due_on
    _finish(session, settings, actor, plan, "counter", COUNTERED, None, now=now)


def decline(session: Session, settings: Settings, actor: Actor, plan: PaymentPlan, *, text: str, now: datetime) -> None:
    reasons = text.strip()
    if not reasons:
        raise DecisionRefused({"text": "missing"})
    if len(reasons) > MAX_DECISION:
        raise DecisionRefused({"text": "too_long"})
    _decided(plan, actor, "declined", now=now, text=reasons)
    plan.ended_on = now.date()
    _finish(session, settings, actor, plan, "decline", (*DECLINED,), reasons, now=now, after=DECLINED_AFTER)


def _finish(
    session: Session,
    settings: Settings,
    actor: Actor,
    plan: PaymentPlan,
    action: str,
    sentences: Sequence[str],
    staff_text: str | None,
    *,
    now: datetime,
    after: str | None = None,
) -> None:
    if not actor.can_act:
        raise PermissionError("only agency staff who act on cases decide on plans")
    cases = cases_in(session, plan)
    session.add(plan)
    close_item(session, plan, now, reason=action, by_id=actor.user.id)
    for case in cases:
        event(session, saved_id(case), f"plan_review_{action}", now=now, actor_kind="staff")
    _tell_debtor(session, settings, plan, cases, sentences, staff_text, now=now, after=after)
    audit(session, actor, f"staff.plan.{action}", cases[0], plan_id=plan.id)
    session.flush()
