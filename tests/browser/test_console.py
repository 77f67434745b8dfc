"""The console in a real browser, one journey per role: password, authenticator code, and the role's work."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal.cases.models import Case
from portal.creditors.models import Creditor
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser


_used_steps: dict[str, int] = {}


def fresh_code(login: dict[str, str]) -> str:
    """A code is accepted once: if this user already signed in during this 30-second step, wait for the next."""
    totp = pyotp.TOTP(login["totp_secret"])
    while totp.timecode(datetime.now(UTC)) <= _used_steps.get(login["username"], 0):
        time.sleep(0.5)
    now = datetime.now(UTC)
    _used_steps[login["username"]] = totp.timecode(now)
    return totp.at(now)


def staff_sign_in(page: Page, live_server: LiveServer, role: str, *, demo_user: bool = True) -> dict[str, str]:
    if demo_user:
        login = next(entry for entry in live_server.staff if entry["role"] == role)
    else:
        login = live_server.new_staff(role)
    page.goto(login["url"])
    page.fill("#username", login["username"])
    page.fill("#password", login["password"])
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/staff/sign-in/code")
    page.fill("#code", fresh_code(login))
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    return login


def test_admin_adds_a_user(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "admin")
    assert page.url.endswith("/staff/users")
    page.fill("#username", "new.agent")
    page.fill("#display_name", "New Agent")
    page.select_option("#role", "agent")
    page.click("text=Add the user")
    expect(page.locator("[role=status]")).to_contain_text("new.agent")
    expect(page.locator("[role=status] dd.mono").first).not_to_be_empty()
    page.close()


def test_creditor_user_sees_only_their_creditors_cases(browser: Browser, live_server: LiveServer) -> None:
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        own = session.exec(select(Case).join(Creditor).where(Creditor.registry_code == "12345603")).first()
        foreign = session.exec(select(Case).join(Creditor).where(Creditor.registry_code != "12345603")).first()
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "creditor")
    assert "/staff/cases" in page.url
    response = page.goto(f"{live_server.url}/staff/cases/{own.reference}")
    assert response is not None and response.status == 200
    assert page.locator("main form[method=post]").count() == 0, "creditor users see read-only pages"
    response = page.goto(f"{live_server.url}/staff/cases/{foreign.reference}")
    assert response is not None and response.status == 404
    response = page.goto(f"{live_server.url}/staff/users")
    assert response is not None and response.status == 403
    page.close()


def test_agent_takes_an_item_works_the_case_and_closes_it(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "agent")
    assert page.url.endswith("/staff/queue")
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 3, "the demo fills the queue"
    due = [cell.get_attribute("datetime") for cell in page.locator("main table tbody tr time").all()]
    assert due == sorted(due), "the earliest due first"
    open_row = page.locator("main table tbody tr", has_text="Nobody yet").first
    open_row.locator("th a").click()
    page.click("text=Take this item")
    page.wait_for_load_state()
    expect(page.locator("#reason")).to_be_visible()
    page.click("text=Open the case")
    page.fill("#notes-text", "Called the debtor; they will pay on Friday.")
    page.click("text=Add the note")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("they will pay on Friday")
    page.go_back()
    page.go_back()
    page.fill("#reason", "Debtor reached by phone; payment promised for Friday.")
    page.click("text=Close the item")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/staff/queue")
    expect(page.locator("main")).not_to_contain_text("Debtor reached by phone")
    page.close()


def test_agent_finds_a_case_by_name_and_by_keyboard(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "agent", demo_user=False)
    page.goto(f"{live_server.url}/staff/cases")
    page.focus("#q")
    page.keyboard.type("popescu")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Ioana Popescu")
    page.close()


def test_supervisor_sees_overdue_work_and_reassigns(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/staff/overdue")
    overdue = page.locator("main table tbody tr")
    assert overdue.count() >= 1
    overdue.first.locator("th a").click()
    page.select_option("#to_user_id", label="Kati Kask (Agent)")
    page.click("text=Reassign")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Kati Kask")
    page.close()


def test_agent_cannot_open_the_supervisors_page(browser: Browser, live_server: LiveServer) -> None:
    page = browser.new_page(locale="en")
    staff_sign_in(page, live_server, "agent", demo_user=False)
    response = page.goto(f"{live_server.url}/staff/overdue")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("You do not have access to this page")
    page.close()


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_console_pages_pass_axe(browser: Browser, live_server: LiveServer, language: str) -> None:
    from tests.browser.test_accessibility import serious_violations

    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        reference = session.exec(select(Case)).first().reference  # type: ignore[union-attr]
    context = browser.new_context(bypass_csp=True, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/lang/{language}?next=/staff/sign-in")
    problems = {"sign-in": serious_violations(page)}
    staff_sign_in(page, live_server, "supervisor", demo_user=False)
    for path in (
        "/staff/queue",
        "/staff/overdue",
        "/staff/cases?q=ee",
        f"/staff/cases/{reference}",
        f"/staff/cases/{reference}/transfers",
    ):
        page.goto(live_server.url + path)
        problems[path] = serious_violations(page)
    page.goto(live_server.url + "/staff/queue")
    page.locator("main table tbody tr th a").first.click()
    problems["work item"] = serious_violations(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
