"""Debtors of a browser test's own: a fresh person with one case and a letter link, so no other test sees their data."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any, NamedTuple

from playwright.sync_api import Page
from sqlmodel import Session, select

from portal.auth.service import issue_link
from portal.cases.models import Case, ClaimLine
from portal.cases.references import new_reference
from portal.creditors.models import Creditor
from portal.db import utcnow
from portal.debtors.models import Debtor
from tests.browser.conftest import LiveServer

BIRTH = date(1979, 5, 17)
COUNTRY = {"et": "EE", "fi": "FI", "ro": "RO", "en": "EE"}
STAGES = {"EE": "pre_collection", "FI": "payment_demand", "RO": "amicable"}
_numbers = count(1)


class OwnDebtor(NamedTuple):
    url: str  # the sign-in link of a letter
    reference: str  # their one case


def own_debtor(live_server: LiveServer, language: str, country: str | None = None, **debtor: Any) -> OwnDebtor:
    """A person writing in `language` with one case in `country` (by default the language's country)."""
    n = next(_numbers)
    country = country or COUNTRY[language]
    with Session(live_server.session_factory) as session:  # type: ignore[call-overload]
        creditor = session.exec(select(Creditor).where(Creditor.country == country)).first()
        assert creditor is not None
        values: dict[str, Any] = {
            "kind": "person",
            "name": f"Browser Tester {country} {n}",
            "national_id": f"BROWSER{country}{n}",
            "id_country": country,
            "birth_date": BIRTH,
            "preferred_language": language,
            "address_country": country,
        }
        person = Debtor(**{**values, **debtor})
        session.add(person)
        session.flush()
        case = Case(
            reference=new_reference(country),
            creditor_id=creditor.id,
            debtor_id=person.id,
            creditor_reference=f"BROWSER-{country}-{n}",
            jurisdiction=country,
            currency=creditor.currency,
            stage=STAGES[country],
            stage_entered_on=date.today(),
            notice_language=language,
        )
        session.add(case)
        session.flush()
        session.add(
            ClaimLine(
                case_id=case.id,
                kind="principal",
                description="Invoice 88",
                due_on=date(2026, 9, 1),
                amount_minor=18_000,
            )
        )
        settings = live_server.settings  # type: ignore[attr-defined]
        issued = issue_link(session, case, channel="letter", language=language, now=utcnow(), settings=settings)
        session.commit()
        return OwnDebtor(issued.url, case.reference)


def sign_in(page: Page, url: str) -> None:
    """Opens the letter's link and types the date of birth, as the person would."""
    page.goto(url)
    page.fill("input[name=day]", str(BIRTH.day))
    page.fill("input[name=month]", str(BIRTH.month))
    page.fill("input[name=year]", str(BIRTH.year))
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/cases*")
