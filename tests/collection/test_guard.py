"""Every collection action the product can take is refused on a disputed case, in every country."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from portal.collection.guard import Action, GuardFacts, decide
from portal.rules import CaseFacts, next_step, pack_for
from portal.rules.codes import STAGE_CODES

TODAY = date(2026, 11, 22)
COUNTRIES = ("EE", "FI", "RO")


def facts(country: str, **changes: bool) -> GuardFacts:
    return replace(GuardFacts(country, is_disputed=False, has_support_need=False, is_closed=False), **changes)


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("action", list(Action))
def test_a_dispute_blocks_every_collection_action(country: str, action: Action) -> None:
    # New actions join `Action` and so this test: nothing the engine, staff or the assistant do may pass a dispute.
    assert decide(pack_for(country), facts(country), action, TODAY).allowed
    verdict = decide(pack_for(country), facts(country, is_disputed=True), action, TODAY)
    assert (verdict.allowed, verdict.reason) == (False, "frozen_dispute")


@pytest.mark.parametrize(("country", "citation", "status"), [("FI", "perintälaki 4 b §", "S"), ("EE", None, "U")])
def test_the_freeze_names_its_basis(country: str, citation: str | None, status: str) -> None:
    verdict = decide(pack_for(country), facts(country, is_disputed=True), Action.REGISTER_ENTRY, TODAY)
    assert (verdict.citation, verdict.status) == (citation, status)


@pytest.mark.parametrize("action", list(Action))
def test_a_support_need_stops_calls_only(action: Action) -> None:
    verdict = decide(pack_for("EE"), facts("EE", has_support_need=True), action, TODAY)
    assert verdict.allowed is (action != Action.CALL)
    assert verdict.reason == ("support_need" if action == Action.CALL else "allowed")


def test_nothing_is_done_on_a_closed_case() -> None:
    for action in Action:
        assert decide(pack_for("RO"), facts("RO", is_closed=True), action, TODAY).reason == "closed"


def test_facts_of_another_country_are_refused() -> None:
    with pytest.raises(ValueError):
        decide(pack_for("EE"), facts("FI"), Action.CALL, TODAY)


def stage_begun(country: str, stage: str) -> CaseFacts:
    """A case three days into its stage, long overdue: most stages have a wait still running."""
    return CaseFacts(
        country=country,
        stage=stage,
        stage_entered_on=TODAY - timedelta(days=3),
        oldest_due_on=TODAY - timedelta(days=200),
        balance_minor=50_000,
        principal_minor=45_000,
        is_consumer=True,
        register_notice_sent_on=TODAY - timedelta(days=3),
    )


@pytest.mark.parametrize("country", COUNTRIES)
def test_days_frozen_move_the_next_step_by_as_many_days(country: str) -> None:
    moved = 0
    for stage in STAGE_CODES[country]:
        base = stage_begun(country, stage)
        before = next_step(pack_for(country), base, TODAY)
        after = next_step(pack_for(country), replace(base, paused_days=20), TODAY)
        if before.on is None:
            assert after.on is None
            continue
        assert after.on is not None and after.on >= before.on
        if before.on > TODAY:  # a wait still running is lengthened by exactly the days frozen
            assert after.on == before.on + timedelta(days=20), stage
            moved += 1
    assert moved, f"no stage of {country} had a running wait to test"


@pytest.mark.parametrize("country", COUNTRIES)
def test_a_support_need_gives_the_packs_grace_days_and_marks_them_unconfirmed(country: str) -> None:
    grace = pack_for(country).figure("support_grace_days", TODAY)
    checked = 0
    for stage in STAGE_CODES[country]:
        base = stage_begun(country, stage)
        before = next_step(pack_for(country), base, TODAY)
        after = next_step(pack_for(country), replace(base, has_support_need=True), TODAY)
        if before.on is not None and before.on > TODAY:
            assert after.on == before.on + timedelta(days=grace.number)
            assert after.status == "U"  # the grace is agency policy, not law
            checked += 1
    assert checked


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("action", list(Action))
def test_a_kept_plan_suspends_every_step_but_interest_and_reminders(country: str, action: Action) -> None:
    verdict = decide(pack_for(country), facts(country, has_active_plan=True), action, TODAY)
    if action in (Action.ADD_INTEREST, Action.REMINDER):
        assert verdict.allowed
    else:
        assert (verdict.allowed, verdict.reason) == (False, "plan_protects")
        assert verdict.status in ("C", "S", "D", "U")


@pytest.mark.parametrize("country", COUNTRIES)
def test_a_dispute_outranks_a_plan(country: str) -> None:
    verdict = decide(pack_for(country), facts(country, has_active_plan=True, is_disputed=True), Action.REMINDER, TODAY)
    assert verdict.reason == "frozen_dispute"
