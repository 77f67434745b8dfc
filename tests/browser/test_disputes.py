"""Disputes in a real browser: a debtor files one with a document, sees collection paused, and reads the decision."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal.auth.service import issue_link
from portal.cases.models import Case, ClaimLine
from portal.cases.references import new_reference
from portal.creditors.models import Creditor
from portal.db import utcnow
from portal.debtors.models import Debtor
from portal.disputes.models import Dispute
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_console import staff_sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COUNTRY = {"et": "EE", "fi": "FI", "ro": "RO", "en": "EE"}
# What each language's page must say, so a page left in English cannot pass.
PAUSED = {
    "et": "peatatud",
    "fi": "keskeytetty",
    "ro": "suspendat",
    "en": "Collection is paused",
}
BIRTH = date(1979, 5, 17)
_count = iter(range(1, 1000))


def new_case(live_server: LiveServer, language: str) -> tuple[str, str]:
    """A debtor and case of their own, so no other browser test sees this dispute; returns the link and the case."""
    n = next(_count)
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        creditor = session.exec(select(Creditor).where(Creditor.country == COUNTRY[language])).first()
        assert creditor is not None
        debtor = Debtor(
            kind="person",
            name=f"Dispute Tester {n}",
            national_id=f"DISPUTE{language}{n}",
            id_country=creditor.country,
            birth_date=BIRTH,
            email=f"tester{n}@example.com",
            preferred_language=language,
        )
        session.add(debtor)
        session.flush()
        case = Case(
            reference=new_reference(creditor.country),
            creditor_id=creditor.id,
            debtor_id=debtor.id,
            creditor_reference=f"DISPUTE-{language}-{n}",
            jurisdiction=creditor.country,
            currency=creditor.currency,
            stage={"EE": "pre_collection", "FI": "payment_demand", "RO": "amicable"}[creditor.country],
            stage_entered_on=date.today(),
            notice_language=language,
        )
        session.add(case)
        session.flush()
        session.add(
            ClaimLine(
                case_id=case.id,
                kind="principal",
                description="Invoice 2026-17",
                due_on=date(2026, 9, 1),
                amount_minor=18_000,
            )
        )
        issued = issue_link(
            session, case, channel="letter", language=language, now=utcnow(), settings=live_server.settings
        )  # type: ignore[attr-defined]
        session.commit()
        return issued.url, case.reference


def sign_in(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("input[name=day]", str(BIRTH.day))
    page.fill("input[name=month]", str(BIRTH.month))
    page.fill("input[name=year]", str(BIRTH.year))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/cases*")


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
    url, reference = new_case(live_server, language)
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
    url, reference = new_case(live_server, "en")
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


@pytest.mark.parametrize("outcome", ["uphold", "reject"])
def test_an_agent_decides_and_the_debtor_reads_why(browser: Browser, live_server: LiveServer, outcome: str) -> None:
    url, reference = new_case(live_server, "et")
    debtor = browser.new_page(locale="et", bypass_csp=True)
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
    if outcome == "uphold":
        agent.fill("#uphold-amount", "180,00")
        agent.fill("#uphold-text", "Leidsime teie makse 3. oktoobrist.")
        agent.locator("form[action$='/uphold'] button").click()
    else:
        agent.fill("#reject-text", "Arve on tasumata: 3. oktoobri makse oli teise arve eest.")
        agent.locator("form[action$='/reject'] button").click()
    expect(agent.locator("dt", has_text="Decided")).to_be_visible()
    debtor.goto(f"{live_server.url}/cases/{reference}")
    expect(debtor.locator("#dispute .notice-warning")).to_have_count(0)
    history = debtor.locator("#dispute .disputes")
    expect(history).to_contain_text("3. okt")
    if outcome == "uphold":
        expect(debtor.locator(".key-fact .amount").first).to_contain_text("0,00")
    assert serious_violations(debtor) == []
    agent.close()
    debtor.close()
