"""Paying by card in a real browser, through localstripe's Stripe.js: success, 3-D Secure, a declined card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.test_journey import type_factor

pytestmark = pytest.mark.browser


def open_case(browser: Browser, live_server: LiveServer, currency_mark: str, language: str = "en") -> Page:
    login = live_server.login(language)
    context = browser.new_context(locale="en")
    page = context.new_page()
    page.goto(login["url"])
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    # The Romanian debtor has the lei case; the sentences checked here are the English ones.
    context.add_cookies([{"name": "accord_lang", "value": "en", "url": live_server.url}])
    page.reload()
    page.locator(".case-card", has_text=currency_mark).first.locator("h2 a").click()
    page.wait_for_url(f"{live_server.url}/cases/*")
    return page


def still_to_pay(page: Page) -> str:
    return page.locator(".key-fact .amount").first.inner_text()


def pay_part(page: Page, amount: str, number: str) -> None:
    page.check("#card-part")
    page.fill("#card-amount", amount)
    page.click("text=Continue to card payment")
    page.wait_for_url(re.compile(r".*/card/\d+$"))
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123")):
        page.fill(f"#card-element input[placeholder={field}]", value)
    page.locator("#card-form button[type=submit]").click()


@pytest.mark.parametrize(("currency_mark", "language"), [("€", "en"), ("RON", "ro")])
def test_paying_a_part_by_card_lowers_the_balance_after_confirmation(
    browser: Browser, live_server: LiveServer, currency_mark: str, language: str
) -> None:
    page = open_case(browser, live_server, currency_mark, language)
    case_url, before = page.url, still_to_pay(page)
    pay_part(page, "5", "4242424242424242")
    expect(page.locator(".notice-success")).to_contain_text("We have received your payment and are confirming it")
    # localstripe sends the webhook about a second later; only then does the balance move.
    for _ in range(120):  # localstripe posts its webhook about a second later; a busy machine is slower
        page.goto(case_url)
        if still_to_pay(page) != before:
            break
        page.wait_for_timeout(250)
    assert still_to_pay(page) != before
    expect(page.locator(".timeline")).to_contain_text("A payment of")


def test_three_d_secure_then_being_confirmed(browser: Browser, live_server: LiveServer) -> None:
    page = open_case(browser, live_server, "€")
    pay_part(page, "5", "4000000000003220")
    page.get_by_role("button", name="Complete authentication").click()
    expect(page.locator(".notice-success")).to_contain_text("We have received your payment and are confirming it")


def test_a_declined_card_says_so_and_offers_the_form_again(browser: Browser, live_server: LiveServer) -> None:
    page = open_case(browser, live_server, "€")
    pay_part(page, "5", "4000000000000341")
    expect(page.locator(".notice-error")).to_contain_text("Your card was declined.")
    expect(page.locator("text=Continue to card payment")).to_be_visible()


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_paying_by_case_number_without_signing_in(browser: Browser, live_server: LiveServer, language: str) -> None:
    from sqlmodel import Session, select

    from portal.cases.models import Case, LedgerEntry

    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).where(Case.closed_on.is_(None)).order_by(Case.id.desc())).first()  # type: ignore[union-attr]
        reference, case_id = case.reference, case.id
        before = len(session.exec(select(LedgerEntry).where(LedgerEntry.case_id == case_id)).all())
    context = browser.new_context(locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.click("a[href='/pay']")
    page.fill("#case_number", reference)
    page.fill("#amount", "6")
    page.click("form[action='/pay'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/pay/\d+/[0-9a-f]+$"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    for field, value in (("number", "4242424242424242"), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123")):
        page.fill(f"#card-element input[placeholder={field}]", value)
    page.locator("#card-form button[type=submit]").click()
    expect(page.locator(".notice-success")).to_be_visible()
    for _ in range(120):  # localstripe posts its webhook about a second later; a busy machine is slower
        with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
            after = len(session.exec(select(LedgerEntry).where(LedgerEntry.case_id == case_id)).all())
        if after > before:
            break
        page.wait_for_timeout(250)
    assert after == before + 1, "localstripe's webhook booked the payment once"
    context.close()
