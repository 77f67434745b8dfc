"""The debtor's journey in a real browser: link → second factor → cases → case → statement → sign out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal.auth.models import SignInLink
from portal.auth.service import issue_link
from portal.cases.models import Case
from portal.db import utcnow
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

# What each language's pages must say, so a page left in English cannot pass.
PHRASES = {
    "et": {"confirm": "Kinnitage", "cases": "Teie", "statement": "Võla väljavõte"},
    "fi": {"confirm": "Vahvista", "cases": "asia", "statement": "Saatavaerittely"},
    "ro": {"confirm": "Confirm", "cases": "dosar", "statement": "Situația datoriei"},
    "en": {"confirm": "Confirm it is you", "cases": "Your cases", "statement": "Statement of the debt"},
}


def type_factor(page: Page, login: dict[str, str]) -> None:
    if login["kind"] == "person":
        day, month, year = login["factor_value"].split(".")
        page.fill("input[name=day]", day)
        page.fill("input[name=month]", month)
        page.fill("input[name=year]", year)
    else:
        page.fill("input[name=factor_text]", login["factor_value"])
    page.click("form.form button[type=submit]")


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_the_whole_journey_in_each_language(browser: Browser, live_server: LiveServer, language: str) -> None:
    login = live_server.login(language)
    context = browser.new_context(accept_downloads=True, locale=language)
    page = context.new_page()
    page.goto(login["url"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_contain_text(PHRASES[language]["confirm"])

    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    expect(page.locator("html")).to_have_attribute("lang", language)
    cards = page.locator(".case-card")
    assert cards.count() >= 2
    first_case = cards.first.locator("h2 a")
    first_case.click()
    page.wait_for_url(f"{live_server.url}/cases/*")
    expect(page.locator("table").first).to_be_visible()
    expect(page.locator(".next-step")).to_be_visible()

    with page.expect_download() as download_info:
        page.locator("a[href$='statement.pdf']").click()
    pdf = download_info.value.path().read_bytes()  # type: ignore[union-attr]
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert PHRASES[language]["statement"] in text

    page.locator("form.sign-out button").click()
    page.wait_for_url(f"{live_server.url}/signed-out")
    response = page.goto(f"{live_server.url}/cases")
    assert response is not None and response.status == 401
    context.close()


def test_language_switch_keeps_the_page(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en-GB")
    page.goto(f"{live_server.url}/verify")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.click("nav.languages a[hreflang=fi]")
    page.wait_for_url(f"{live_server.url}/verify")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    page.close()


def test_browser_language_is_the_default(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(locale="ro-RO")
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ro")
    context.close()


def test_wrong_date_of_birth(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[0]
    page = browser.new_page(locale="en")
    page.goto(login["url"])
    type_factor(page, {**login, "factor_value": "01.01.1970"})
    expect(page.locator("[role=alert]")).to_be_visible()
    assert page.url == login["url"]
    page.close()


def test_expired_link_gets_the_same_answer(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[0]
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).order_by(Case.id)).first()
        issued = issue_link(
            session,
            case,
            channel="sms",
            language="en",
            now=utcnow() - timedelta(days=90),
            settings=live_server.settings,
        )  # type: ignore[attr-defined]
        session.commit()
    page = browser.new_page(locale="en")
    page.goto(issued.url)
    type_factor(page, login)  # the right date of birth, but the link is too old
    expect(page.locator("[role=alert] h2")).to_have_text("We could not confirm your details")
    page.close()


def test_lock_out_tells_when_to_try_again(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[3]  # a Finnish letter, read by someone who chose English
    page = browser.new_page(locale="en")
    page.goto(f"{live_server.url}/lang/en?next=/")
    page.goto(login["url"])
    for _ in range(live_server.settings.signin_failures_per_subject):  # type: ignore[attr-defined]
        type_factor(page, {**login, "factor_value": "02.02.1950"})
    expect(page.locator("[role=alert]")).to_contain_text("paused sign-in until")
    type_factor(page, login)
    expect(page.locator("[role=alert]")).to_contain_text("paused sign-in until")
    page.close()


def test_sign_in_by_keyboard_alone(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[4]
    day, month, year = login["factor_value"].split(".")
    page = browser.new_page(locale="en")
    page.goto(login["url"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "day":
            break
    page.keyboard.type(day)
    page.keyboard.press("Tab")
    page.keyboard.type(month)
    page.keyboard.press("Tab")
    page.keyboard.type(year)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/cases")
    page.close()


def test_small_phone_screen_has_no_sideways_scrolling(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[0]
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="et")
    page = context.new_page()
    page.goto(login["url"])
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    page.locator(".case-card h2 a").first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_link_was_not_consumed_by_a_prefetch(browser: Browser, live_server: LiveServer) -> None:
    login = live_server.fresh_logins()[2]
    page = browser.new_page()
    for _ in range(3):
        page.goto(login["url"])
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        assert all(link.use_count == 0 or link.last_used_at for link in session.exec(select(SignInLink)).all())
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    page.close()
