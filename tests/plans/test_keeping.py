"""Keeping a plan day by day with a frozen clock: a late reminder, a warning, the break after grace, completion."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from portal.cases.models import Case, CaseEvent
from portal.cases.service import Scope, case_view
from portal.collection.guard import Action
from portal.collection.service import check
from portal.config import Settings
from portal.notices.models import OutboxMessage
from portal.plans import groups, money, service
from portal.plans.affordability import ByAmount
from portal.plans.forms import PlanForm
from portal.plans.keeping import keep_plans
from portal.plans.models import PaymentPlan
from tests import factories
from tests.conftest import test_settings as base_settings

DAY = date(2026, 1, 5)  # a Monday; the first instalment falls due a week later
NOW = factories.NOW


def active_plan(db: Session, *, monthly_minor: int = 10_000, principal_minor: int = 30_000) -> tuple[PaymentPlan, Case]:
    creditor = factories.creditor(db, country="FI", currency="EUR", reference_scheme="fi_viite")
    person = factories.debtor(db, id_country="FI", email="aino@example.fi", preferred_language="fi")
    case = factories.case(
        db, creditor_row=creditor, debtor_row=person, principal_minor=principal_minor, stage="payment_demand"
    )
    (group,) = groups.groups_of(db, person.id or 0, today=DAY)
    form = PlanForm((case.reference,), ByAmount(monthly_minor, DAY + timedelta(days=7)), household=None)
    person.kind = "company"  # the policy check only: these tests are about keeping the plan, not affording it
    plan = service.propose(db, person, group, form, note=None, today=DAY, now=NOW, address="test")
    assert plan.state == "proposed"
    service.confirm(db, plan, auto_collect=False, today=DAY, now=NOW, address="test")
    return plan, case


def run(db: Session, settings: Settings, day: date) -> None:
    keep_plans(db, settings, today=day, now=NOW)


def outbox(db: Session) -> list[str]:
    return [row.kind for row in db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()]


def test_a_missed_instalment_is_reminded_warned_and_the_plan_breaks_only_after_grace_and_tolerance(
    db: Session,
) -> None:
    settings = base_settings()
    plan, case = active_plan(db)
    first_due = DAY + timedelta(days=7)  # grace 10 days, tolerance 1: two instalments must be missed past grace
    run(db, settings, first_due)
    assert outbox(db) == []  # due today: nothing yet
    run(db, settings, first_due + timedelta(days=1))
    assert outbox(db) == ["plan_late"]
    run(db, settings, first_due + timedelta(days=2))
    assert outbox(db) == ["plan_late"]  # once per instalment
    second_due = date(2026, 2, 12)
    breaks_on = second_due + timedelta(days=10 + 1)
    run(db, settings, breaks_on - timedelta(days=8))
    assert "plan_warning" not in outbox(db)
    run(db, settings, breaks_on - timedelta(days=7))
    assert outbox(db).count("plan_warning") == 1
    run(db, settings, breaks_on - timedelta(days=1))
    db.refresh(plan)
    assert plan.state == "active"
    assert check(db, case, Action.REGISTER_ENTRY, today=breaks_on).reason == "plan_protects"
    run(db, settings, breaks_on)
    db.refresh(plan)
    db.refresh(case)
    assert plan.state == "broken" and plan.ended_on == breaks_on and not case.has_active_plan
    assert outbox(db)[-1] == "plan_broken"
    assert db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "plan_broken")).one()
    assert check(db, case, Action.REGISTER_ENTRY, today=breaks_on).allowed
    view = case_view(db, Scope(debtor_id=case.debtor_id), case.reference, today=breaks_on)
    assert view is not None and view.next_step.reason != "plan_protects"  # the next step and its date are back


def test_paying_the_arrears_before_the_break_keeps_the_plan(db: Session) -> None:
    settings = base_settings()
    plan, case = active_plan(db)
    factories.payment(db, case, 20_000, received_on=date(2026, 2, 20))  # the first two instalments, late
    run(db, settings, date(2026, 2, 24))
    db.refresh(plan)
    assert plan.state == "active"


def test_the_last_payment_completes_the_plan(db: Session) -> None:
    settings = base_settings()
    plan, case = active_plan(db)
    factories.payment(db, case, 30_000, received_on=DAY + timedelta(days=3))
    run(db, settings, DAY + timedelta(days=3))
    db.refresh(plan)
    db.refresh(case)
    assert plan.state == "completed" and not case.has_active_plan
    assert outbox(db) == ["plan_completed"]


def test_a_payment_before_the_plan_started_does_not_count(db: Session) -> None:
    settings = base_settings()
    factories_payment_day = DAY - timedelta(days=1)
    plan, case = active_plan(db)
    factories.payment(db, case, 5_000, received_on=factories_payment_day)
    assert money.paid_toward(db, plan) == 0
    run(db, settings, DAY)
    db.refresh(plan)
    assert plan.state == "active"


def test_the_demo_has_a_kept_plan_and_a_request_waiting_for_a_person(db: Session) -> None:
    from portal.demo.loader import load_demo
    from portal.work.models import WorkItem

    assert load_demo(db, today=DAY, secret_key="k" * 40)
    states = sorted(plan.state for plan in db.exec(select(PaymentPlan)).all())
    assert states == ["active", "referred"]
    assert db.exec(select(WorkItem).where(WorkItem.kind == "plan_review")).one()


def test_a_plan_whose_debt_was_credited_away_completes_rather_than_breaks(db: Session) -> None:
    settings = base_settings()
    plan, case = active_plan(db)
    factories.payment(db, case, 30_000, kind="credit_note", method="credit_note", received_on=DAY + timedelta(days=1))
    run(db, settings, date(2026, 6, 1))  # long after every due date
    db.refresh(plan)
    assert plan.state == "completed"
