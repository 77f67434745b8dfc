"""Demo payment plans: one being kept (an instalment paid), one waiting for a person, and a settlement offer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from portal.cases.ledger import Booking, book
from portal.cases.models import Case
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.plans import groups, service
from portal.plans.affordability import ByMonths, Household
from portal.plans.forms import PlanForm

# Dunărea offers 10 % off a whole case paid within 30 days.
SETTLEMENT_CREDITOR = "Dunărea Utilități S.R.L."


def _case(session: Session, creditor_reference: str) -> tuple[Case, Debtor]:
    case = session.exec(select(Case).where(Case.creditor_reference == creditor_reference)).one()
    debtor = session.get(Debtor, case.debtor_id)
    assert debtor is not None
    return case, debtor


def _group(session: Session, debtor: Debtor, case: Case, today: date) -> groups.Group:
    group = groups.group_of(groups.groups_of(session, saved_id(debtor), today=today), case.reference)
    assert group is not None, f"demo case {case.creditor_reference} cannot be in a plan"
    return group


def load_demo_plans(session: Session, *, today: date) -> None:
    # Matti (Finland) agreed a plan five weeks ago and paid the first instalment; the next is due in a few days.
    started = today - timedelta(days=35)
    at = datetime.combine(started, time(9, 30), tzinfo=UTC)
    case, matti = _case(session, "LV-2026-1187")
    household = Household(net_income_minor=210_000, housing_minor=72_000, other_minor=45_000, household_size=1)
    form = PlanForm((case.reference,), ByMonths(12, started + timedelta(days=7)), household)
    plan = service.propose(
        session, matti, _group(session, matti, case, started), form, note=None, today=started, now=at, address="demo"
    )
    service.confirm(session, plan, auto_collect=False, today=started, now=at, address="demo")
    first_paid = started + timedelta(days=6)
    book(
        session,
        case,
        Booking("payment", "bank_transfer", "demo", f"demo-plan-{plan.id}-1", plan.monthly_minor, first_paid),
        now=datetime.combine(first_paid, time(11, 0), tzinfo=UTC),
        today=first_paid,
        actor_kind="system",
    )

    # Ioana (Romania) can afford 150 lei a month: her larger case would take 14 months, longer than is agreed
    # automatically, so a person decides.
    case, ioana = _case(session, "CC-2026-44102")
    asked = datetime.combine(today - timedelta(days=1), time(18, 5), tzinfo=UTC)
    household = Household(
        net_income_minor=300_000,
        housing_minor=120_000,
        utilities_minor=45_000,
        food_minor=110_000,
        transport_minor=10_000,
        household_size=3,
        dependants=1,
    )
    form = PlanForm((case.reference,), ByMonths(18, today + timedelta(days=10)), household)
    service.propose(
        session,
        ioana,
        _group(session, ioana, case, today),
        form,
        note="Am un copil mic și lucrez cu jumătate de normă până în martie.",
        today=today,
        now=asked,
        address="demo",
    )

    creditor = session.exec(select(Creditor).where(Creditor.name == SETTLEMENT_CREDITOR)).one()
    creditor.settlement_discount_bp = 1_000
    creditor.settlement_valid_days = 30
    session.add(creditor)
    session.flush()
