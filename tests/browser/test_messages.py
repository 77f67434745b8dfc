"""Secure messages in a real browser: the debtor writes with a PDF, an agent answers, the debtor reads the answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from portal.notices.models import OutboxMessage
from tests.browser.conftest import LiveServer
from tests.browser.people import own_debtor, sign_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_console import staff_sign_in

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_a_debtor_and_an_agent_exchange_messages(browser: Browser, live_server: LiveServer, language: str) -> None:
    url, reference = own_debtor(live_server, language, email="messages@example.com", preferred_channel="email")
    debtor = browser.new_page(locale=language, bypass_csp=True)  # axe is injected as a script
    sign_in(debtor, url)
    debtor.goto(f"{live_server.url}/cases/{reference}")
    debtor.locator(f"a[href='/cases/{reference}/messages']").click()
    debtor.wait_for_url(f"**/cases/{reference}/messages")
    expect(debtor.locator("html")).to_have_attribute("lang", language)
    assert serious_violations(debtor) == []

    debtor.fill("#write-body", "Kas see arve on õige? / Is this invoice right?")
    debtor.set_input_files(
        "#write-files", files=[{"name": "kviitung.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    debtor.locator("form.form button[type=submit]").click()
    debtor.wait_for_url(f"**/cases/{reference}/messages?sent=1#sent")
    expect(debtor.locator("#sent")).to_be_visible()
    expect(debtor.locator(".thread .note-body")).to_have_text(["Kas see arve on õige? / Is this invoice right?"])
    link = debtor.locator(".thread a", has_text="kviitung.pdf")
    expect(link).to_be_visible()
    with debtor.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "kviitung.pdf"
    assert download.value.path().read_bytes() == PDF  # type: ignore[union-attr]
    assert serious_violations(debtor) == []

    agent = browser.new_page(locale="en", bypass_csp=True)
    staff_sign_in(agent, live_server, "agent", demo_user=False)
    agent.goto(f"{live_server.url}/staff/cases/{reference}")
    section = agent.locator("#messages ~ .thread").first
    expect(section).to_contain_text("Is this invoice right?")
    expect(agent.locator("a", has_text="kviitung.pdf")).to_be_visible()
    agent.fill("#reply-body", "Jah, arve on õige. / Yes, the invoice is right.")
    agent.locator("form[action$='/messages'] button[type=submit]").click()
    agent.wait_for_url(f"**/staff/cases/{reference}#messages")
    expect(agent.locator(".thread .note-body").last).to_contain_text("Yes, the invoice is right.")
    assert serious_violations(agent) == []

    debtor.goto(f"{live_server.url}/cases/{reference}")
    expect(debtor.locator(".messages-link strong")).to_be_visible()  # one unread message
    assert serious_violations(debtor) == []
    debtor.locator(f"a[href='/cases/{reference}/messages']").click()
    bodies = debtor.locator(".thread .note-body")
    expect(bodies).to_have_count(2)
    expect(bodies.last).to_have_text("Jah, arve on õige. / Yes, the invoice is right.")
    expect(debtor.locator(".thread .note").last).to_contain_text(live_server.settings.agency_name)  # type: ignore[attr-defined]
    expect(debtor.locator(".thread")).not_to_contain_text("Test agent")
    debtor.set_viewport_size({"width": 320, "height": 800})
    assert debtor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        notices = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "message_waiting")).all()
        mine = [n for n in notices if n.data.get("case_reference") == reference]
        assert len(mine) == 1 and mine[0].language == language and "invoice" not in mine[0].body_text
    agent.close()
    debtor.close()


def test_a_refused_file_is_explained_and_the_text_kept(browser: Browser, live_server: LiveServer) -> None:
    url, reference = own_debtor(live_server, "en", email="messages@example.com", preferred_channel="email")
    page = browser.new_page(locale="en", bypass_csp=True)
    sign_in(page, url)
    page.goto(f"{live_server.url}/cases/{reference}/messages")
    page.fill("#write-body", "See the attached page")
    page.set_input_files(
        "#write-files",
        files=[{"name": "proof.pdf", "mimeType": "application/pdf", "buffer": b"<html><script>x</script>"}],
    )
    page.locator("form.form button[type=submit]").click()
    alert = page.locator("[role=alert]")
    expect(alert).to_contain_text("“proof.pdf” is not a PDF, JPEG or PNG file.")
    expect(page.locator("#write-body")).to_have_value("See the attached page")
    expect(page.locator("#write-files")).to_have_attribute("aria-invalid", "true")
    alert.locator("a").first.click()
    assert page.evaluate("document.activeElement.id") == "write-files"
    assert serious_violations(page) == []
    page.close()
