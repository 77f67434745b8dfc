"""Saving a card for a payment plan in a real browser, through localstripe's Stripe.js: a refusal, a card, stopping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal.cases.models import Case
from portal.clock import business_today
from portal.db import saved_id, utcnow
from portal.debtors.models import Debtor
from portal.plans import groups, service
from portal.plans.affordability import ByMonths, Household
from portal.plans.forms import PlanForm
from portal.plans.models import PaymentPlan
from tests.browser.conftest import LiveServer
from tests.browser.people import own_debtor, sign_in

pytestmark = pytest.mark.browser


def own_plan(live_server: LiveServer) -> tuple[str, int]:
    """A fresh debtor of the browser tests' own with an agreed plan (not a demo debtor: other tests lock those out)."""
    url, reference = own_debtor(live_server, "en", "FI")
    today = business_today()
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        debtor = session.get(Debtor, case.debtor_id)
        assert debtor is not None
        (group,) = groups.groups_of(session, saved_id(debtor), today=today)
        household = Household(net_income_minor=250_000, housing_minor=60_000, other_minor=50_000)
        form = PlanForm((reference,), ByMonths(3, today + timedelta(days=7)), household)
        plan = service.propose(session, debtor, group, form, note=None, today=today, now=utcnow(), address="test")
        service.confirm(session, plan, auto_collect=False, today=today, now=utcnow(), address="test")
        session.commit()
        return url, saved_id(plan)


def saved_card(live_server: LiveServer, plan_id: int) -> tuple[bool, str | None]:
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        plan = session.get(PaymentPlan, plan_id)
        return plan.auto_collect, plan.card_payment_method_id


def save(page: Page, number: str) -> None:
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123")):
        page.fill(f"#card-element input[placeholder={field}]", value)
    page.get_by_role("button", name="Save the card").click()


def test_saving_a_card_for_the_plan_and_stopping_again(browser: Browser, live_server: LiveServer) -> None:
    url, plan_id = own_plan(live_server)
    context = browser.new_context(locale="en")
    page = context.new_page()
    sign_in(page, url)
    card_page = f"{live_server.url}/plans/{plan_id}/card"
    page.goto(card_page)

    save(page, "4000000000000002")  # its bank refuses to keep it on file
    expect(page.locator(".notice-error")).to_contain_text("Your card was declined, so it was not saved.")
    assert saved_card(live_server, plan_id) == (False, None)

    save(page, "4242424242424242")
    page.wait_for_url(f"{live_server.url}/plans/{plan_id}?card=saved")
    expect(page.locator("main")).to_contain_text("card ending 4242")
    auto_collect, method = saved_card(live_server, plan_id)
    assert auto_collect and (method or "").startswith("card_"), "localstripe's Stripe.js makes card_… ids"

    page.goto(card_page)
    page.get_by_role("button", name="Stop taking instalments from my card").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan_id}?card=stopped")
    assert saved_card(live_server, plan_id) == (False, None)
    context.close()
