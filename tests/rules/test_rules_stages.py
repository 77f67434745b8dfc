"""The dated next step of a case per country, and what stops it (dispute, plan, payment)."""

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from portal.rules import CaseFacts, RulePackError, next_step, pack_for
from portal.rules.codes import STAGE_CODES, STEP_KINDS

TODAY = date(2026, 11, 22)
UNLESS = ("unless_paid", "unless_disputed", "unless_plan")


def _facts(country: str, stage: str, **changes: Any) -> CaseFacts:
    facts = CaseFacts(
        country=country,
        stage=stage,
        stage_entered_on=TODAY,
        oldest_due_on=date(2026, 10, 11),
        balance_minor=50000,
        principal_minor=45000,
        is_consumer=True,
    )
    return replace(facts, **changes)


def _step(country: str, stage: str, today: date = TODAY, **changes: Any):
    return next_step(pack_for(country), _facts(country, stage, **changes), today)


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"is_disputed": True}, "frozen_dispute"),
        ({"has_active_plan": True}, "plan_protects"),
        ({"is_closed": True}, "closed"),
        ({"is_closed": True, "is_disputed": True}, "closed"),
        ({"balance_minor": 0}, "nothing_owed"),
    ],
)
def test_dispute_plan_and_closure_stop_every_stage(country: str, changes: dict[str, Any], reason: str) -> None:
    for stage in STAGE_CODES[country]:
        step = _step(country, stage, **changes)
        assert (step.kind, step.on, step.reason, step.conditions) == ("none", None, reason, ())


@pytest.mark.parametrize(("country", "status"), [("EE", "U"), ("FI", "S"), ("RO", "S")])
def test_the_dispute_freeze_carries_its_legal_status(country: str, status: str) -> None:
    assert _step(country, "reminder", is_disputed=True).status == status


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
def test_every_stage_gives_a_known_kind(country: str) -> None:
    for stage in STAGE_CODES[country]:
        step = _step(country, stage, register_notice_sent_on=TODAY)
        assert step.kind in STEP_KINDS
        assert step.on is None or step.on >= TODAY


def test_ee_register_notice_once_more_than_45_days_overdue() -> None:
    step = _step("EE", "pre_collection")  # due 11.10.2026: day 46 is 26.11.2026
    assert (step.kind, step.on, step.reason, step.conditions) == (
        "register_notice",
        date(2026, 11, 26),
        "register_eligible",
        UNLESS,
    )


def test_ee_below_30_eur_never_goes_to_the_register() -> None:
    step = _step("EE", "pre_collection", balance_minor=2999)
    assert (step.kind, step.on, step.reason) == ("none", None, "not_eligible_amount")


def test_ee_register_entry_on_the_7th_day_after_the_notice() -> None:
    step = _step("EE", "register_notice", register_notice_sent_on=date(2026, 11, 26))
    assert (step.kind, step.on, step.reason, step.conditions) == (
        "register_entry",
        date(2026, 12, 3),
        "after_notice",
        UNLESS,
    )


def test_ee_a_premature_notice_means_a_new_notice() -> None:
    step = _step("EE", "register_notice", register_notice_sent_on=date(2026, 11, 20))
    assert (step.kind, step.on, step.reason) == (
        "register_notice",
        date(2026, 11, 26),
        "notice_before_eligible",
    )


@pytest.mark.parametrize(("balance", "reason"), [(800000, "payment_order"), (800001, "ordinary_action")])
def test_ee_court_route_depends_on_the_8000_eur_limit(balance: int, reason: str) -> None:
    step = _step("EE", "register_entry", balance_minor=balance, register_entered_on=date(2026, 12, 3))
    assert (step.kind, step.reason, step.status) == ("court_application", reason, "U")
    assert step.on == date(2027, 1, 2)  # policy wait of 30 days (U)


