"""Instalments taken from a saved card against localstripe: saving the card, the off-session charge, a decline."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, LedgerEntry
from portal.config import Settings
from portal.i18n import format_day, language_of
from portal.notices.models import OutboxMessage
from portal.payments.card_events import reconcile_payments
from portal.payments.models import PaymentAttempt
from portal.payments.stripe_gateway import CardDeclined, Intent, StripeGateway
from portal.plans import groups, money, service
from portal.plans.affordability import ByAmount
from portal.plans.auto_collect import collect_due, save_card_for_plan, stop_auto_collect
from portal.plans.forms import PlanForm
from portal.plans.keeping import keep_plans, plan_progress
from portal.plans.models import PaymentPlan, PlanInstalment
from portal.plans.schedule import InstalmentState
from portal.plans.service import PlanRefused
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.conftest import build_engine, card_settings
from tests.localstripe import free_port, intent_event
from tests.pages import post_form
from tests.payments.test_card_gateway_and_events import card, deliver

SUCCESS, ATTACH_DECLINED, CHARGE_DECLINED = "4242424242424242", "4000000000000002", "4000000000000341"
THREE_DS = "4000000000003220"
DAY = factories.TODAY
FIRST_DUE = DAY + timedelta(days=7)
NOW = factories.NOW


class WithLocalstripe:
    @pytest.fixture
    def settings(self, localstripe: str) -> Settings:
        return card_settings(localstripe)

    @pytest.fixture
    def gateway(self, settings: Settings) -> StripeGateway:
        return StripeGateway(settings)


def a_plan(db: Session, *, confirmed: bool = True) -> tuple[PaymentPlan, Case]:
    """Three instalments of 100.00, the first due a week from DAY."""
    person = factories.debtor(db, email="mari@example.ee", preferred_language="en")
    case = factories.case(db, debtor_row=person, principal_minor=30_000)
    (group,) = groups.groups_of(db, person.id or 0, today=DAY)
    form = PlanForm((case.reference,), ByAmount(10_000, FIRST_DUE), household=None)
    person.kind = "company"  # skips the household check: these tests are about collecting, not affording
    plan = service.propose(db, person, group, form, note=None, today=DAY, now=NOW, address="test")
    assert plan.state == "proposed"
    if confirmed:
        service.confirm(db, plan, auto_collect=True, today=DAY, now=NOW, address="test")
    person.kind = "person"  # and back, so the debtor signs in with their date of birth
    db.flush()
    return plan, case


def with_card(db: Session, gateway: StripeGateway, number: str = SUCCESS) -> tuple[PaymentPlan, Case]:
    plan, case = a_plan(db)
    save_card_for_plan(db, gateway, plan, card(gateway, number), NOW)
    return plan, case


def instalment(db: Session, plan: PaymentPlan, seq: int = 1) -> PlanInstalment:
    row = db.exec(select(PlanInstalment).where(PlanInstalment.plan_id == plan.id, PlanInstalment.seq == seq)).one()
    db.refresh(row)
    return row


def attempts(db: Session, case: Case) -> list[PaymentAttempt]:
    return list(db.exec(select(PaymentAttempt).where(PaymentAttempt.case_id == case.id)).all())


def entries(db: Session, case: Case) -> list[LedgerEntry]:
    return list(db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).all())


def outbox(db: Session, plan: PaymentPlan) -> list[OutboxMessage]:
    rows = db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
    return [row for row in rows if row.data.get("plan_id") == plan.id]


def run(db: Session, settings: Settings, gateway: StripeGateway, day: date) -> int:
    return keep_plans(db, settings, today=day, now=NOW, gateway=gateway).charged


class TestSavingACard(WithLocalstripe):
    def test_a_good_card_is_saved_and_collection_switched_on(self, db: Session, gateway: StripeGateway) -> None:
        plan, _ = a_plan(db)
        plan.auto_collect = False
        save_card_for_plan(db, gateway, plan, card(gateway, SUCCESS), NOW, address="198.51.100.7")
        assert plan.auto_collect and plan.card_last4 == "4242"
        assert (plan.card_customer_id or "").startswith("cus_")
        assert (plan.card_payment_method_id or "").startswith("pm_")
        audit = db.exec(select(AuditRecord).where(AuditRecord.action == "plan.card_saved")).all()
        assert [(row.debtor_id, row.address) for row in audit] == [(plan.debtor_id, "198.51.100.7")]

    def test_a_card_whose_bank_refuses_it_is_not_saved(self, db: Session, gateway: StripeGateway) -> None:
        plan, _ = a_plan(db)
        with pytest.raises(CardDeclined) as declined:
            save_card_for_plan(db, gateway, plan, card(gateway, ATTACH_DECLINED), NOW)
        assert declined.value.reason_code == "card_declined"
        assert (plan.card_customer_id, plan.card_payment_method_id, plan.card_last4) == (None, None, None)

    def test_a_card_that_needs_the_debtors_bank_every_time_is_not_saved(
        self, db: Session, gateway: StripeGateway
    ) -> None:
        plan, _ = a_plan(db)
        with pytest.raises(CardDeclined) as declined:
            save_card_for_plan(db, gateway, plan, card(gateway, THREE_DS), NOW)
        assert declined.value.reason_code == "authentication_required" and plan.card_customer_id is None

    @pytest.mark.parametrize("method_id", ["", "nonsense", "src_123456789", "pm_<script>"])
    def test_something_that_is_not_a_payment_method_never_reaches_stripe(
        self, db: Session, gateway: StripeGateway, method_id: str
    ) -> None:
        plan, _ = a_plan(db)
        with pytest.raises(CardDeclined) as declined:
            save_card_for_plan(db, gateway, plan, method_id, NOW)
        assert declined.value.reason_code == "no_card" and plan.card_customer_id is None

    def test_only_an_active_plan_takes_a_card(self, db: Session, gateway: StripeGateway) -> None:
        plan, _ = a_plan(db, confirmed=False)
        with pytest.raises(PlanRefused):
            save_card_for_plan(db, gateway, plan, card(gateway, SUCCESS), NOW)
        with pytest.raises(PlanRefused):
            stop_auto_collect(db, plan, NOW)


class TestCollecting(WithLocalstripe):
    def test_nothing_is_taken_before_the_due_date(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        assert run(db, settings, gateway, FIRST_DUE - timedelta(days=1)) == 0
        assert attempts(db, case) == [] and instalment(db, plan).charge_key is None

    def test_the_due_instalment_is_charged_once_and_booked_once(
        self, client: TestClient, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        assert run(db, settings, gateway, FIRST_DUE) == 1
        row = instalment(db, plan)
        assert row.charge_key == f"plan-{plan.id}-1-{FIRST_DUE.isoformat()}"
        assert (row.charge_state, row.charge_failure) == ("succeeded", None)
        (attempt,) = attempts(db, case)
        assert (attempt.amount_minor, attempt.currency, attempt.state) == (10_000, "EUR", "processing")
        assert attempt.provider_intent_id and entries(db, case) == []  # only Stripe's confirmation books
        assert run(db, settings, gateway, FIRST_DUE) == 0, "the same day again charges nothing"
        later = NOW + timedelta(minutes=2)
        assert reconcile_payments(db, gateway, later, today=FIRST_DUE) == 1
        event = intent_event("evt_plan_charge", "payment_intent.succeeded", attempt.provider_intent_id)
        assert deliver(client, event) == 200
        assert reconcile_payments(db, gateway, later + timedelta(minutes=5), today=FIRST_DUE) == 0
        booked = entries(db, case)
        assert [(e.amount_minor, e.method, e.external_id) for e in booked] == [
            (10_000, "card", attempt.provider_intent_id)
        ]
        assert money.paid_toward(db, plan) == 10_000
        next_day = FIRST_DUE + timedelta(days=1)
        assert plan_progress(db, plan, today=next_day).rows[0].state == InstalmentState.PAID
        assert run(db, settings, gateway, next_day) == 0 and len(attempts(db, case)) == 1
        assert [m.kind for m in outbox(db, plan)] == []

    def test_two_runs_with_the_same_view_of_the_plan_charge_once(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        # Both workers computed the plan's progress before either charged.
        state = plan_progress(db, plan, today=FIRST_DUE)
        first = collect_due(db, settings, gateway, plan, state, today=FIRST_DUE, now=NOW)
        second = collect_due(db, settings, gateway, plan, state, today=FIRST_DUE, now=NOW)
        assert [(c.seq, c.amount_minor, c.state) for c in first] == [(1, 10_000, "succeeded")]
        assert second == [] and len(attempts(db, case)) == 1

    def test_two_workers_at_the_same_time_charge_once(
        self, tmp_path: Path, settings: Settings, gateway: StripeGateway
    ) -> None:
        engine = build_engine(tmp_path, schema="autocollect_race")  # committed data: its own database
        try:
            with Session(engine, expire_on_commit=False) as setup:
                plan, case = with_card(setup, gateway)
                setup.commit()
            charging = threading.Event()

            class Slow(StripeGateway):
                def charge_saved_card(self, *args: Any, **kwargs: Any) -> Intent:
                    charging.set()
                    time.sleep(0.5)  # the other worker starts while this one is asking Stripe
                    return super().charge_saved_card(*args, **kwargs)

            counts: list[int] = []
            errors: list[BaseException] = []

            def worker(start_after: threading.Event | None) -> None:
                try:
                    if start_after is not None:
                        assert start_after.wait(timeout=10)
                    with Session(engine, expire_on_commit=False) as session:
                        counts.append(run(session, settings, Slow(settings), FIRST_DUE))
                        session.commit()
                except BaseException as error:  # noqa: BLE001 - reported to the test thread
                    errors.append(error)

            threads = [threading.Thread(target=worker, args=(None,)), threading.Thread(target=worker, args=(charging,))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            assert errors == [] and sorted(counts) == [0, 1]
            with Session(engine) as check:
                assert len(attempts(check, case)) == 1
                assert instalment(check, plan).charge_state == "succeeded"
        finally:
            engine.dispose()

    def test_only_the_open_part_of_a_part_paid_instalment_is_taken(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        factories.payment(db, case, 2_500, received_on=DAY + timedelta(days=1))
        assert run(db, settings, gateway, FIRST_DUE) == 1
        assert [a.amount_minor for a in attempts(db, case)] == [7_500]

    def test_a_declined_charge_leaves_the_instalment_unpaid_and_tells_the_debtor(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway, CHARGE_DECLINED)  # the card attaches; charging it is declined
        assert run(db, settings, gateway, FIRST_DUE) == 1
        row = instalment(db, plan)
        assert (row.charge_state, row.charge_failure) == ("failed", "card_declined")
        (attempt,) = attempts(db, case)
        assert (attempt.state, attempt.failure_reason) == ("failed", "card_declined")
        assert entries(db, case) == []
        assert plan_progress(db, plan, today=FIRST_DUE).rows[0].state == InstalmentState.DUE
        (notice,) = outbox(db, plan)
        assert notice.kind == "plan_charge_failed" and notice.recipient == "mari@example.ee"
        assert "€100.00" in notice.body_text and "no money was taken" in notice.body_text
        with language_of("en"):
            assert format_day(FIRST_DUE + timedelta(days=10)) in notice.body_text  # the last day of grace
        # The next day it is late like anyone's: the usual reminder, and no second charge.
        assert run(db, settings, gateway, FIRST_DUE + timedelta(days=1)) == 0
        assert [m.kind for m in outbox(db, plan)] == ["plan_charge_failed", "plan_late"]
        assert len(attempts(db, case)) == 1
        db.refresh(plan)
        assert plan.state == "active"

    def test_no_answer_from_stripe_leaves_the_charge_to_the_webhook_and_never_charges_again(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        unreachable = StripeGateway(card_settings(f"http://127.0.0.1:{free_port()}"))
        state = plan_progress(db, plan, today=FIRST_DUE)
        (charge,) = collect_due(db, settings, unreachable, plan, state, today=FIRST_DUE, now=NOW)
        assert (charge.state, charge.failure) == ("processing", "no_answer")
        (attempt,) = attempts(db, case)
        # Its id is in the intent's metadata: the webhook finds it if Stripe did take the money (card_events).
        assert (attempt.state, attempt.provider_intent_id) == ("created", None)
        assert instalment(db, plan).charge_state == "processing" and outbox(db, plan) == []
        assert run(db, settings, gateway, FIRST_DUE) == 0 and len(attempts(db, case)) == 1

    def test_stopping_forgets_the_card_and_nothing_more_is_taken(
        self, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = with_card(db, gateway)
        stop_auto_collect(db, plan, NOW, address="test")
        assert not plan.auto_collect
        assert (plan.card_customer_id, plan.card_payment_method_id, plan.card_last4) == (None, None, None)
        assert run(db, settings, gateway, FIRST_DUE) == 0 and attempts(db, case) == []

    def test_without_a_gateway_the_day_runs_as_before(self, db: Session, settings: Settings) -> None:
        plan, case = a_plan(db)
        assert keep_plans(db, settings, today=FIRST_DUE, now=NOW).charged == 0
        assert attempts(db, case) == [] and instalment(db, plan).charge_key is None


class TestPages(WithLocalstripe):
    def test_saving_and_stopping_from_the_card_page(
        self, client: TestClient, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = a_plan(db)
        sign_in(client, db, settings, case)
        page = client.get(f"/plans/{plan.id}/card")
        assert page.status_code == 200
        assert 'src="/static/pay.js"' in page.text and f"{settings.stripe_api_base}/js.stripe.com/v3/" in page.text
        assert 'id="card-form"' in page.text and "Save the card" in page.text
        saved = post_form(client, f"/plans/{plan.id}/card", {"payment_method_id": card(gateway, SUCCESS)})
        assert (saved.status_code, saved.headers["location"]) == (303, f"/plans/{plan.id}?card=saved")
        db.refresh(plan)
        assert plan.auto_collect and plan.card_last4 == "4242"
        assert "card ending 4242" in client.get(f"/plans/{plan.id}/card").text
        stopped = post_form(client, f"/plans/{plan.id}/card/stop", {}, form_page=f"/plans/{plan.id}/card")
        assert (stopped.status_code, stopped.headers["location"]) == (303, f"/plans/{plan.id}?card=stopped")
        db.refresh(plan)
        assert not plan.auto_collect and plan.card_payment_method_id is None

    def test_a_refused_card_shows_the_page_again_with_a_sentence(
        self, client: TestClient, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = a_plan(db)
        sign_in(client, db, settings, case)
        answer = post_form(client, f"/plans/{plan.id}/card", {"payment_method_id": card(gateway, ATTACH_DECLINED)})
        assert answer.status_code == 400
        assert "Your card was declined, so it was not saved." in answer.text and 'id="card-form"' in answer.text
        empty = post_form(client, f"/plans/{plan.id}/card", {"payment_method_id": ""})
        assert empty.status_code == 400 and "Please type the card details" in empty.text
        db.refresh(plan)
        assert plan.card_payment_method_id is None

    def test_someone_elses_plan_is_404(
        self, client: TestClient, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        theirs, _ = a_plan(db)
        _, mine = a_plan(db)
        sign_in(client, db, settings, mine)
        method = card(gateway, SUCCESS)
        assert client.get(f"/plans/{theirs.id}/card").status_code == 404
        form_page = "/cases"
        assert (
            post_form(
                client, f"/plans/{theirs.id}/card", {"payment_method_id": method}, form_page=form_page
            ).status_code
            == 404
        )
        assert post_form(client, f"/plans/{theirs.id}/card/stop", {}, form_page=form_page).status_code == 404
        assert client.get("/plans/99999999/card").status_code == 404
        db.refresh(theirs)
        assert theirs.card_payment_method_id is None

    def test_a_plan_not_yet_agreed_has_no_card_page(self, client: TestClient, db: Session, settings: Settings) -> None:
        plan, case = a_plan(db, confirmed=False)
        sign_in(client, db, settings, case)
        assert client.get(f"/plans/{plan.id}/card").status_code == 404

    def test_a_post_without_the_csrf_token_is_refused(
        self, client: TestClient, db: Session, settings: Settings, gateway: StripeGateway
    ) -> None:
        plan, case = a_plan(db)
        sign_in(client, db, settings, case)
        answer = client.post(f"/plans/{plan.id}/card", data={"payment_method_id": card(gateway, SUCCESS)})
        assert answer.status_code == 403
        db.refresh(plan)
        assert plan.card_payment_method_id is None


def test_without_card_payments_there_is_no_card_page(client: TestClient, db: Session, settings: Settings) -> None:
    plan, case = a_plan(db)
    sign_in(client, db, settings, case)
    assert client.get(f"/plans/{plan.id}/card").status_code == 404
