"""axe-core finds no serious or critical WCAG 2.1 A/AA problem on any debtor page, in any language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import AXE, LiveServer
from tests.browser.test_journey import type_factor

pytestmark = pytest.mark.browser


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["et", "fi", "ro", "en"])
def test_debtor_pages_pass_axe(browser: Browser, live_server: LiveServer, language: str) -> None:
    login = live_server.fresh_logins()[[entry["language"] for entry in live_server.logins].index(language)]
    # axe is injected as a script, which our CSP rightly forbids; only this test context bypasses it.
    context = browser.new_context(bypass_csp=True, locale=language)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for path in ("/", "/sign-in", "/verify", "/pay", "/no-such-page"):
        page.goto(live_server.url + path)
        problems[path] = serious_violations(page)
    page.goto(login["url"])
    problems["link form"] = serious_violations(page)
    type_factor(page, {**login, "factor_value": "01.01.1970"})
    problems["refused"] = serious_violations(page)
    type_factor(page, login)
    page.wait_for_url(f"{live_server.url}/cases")
    problems["cases"] = serious_violations(page)
    hrefs = page.locator(".case-card h2 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for href in hrefs[:3]:
        page.goto(live_server.url + href)
        problems[href] = serious_violations(page)
    page.goto(live_server.url + hrefs[0] + "/paid-by-transfer")
    problems["paid by transfer"] = serious_violations(page)
    page.goto(live_server.url + hrefs[0])
    page.locator("form[action$='/card'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/card/\d+$"))
    page.locator("#card-element input").first.wait_for()
    problems["card page"] = serious_violations(page)
    page.goto(live_server.url + "/my-data")
    problems["my data"] = serious_violations(page)
    context.close()
    assert {path: found for path, found in problems.items() if found} == {}
