"""Contact details, Finnish e-mail consent and telling us about hardship, in a real browser, in Finnish and Romanian."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal.cases.models import Case
from portal.contact.models import ElectronicConsent
from portal.debtors.models import Debtor
from portal.support.models import SupportNeed
from portal.work.models import WorkItem
from tests.browser.conftest import LiveServer
from tests.browser.people import own_debtor, sign_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_journey import type_factor

pytestmark = pytest.mark.browser

# What each country's advice section must name: the confirmed Finnish service, the Romanian complaint body.
ADVICE = {"FI": "Talous- ja velkaneuvonta", "RO": "ANPC"}


def matti(session: Session) -> Debtor:
    return session.exec(select(Debtor).where(Debtor.name == "Matti Virtanen")).one()


def no_sideways_scrolling(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_the_finnish_debtor_updates_details_and_gives_and_revokes_consent(
    browser: Browser, live_server: LiveServer
) -> None:
    login = next(entry for entry in live_server.fresh_logins() if entry["name"] == "Matti Virtanen")
    context = browser.new_context(locale="fi", bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    page.goto(login["url"])
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    page.locator("header a[href='/details']").click()
    page.wait_for_url(f"{live_server.url}/details")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    problems = {"details": serious_violations(page)}

    page.fill("#details-phone", "040 765 4321")
    page.check("#details-channel-sms")
    page.locator("form[action='/details'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/details?saved=changed")
    expect(page.locator(".notice-success")).to_be_visible()
    expect(page.locator("#details-phone")).to_have_value("+358 40 7654321")
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        debtor = matti(session)
        assert (debtor.phone, debtor.preferred_channel) == ("+358407654321", "sms")

    consent_box = page.locator("#consent-email")
    expect(consent_box).not_to_be_checked()
    expect(page.locator("label[for='consent-email']")).to_contain_text(debtor.email or "")
    consent_box.check()
    page.locator("form[action='/details/consent']", has=consent_box).locator("button[type=submit]").click()
    page.wait_for_url("**/details?consent=given*")
    withdraw = page.locator("form[action='/details/consent/withdraw'] button[type=submit]")
    expect(withdraw).to_have_count(1)
    problems["consent given"] = serious_violations(page)
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        (consent,) = session.exec(select(ElectronicConsent).where(ElectronicConsent.debtor_id == debtor.id)).all()
        assert consent.medium == "email" and consent.revoked_at is None and consent.case_references

    withdraw.click()
    page.wait_for_url("**/details?consent=withdrawn*")
    expect(page.locator("#consent-email")).to_be_visible()
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        revoked = session.exec(select(ElectronicConsent).where(ElectronicConsent.debtor_id == debtor.id)).one()
        assert revoked.revoked_at is not None
        # Give the demo its Finnish debtor back as it was for the tests that follow.
        back = matti(session)
        back.phone, back.preferred_channel = "+358 40 123 4567", "letter"
        session.commit()
    context.close()
    assert {where: found for where, found in problems.items() if found} == {}


@pytest.mark.parametrize(("country", "language"), [("RO", "ro"), ("FI", "fi")])
def test_a_debtor_tells_what_makes_paying_hard_and_finds_debt_advice(
    browser: Browser, live_server: LiveServer, country: str, language: str
) -> None:
    url, reference = own_debtor(live_server, language, country)
    context = browser.new_context(locale=language, bypass_csp=True, viewport={"width": 320, "height": 640})
    page = context.new_page()
    sign_in(page, url)
    page.locator("main a[href='/support']").click()
    page.wait_for_url(f"{live_server.url}/support")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert no_sideways_scrolling(page)
    problems = {"support": serious_violations(page)}
    expect(page.locator("#advice")).to_contain_text(ADVICE[country])

    page.focus("#kind-job_loss")
    page.keyboard.press("Space")  # the form works by keyboard too
    expect(page.locator("#kind-job_loss")).to_be_checked()
    page.check("#kind-reading_help")
    page.fill("#note", "Pierdut locul de muncă în octombrie." if language == "ro" else "Työt loppuivat lokakuussa.")
    page.locator("form[action='/support'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/support?told=1")
    expect(page.locator(".notice-success")).to_be_visible()
    expect(page.locator(".panel li")).to_have_count(2)
    problems["support told"] = serious_violations(page)
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        debtor = session.get(Debtor, case.debtor_id)
        assert debtor is not None
        needs = session.exec(select(SupportNeed).where(SupportNeed.debtor_id == debtor.id)).all()
        assert sorted(need.kind for need in needs) == ["job_loss", "reading_help"]
        item = session.get(WorkItem, needs[0].work_item_id)
        assert item is not None and item.kind == "support_review" and item.priority == 1

    page.goto(f"{live_server.url}/details")
    assert no_sideways_scrolling(page)
    problems["details"] = serious_violations(page)
    context.close()
    assert {where: found for where, found in problems.items() if found} == {}
