"""Saving a card for a payment plan in a real browser, through localstripe's Stripe.js: a refusal, a card, stopping."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from portal.debtors.models import Debtor
from portal.plans.models import PaymentPlan
from tests.browser.conftest import LiveServer
from tests.browser.test_journey import type_factor

pytestmark = pytest.mark.browser

DEBTOR = "Matti Virtanen"  # the demo debtor keeping a plan


def saved_card(live_server: LiveServer, plan_id: int) -> tuple[bool, str | None]:
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        plan = session.get(PaymentPlan, plan_id)
        return plan.auto_collect, plan.card_payment_method_id


def save(page: Page, number: str) -> None:
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123")):
        page.fill(f"#card-element input[placeholder={field}]", value)
    page.get_by_role("button", name="Save the card").click()


def test_saving_a_card_for_the_plan_and_stopping_again(browser: Browser, live_server: LiveServer) -> None:
    login = next(login for login in live_server.fresh_logins() if login["name"] == DEBTOR)
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        plan_id = session.exec(
            select(PaymentPlan.id)
            .join(Debtor, col(Debtor.id) == PaymentPlan.debtor_id)
            .where(Debtor.name == DEBTOR, PaymentPlan.state == "active")
        ).one()
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(login["url"])
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    context.add_cookies([{"name": "accord_lang", "value": "en", "url": live_server.url}])
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