def test_ee_reminder_moves_to_pre_collection_after_the_policy_wait() -> None:
    step = _step("EE", "reminder", last_reminder_on=date(2026, 11, 20))
    assert (step.kind, step.on, step.status) == ("pre_collection", date(2026, 12, 4), "U")


@pytest.mark.parametrize(("reminder_on", "demand_on"), [(date(2026, 11, 1), date(2026, 11, 16))])
def test_fi_demand_only_after_14_full_days(reminder_on: date, demand_on: date) -> None:
    step = _step("FI", "reminder", last_reminder_on=reminder_on, today=reminder_on)
    assert (step.kind, step.on, step.reason, step.status) == (
        "payment_demand",
        demand_on,
        "after_reminder_interval",
        "C",
    )
    assert step.on - reminder_on == timedelta(days=15)


def test_fi_second_demand_after_the_payment_window() -> None:
    sent = date(2026, 11, 1)
    step = _step("FI", "payment_demand", today=sent, last_cost_letter_on=sent, payment_demands_sent=1)
    # Deemed received after 7 days (U), 10 days to pay, so the window's last day is 18.11.
    assert (step.kind, step.on, step.status) == ("second_payment_demand", date(2026, 11, 19), "U")


def test_fi_legal_collection_after_the_last_allowed_demand() -> None:
    sent = date(2026, 11, 1)
    step = _step("FI", "payment_demand", today=sent, last_cost_letter_on=sent, payment_demands_sent=2)
    assert (step.kind, step.on, step.reason) == (
        "legal_collection",
        date(2026, 12, 3),
        "after_payment_window",
    )


@pytest.mark.parametrize(("country", "stage"), [("EE", "court"), ("FI", "legal_collection"), ("RO", "court")])
def test_enforcement_waits_for_a_title(country: str, stage: str) -> None:
    waiting = _step(country, stage)
    assert (waiting.kind, waiting.on, waiting.reason) == ("enforcement_request", None, "awaiting_title")
    ready = _step(country, stage, title_on=date(2026, 11, 10))
    assert (ready.kind, ready.on, ready.reason) == ("enforcement_request", TODAY, "title_obtained")


def test_ro_bureau_notice_once_more_than_30_days_late() -> None:
    step = _step("RO", "amicable", today=date(2026, 11, 1))
    assert (step.kind, step.on) == ("bureau_notice", date(2026, 11, 11))


def test_ro_bureau_report_15_days_after_the_notice() -> None:
    notice = date(2026, 11, 11)
    step = _step("RO", "bureau_notice", today=notice, register_notice_sent_on=notice)
    assert (step.kind, step.on, step.reason) == ("bureau_report", date(2026, 11, 26), "after_notice")


def test_ro_formal_notice_after_the_report() -> None:
    step = _step("RO", "bureau_notice", register_notice_sent_on=date(2026, 11, 11), register_entered_on=TODAY)
    assert (step.kind, step.on, step.reason, step.status) == (
        "formal_notice",
        date(2026, 12, 22),
        "after_bureau_report",
        "U",
    )


def test_ro_court_only_after_the_15_days_of_the_somatie() -> None:
    received = date(2026, 11, 2)
    step = _step("RO", "formal_notice", today=received, stage_entered_on=received)
    assert (step.kind, step.on, step.citation) == ("court_application", date(2026, 11, 18), "CPC art. 1015")


@pytest.mark.parametrize(("country", "stage"), [("EE", "enforcement"), ("FI", "post_collection")])
def test_no_collection_step_while_others_act(country: str, stage: str) -> None:
    step = _step(country, stage)
    assert (step.kind, step.on, step.reason) == ("none", None, f"{stage}_in_progress")


def test_facts_must_match_the_pack() -> None:
    with pytest.raises(ValueError, match="FI"):
        next_step(pack_for("EE"), _facts("FI", "reminder"), TODAY)
    with pytest.raises(RulePackError, match="unknown stage"):
        next_step(pack_for("EE"), _facts("EE", "amicable"), TODAY)
