"""A creditor sets its own plan rules and settlement offer in the console; nobody sets another's."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.plans.policy import parse_percent, parse_rules
from tests import factories
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user

GOOD = {
    "plan_min_instalment": "25",
    "plan_max_months": "36",
    "plan_max_auto_months": "18",
    "plan_first_payment_within_days": "10",
    "plan_grace_days": "7",
    "plan_missed_tolerance": "2",
    "plan_max_moves": "3",
    "plan_move_max_days": "10",
    "settlement_discount": "12,5",
    "settlement_valid_days": "45",
}


@pytest.mark.parametrize(
    ("typed", "bp", "error"),
    [
        ("10", 1_000, None),
        ("12,5", 1_250, None),
        ("0", 0, None),
        ("7.25 %", 725, None),
        ("50", 5_000, None),
        ("50.01", None, "out_of_range"),
        ("-1", None, "out_of_range"),
        ("ten", None, "not_number"),
        ("1.234", None, "not_number"),
        ("", None, "missing"),
        ("NaN", None, "not_number"),
    ],
)
def test_parse_percent(typed: str, bp: int | None, error: str | None) -> None:
    assert parse_percent(typed) == (bp, error)


def test_the_automatic_limit_cannot_exceed_the_longest_plan() -> None:
    rules, errors = parse_rules({**GOOD, "plan_max_auto_months": "40"})
    assert rules is None and errors == {"plan_max_auto_months": "more_than_longest"}


def test_a_creditor_user_sets_its_own_rules_and_the_debtors_form_shows_them(client: TestClient, db: Session) -> None:
    creditor = factories.creditor(db, name="Revontuli Oy")
    user = staff_user(db, "creditor", creditor_id=creditor.id)
    sign_in_staff(client, user)
    assert client.get("/staff/plan-rules", follow_redirects=False).headers["location"] == (
        f"/staff/plan-rules/{creditor.id}"
    )
    response = post_form(client, f"/staff/plan-rules/{creditor.id}", GOOD)
    assert response.status_code == 303
    db.refresh(creditor)
    assert (creditor.plan_min_instalment_minor, creditor.plan_max_months, creditor.settlement_discount_bp) == (
        2_500,
        36,
        1_250,
    )
    record = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.plan_rules.update")).one()
    assert record.detail["after"]["plan_max_auto_months"] == 18 and record.detail["before"]["plan_max_months"] == 24
    other = factories.creditor(db)
    assert client.get(f"/staff/plan-rules/{other.id}").status_code == 404
    refused = post_form(client, f"/staff/plan-rules/{other.id}", GOOD, form_page=f"/staff/plan-rules/{creditor.id}")
    assert refused.status_code == 404
    db.refresh(other)
    assert other.plan_max_months == 24


def test_bad_rules_are_refused_and_change_nothing(client: TestClient, db: Session) -> None:
    creditor = factories.creditor(db)
    sign_in_staff(client, staff_user(db, "supervisor"))
    response = post_form(
        client, f"/staff/plan-rules/{creditor.id}", {**GOOD, "plan_max_months": "1000", "settlement_discount": "90"}
    )
    assert response.status_code == 400
    assert "The number must be between 1 and 120." in response.text
    assert "The discount must be between 0 and 50 per cent." in response.text
    db.refresh(creditor)
    assert creditor.plan_max_months == 24 and creditor.settlement_discount_bp == 0


def test_an_agent_cannot_change_plan_rules(client: TestClient, db: Session) -> None:
    creditor = factories.creditor(db)
    sign_in_staff(client, staff_user(db, "agent"))
    assert client.get(f"/staff/plan-rules/{creditor.id}").status_code == 403
