"""Disputes in a real browser: a debtor files one with a document, sees collection paused, and reads the decision."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal import i18n
from portal.cases.models import Case
from portal.disputes.models import Dispute
from tests.browser.conftest import LiveServer
from tests.browser.people import own_debtor, sign_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_console import staff_sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# What each language's page must say, so a page left in English cannot pass.
PAUSED = {
    "et": "peatatud",
    "fi": "keskeytetty",
    "ro": "suspendat",
    "en": "Collection is paused",
}


def file_dispute(page: Page, reference: str) -> None:
    page.goto(page.url.split("/cases")[0] + f"/cases/{reference}")
    page.locator(f"a[href='/cases/{reference}/dispute']").click()
    page.wait_for_url(f"**/cases/{reference}/dispute")
    assert serious_violations(page) == []
    page.check("#reason-already_paid")
    page.fill("#explanation", "Maksin 3. oktoobril. / I paid on 3 October.")
    page.set_input_files("#files", files=[{"name": "receipt.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**/cases/{reference}?disputed=1#dispute")


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_a_debtor_disputes_with_a_document_and_collection_is_paused(
    browser: Browser, live_server: LiveServer, language: str
) -> None:
    url, reference = own_debtor(live_server, language)
    page = browser.new_page(locale=language, bypass_csp=True)
    sign_in(page, url)
    file_dispute(page, reference)
    expect(page.locator("html")).to_have_attribute("lang", language)
    banner = page.locator("#dispute .notice-warning")
    expect(banner).to_be_visible()
    expect(banner.locator("h2")).to_contain_text(PAUSED[language])
    expect(page.locator("#dispute .notice-success")).to_be_visible()
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()


def test_i_cannot_pay_leads_to_paying_over_time_without_filing(browser: Browser, live_server: LiveServer) -> None:
    url, reference = own_debtor(live_server, "en")
    page = browser.new_page(locale="en", bypass_csp=True)
    sign_in(page, url)
    page.goto(f"{live_server.url}/cases/{reference}/dispute")
    page.check("#reason-cannot_pay")
    page.fill("#explanation", "I lost my job.")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("If you cannot pay it all now")
    assert serious_violations(page) == []
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        assert not case.is_disputed
    page.close()


# Both outcomes, and each language once: what the debtor reads of the decision comes from their catalog.
DECISIONS = [("uphold", "et"), ("reject", "fi"), ("uphold", "ro"), ("reject", "en")]
SAID = {
    "uphold": "We agreed with you, and the claim has been reduced. You can see the credit in the amounts below.",
    "reject": "We did not agree with your dispute, and collection has started again from where it stood. The dates "
    "on this page are later by the days it was paused.",
}


@pytest.mark.parametrize(("outcome", "language"), DECISIONS)
def test_an_agent_decides_and_the_debtor_reads_why(
    browser: Browser, live_server: LiveServer, outcome: str, language: str
) -> None:
    url, reference = own_debtor(live_server, language, email="tester@example.com")
    debtor = browser.new_page(locale=language, bypass_csp=True)
    sign_in(debtor, url)
    file_dispute(debtor, reference)
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        case = session.exec(select(Case).where(Case.reference == reference)).one()
        dispute = session.exec(select(Dispute).where(Dispute.case_id == case.id)).one()
    agent = browser.new_page(locale="en", bypass_csp=True)
    staff_sign_in(agent, live_server, "agent", demo_user=False)
    agent.goto(f"{live_server.url}/staff/cases/{reference}")
    agent.locator(f"a[href='/staff/disputes/{dispute.id}']").click()
    expect(agent.locator("h1")).to_contain_text("Dispute on case")
    expect(agent.locator("a", has_text="receipt.pdf")).to_be_visible()
    assert serious_violations(agent) == []
    reasons = "Our bank statement shows no payment on 3 October. / 3.10 maksu puuttuu."
    if outcome == "uphold":
        agent.fill("#uphold-amount", "180,00")
        agent.fill("#uphold-text", reasons)
        agent.locator("form[action$='/uphold'] button").click()
    else:
        agent.fill("#reject-text", reasons)
        agent.locator("form[action$='/reject'] button").click()
    expect(agent.locator("dt", has_text="Decided")).to_be_visible()
    debtor.goto(f"{live_server.url}/cases/{reference}")
    expect(debtor.locator("html")).to_have_attribute("lang", language)
    expect(debtor.locator("#dispute .notice-warning")).to_have_count(0)
    history = debtor.locator("#dispute .disputes")
    expect(history).to_contain_text(reasons)
    with i18n.language_of(language):
        said = i18n.gettext(SAID[outcome])
    assert language == "en" or said != SAID[outcome], f"not translated into {language}"
    expect(history).to_contain_text(said)
    if outcome == "uphold":
        expect(debtor.locator(".key-fact .amount").first).to_contain_text("0,00")
    assert serious_violations(debtor) == []
    agent.close()
    debtor.close()
