"""Reading typed amounts, dates, references and searches (pure)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.staff.forms import max_amount, parse_amount, parse_contact, parse_day, parse_external_id, parse_note
from portal.staff.lookup import terms_of

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "typed,minor",
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("12.5", 1250),
        (" 12 ", 1200),
        ("0,01", 1),
        ("1 234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("1.234,56", 123456),
        ("1,234.56", 123456),
        ("1.234.567,89", 123456789),
        ("1.234", 123400),
        ("12,555", 1255500),  # three digits after the mark: thousands, as money never has three decimals
    ],
)
def test_amounts_in_any_of_our_locales(typed: str, minor: int) -> None:
    assert parse_amount(typed) == (minor, None)


@pytest.mark.parametrize(
    "typed,reason",
    [
        ("", "missing"),
        ("  ", "missing"),
        ("-5", "not_positive"),
        ("\u22125", "not_positive"),
        ("0", "not_positive"),
        ("0,00", "not_positive"),
        ("abc", "not_amount"),
        ("1e5", "not_amount"),
        ("12,345,67", "not_amount"),
        ("1.234.56", "not_amount"),
        ("12.", "not_amount"),
        (",5", "not_amount"),
        ("€12", "not_amount"),
        ("9" * 17, "not_amount"),
    ],
)
def test_what_is_not_an_amount(typed: str, reason: str) -> None:
    assert parse_amount(typed) == (None, reason)


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from([",", "."]), st.sampled_from(["", " ", "\u00a0"]))
def test_amounts_read_back_whatever_the_separators(minor: int, decimal: str, group: str) -> None:
    units = f"{minor // 100:,}".replace(",", group or "")
    assert parse_amount(f"{units}{decimal}{minor % 100:02d}") == (minor, None)


def test_the_cap_leaves_room_for_an_overpayment() -> None:
    assert max_amount(14_000) == 114_000 and max_amount(-500) == 100_000


@pytest.mark.parametrize(
    "typed,earliest,result",
    [
        ("2026-11-22", None, (TODAY, None)),
        ("21.11.2026", None, (date(2026, 11, 21), None)),
        ("1/2/2026", None, (date(2026, 2, 1), None)),
        ("2026-11-23", None, (None, "future_date")),
        ("2026-02-30", None, (None, "not_a_date")),
        ("1999-12-31", None, (None, "not_a_date")),
        ("2026-11-01", date(2026, 11, 2), (None, "before_case")),
        ("2026-11-02", date(2026, 11, 2), (date(2026, 11, 2), None)),
        ("", None, (None, "missing")),
        ("tomorrow", None, (None, "not_a_date")),
    ],
)
def test_dates(typed: str, earliest: date | None, result: tuple[date | None, str | None]) -> None:
    assert parse_day(typed, today=TODAY, earliest=earliest) == result


def test_external_ids_and_notes() -> None:
    assert parse_external_id(" rf18 5390 ") == ("RF185390", None)
    assert parse_external_id("") == (None, "missing")
    assert parse_external_id("x" * 129) == (None, "too_long")
    assert parse_note(" hi ") == ("hi", None)
    assert parse_note("x" * 4001) == (None, "note_too_long")


def test_contact_details() -> None:
    contact, errors = parse_contact(
        {"email": " a@example.ee ", "phone": "+358 40 123 4567", "street": "", "city": "Oulu"}
    )
    assert errors == {} and contact is not None
    assert (contact.email, contact.phone, contact.street, contact.city) == (
        "a@example.ee",
        "+358401234567",  # E.164, read by the debtor's own parser (portal.contact.details)
        None,
        "Oulu",
    )
    assert parse_contact({"email": "a@@example.ee", "phone": "12"})[1] == {"email": "bad_email", "phone": "bad_phone"}


@pytest.mark.parametrize(
    "typed,kind,field,value",
    [
        ("EE-1234-5678", "reference", "reference", "EE12345678"),
        ("ee 12345678", "reference", "reference", "EE12345678"),
        ("Name@Example.EE", "email", "email", "name@example.ee"),
        ("+372 5123 4567", "number", "phone_digits", "37251234567"),
        ("040 123 4567", "number", "phone_digits", "401234567"),
        ("38501011234", "number", "national_id", "38501011234"),
        ("131052-308t", "id", "national_id", "131052-308T"),
        ("Tamm", "name", "name", "Tamm"),
    ],
)
def test_search_terms(typed: str, kind: str, field: str, value: str) -> None:
    terms = terms_of(typed)
    assert terms is not None and terms.kind == kind and getattr(terms, field) == value


@pytest.mark.parametrize("typed", ["", "   ", "x"])
def test_no_search(typed: str) -> None:
    assert terms_of(typed) is None
