"""Payment plans in a real browser, in all four languages: accepted, counter-offer taken with one click, referred."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from portal import i18n
from portal.cases.models import Case
from portal.plans.models import PaymentPlan, PlanCase
from portal.plans.wording import OUTCOME_HEADINGS
from tests.browser.conftest import LiveServer
from tests.browser.people import own_debtor, sign_in
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_console import staff_sign_in

pytestmark = pytest.mark.browser
LANGUAGES = ["et", "fi", "ro", "en"]

# Each debtor owes 180.00 (EUR or RON). Monthly figures as typed; the RO household is in lei.
ENOUGH = {"net_income": "1800", "housing": "500", "living_costs": "400"}
# 100 a month left after costs, well above the protected amount: asking to pay it all in one month is countered.
HUNDRED_LEFT = {
    "EE": {"net_income": "1200", "housing": "300", "living_costs": "800"},
    "FI": {"net_income": "1200", "housing": "300", "living_costs": "800"},
    "RO": {"net_income": "3000", "housing": "1000", "living_costs": "1900"},
}
NOTHING_LEFT = {"net_income": "900", "housing": "500", "living_costs": "400"}
COUNTRY = {"et": "EE", "fi": "FI", "ro": "RO", "en": "EE"}


def heading(language: str, outcome: str) -> str:
    with i18n.language_of(language):
        text = i18n.gettext(OUTCOME_HEADINGS[outcome])
    if language != "en":
        assert text != OUTCOME_HEADINGS[outcome], f"{outcome} is not translated into {language}"
    return text


def ask(page: Page, reference: str, *, months: str, household: dict[str, str]) -> None:
    page.goto(page.url.split("/cases")[0] + f"/cases/{reference}")
    page.locator(f"a[href='/plans/new?case={reference}']").click()
    page.wait_for_url("**/plans/new*")
    assert serious_violations(page) == []
    page.check("#way-months")
    page.fill("#plan-months", months)
    for name, value in household.items():
        page.fill(f"#plan-{name}", value)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/plans/*")


def plan_of(live_server: LiveServer, reference: str) -> PaymentPlan:
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        return session.exec(
            select(PaymentPlan)
            .join(PlanCase, PlanCase.plan_id == PaymentPlan.id)  # type: ignore[arg-type]
            .join(Case, Case.id == PlanCase.case_id)  # type: ignore[arg-type]
            .where(Case.reference == reference)
            .order_by(PaymentPlan.id.desc())  # type: ignore[union-attr]
        ).first()


def check_page(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1100, "height": 900})


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_affordable_plan_is_accepted_and_confirmed(browser: Browser, live_server: LiveServer, language: str) -> None:
    url, reference = own_debtor(live_server, language)
    page = browser.new_page(locale=language, bypass_csp=True)
    sign_in(page, url)
    ask(page, reference, months="6", household=ENOUGH)
    expect(page.locator("#answer-heading")).to_have_text(heading(language, "accepted"))
    expect(page.locator("#compare-heading")).to_be_visible()
    check_page(page, language)
    page.locator("form[action$='/confirm'] button[type=submit]").click()
    page.wait_for_url("**?done=confirmed")
    expect(page.locator("#schedule-heading")).to_be_visible()
    check_page(page, language)
    plan = plan_of(live_server, reference)
    assert (plan.state, plan.months, plan.monthly_minor) == ("active", 6, 3_000)
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counter_offer_is_taken_with_one_click(browser: Browser, live_server: LiveServer, language: str) -> None:
    url, reference = own_debtor(live_server, language)
    page = browser.new_page(locale=language, bypass_csp=True)
    sign_in(page, url)
    ask(page, reference, months="1", household=HUNDRED_LEFT[COUNTRY[language]])
    expect(page.locator("#answer-heading")).to_have_text(heading(language, "counter_offer"))
    check_page(page, language)
    offered = plan_of(live_server, reference)
    assert (offered.state, offered.monthly_minor, offered.months) == ("countered", 10_000, 2)
    page.locator("form[action$='/confirm'] button[type=submit]").click()
    page.wait_for_url("**?done=confirmed")
    assert plan_of(live_server, reference).state == "active"
    page.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_affordable_goes_to_a_person_with_a_date(
    browser: Browser, live_server: LiveServer, language: str
) -> None:
    url, reference = own_debtor(live_server, language)
    page = browser.new_page(locale=language, bypass_csp=True)
    sign_in(page, url)
    ask(page, reference, months="6", household=NOTHING_LEFT)
    expect(page.locator("#answer-heading")).to_have_text(heading(language, "referred"))
    check_page(page, language)
    plan = plan_of(live_server, reference)
    assert plan.state == "referred" and "nothing_affordable" in plan.reasons
    page.close()


def test_the_form_works_by_keyboard_alone(browser: Browser, live_server: LiveServer) -> None:
    url, reference = own_debtor(live_server, "en")
    page = browser.new_page(locale="en", bypass_csp=True)
    sign_in(page, url)
    page.goto(page.url.split("/cases")[0] + f"/plans/new?case={reference}")
    page.focus("#way-amount")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("30")
    for name, value in ENOUGH.items():
        page.focus(f"#plan-{name}")
        page.keyboard.type(value)
    page.focus("form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/plans/*")
    expect(page.locator("#answer-heading")).to_have_text(heading("en", "accepted"))
    page.close()


def test_an_agent_decides_a_referred_request_and_a_supervisor_sets_plan_rules(
    browser: Browser, live_server: LiveServer
) -> None:
    url, reference = own_debtor(live_server, "fi")
    debtor_page = browser.new_page(locale="fi", bypass_csp=True)
    sign_in(debtor_page, url)
    ask(debtor_page, reference, months="6", household=NOTHING_LEFT)
    plan = plan_of(live_server, reference)
    debtor_page.close()

    page = browser.new_page(locale="en", bypass_csp=True)
    staff_sign_in(page, live_server, "agent", demo_user=False)
    page.goto(page.url.split("/staff")[0] + f"/staff/plans/{plan.id}")
    expect(page.locator("h1")).to_contain_text(f"Payment plan request {plan.id}")
    assert serious_violations(page) == []
    page.fill("#decide-monthly", "30")
    page.locator("form[action$='/counter'] button[type=submit]").click()
    page.wait_for_url(f"**/staff/plans/{plan.id}")
    assert plan_of(live_server, reference).state == "countered"
    page.close()

    page = browser.new_page(locale="en", bypass_csp=True)
    staff_sign_in(page, live_server, "supervisor", demo_user=False)
    page.click("text=Plan rules and offers")
    page.locator("table a").first.click()
    page.wait_for_url("**/staff/plan-rules/*")
    assert serious_violations(page) == []
    page.fill("#rules-plan_max_months", "1000")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".notice-error")).to_be_visible()
    assert serious_violations(page) == []
    page.close()
