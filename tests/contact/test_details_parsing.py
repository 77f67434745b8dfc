"""Reading contact details: phone numbers to E.164, e-mail normalised, the address whole, the channel reachable."""

from __future__ import annotations

import pytest

from portal.contact.details import (
    is_mobile,
    parse_details,
    parse_email,
    parse_phone,
    same_phone,
)


@pytest.mark.parametrize(
    ("typed", "region", "expected"),
    [
        ("+372 5123 4567", "EE", "+37251234567"),
        ("5123 4567", "EE", "+37251234567"),
        ("+372 600 1234", "FI", "+3726001234"),  # the + wins over the region hint
        ("040 123 4567", "FI", "+358401234567"),
        ("040-123 45 67", "FI", "+358401234567"),
        ("+358 40 123 4567", None, "+358401234567"),
        ("0722 123 456", "RO", "+40722123456"),
        ("+40 722 123 456", "EE", "+40722123456"),
        ("(0722) 123-456", "ro", "+40722123456"),
    ],
)
def test_phone_numbers_become_e164(typed: str, region: str | None, expected: str) -> None:
    assert parse_phone(typed, region) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "region", "code"),
    [
        ("call me", "EE", "bad_phone"),
        ("+372 12", "EE", "bad_phone"),
        ("1" * 20, "EE", "bad_phone"),
        ("040 123 4567", None, "bad_phone"),  # no country code and no region to read it with
        ("0722 123 456", "FI", "bad_phone"),  # a Romanian mobile number is not a Finnish one
        ("+999 123 456 789", "EE", "bad_phone"),
        ("+372 5123 4567" + " 1" * 10, "EE", "too_long"),
    ],
)
def test_bad_phone_numbers_are_refused(typed: str, region: str | None, code: str) -> None:
    assert parse_phone(typed, region) == (None, code)


def test_an_empty_phone_is_no_phone() -> None:
    assert parse_phone("   ", "EE") == (None, None)


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [("+37251234567", True), ("+358401234567", True), ("+40722123456", True), ("+3726001234", False), (None, False)],
)
def test_mobile_numbers(phone: str | None, mobile: bool) -> None:
    assert is_mobile(phone) is mobile


def test_a_stored_number_with_spaces_is_the_same_as_its_e164_form() -> None:
    assert same_phone("+372 5000 0000", "+37250000000", "EE")
    assert not same_phone("+372 5000 0000", "+37250000001", "EE")
    assert not same_phone(None, "+37250000000", "EE")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (" user@EXAMPLE.com ", "user@example.com"),
        ("Anna@Bücher.DE", "Anna@bücher.de"),
        ("x@xn--bcher-kva.de", "x@bücher.de"),  # punycode is shown and kept as the Unicode domain
        ("jürgen@bücher.de", "jürgen@bücher.de"),
        ("ioana.popescu@exemplu.ro", "ioana.popescu@exemplu.ro"),
    ],
)
def test_email_addresses_are_normalised(typed: str, expected: str) -> None:
    assert parse_email(typed) == (expected, None)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("not-an-address", "bad_email"),
        ("a@b", "bad_email"),
        ("a@@example.ee", "bad_email"),
        ("name@example..ee", "bad_email"),
        ("two words@example.ee", "bad_email"),
        ("name@localhost", "bad_email"),
        ("a@" + "b" * 250 + ".ee", "too_long"),
    ],
)
def test_bad_email_addresses_are_refused(typed: str, code: str) -> None:
    assert parse_email(typed) == (None, code)


def form(**changes: str) -> dict[str, str]:
    values = {
        "email": "mari@example.ee",
        "phone": "5123 4567",
        "street": "Pärnu mnt 12-5",
        "postal_code": "10148",
        "city": "Tallinn",
        "country": "EE",
        "language": "et",
        "channel": "letter",
    }
    return {**values, **changes}


def test_a_whole_form() -> None:
    details, errors = parse_details(form(), region="FI")
    assert errors == {} and details is not None
    # The address country reads the phone number, not the region of the debtor's identity.
    assert (details.phone, details.email, details.country, details.channel) == (
        "+37251234567",
        "mari@example.ee",
        "EE",
        "letter",
    )


def test_an_address_may_be_left_out_entirely() -> None:
    empty = form(street="", postal_code="", city="", country="", channel="email")
    details, errors = parse_details(empty, region="EE")
    assert errors == {} and details is not None and not details.has_address and details.country is None


def test_a_country_alone_is_no_address_but_reads_the_phone_number() -> None:
    only_country = form(street="", postal_code="", city="", country="FI", channel="email", phone="040 123 4567")
    details, errors = parse_details(only_country, region="EE")
    assert errors == {} and details is not None and not details.has_address
    assert (details.country, details.phone) == ("FI", "+358401234567")


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"email": "a@b"}, {"email": "bad_email"}),
        ({"phone": "12"}, {"phone": "bad_phone"}),
        ({"city": ""}, {"city": "address_incomplete"}),
        ({"country": ""}, {"country": "address_incomplete"}),
        ({"street": "", "postal_code": ""}, {"street": "address_incomplete", "postal_code": "address_incomplete"}),
        ({"country": "XX"}, {"country": "unknown_country"}),
        ({"postal_code": "1014"}, {"postal_code": "bad_postal_code"}),
        ({"country": "RO", "postal_code": "10148", "phone": "+37251234567"}, {"postal_code": "bad_postal_code"}),
        ({"street": "x" * 201}, {"street": "too_long"}),
        ({"language": "ru"}, {"language": "choose_language"}),
        ({"channel": "pigeon"}, {"channel": "choose_channel"}),
        ({"channel": "email", "email": ""}, {"channel": "channel_needs_email"}),
        ({"channel": "sms", "phone": ""}, {"channel": "channel_needs_phone"}),
        ({"channel": "sms", "phone": "+372 600 1234"}, {"channel": "channel_needs_mobile"}),
        ({"street": "", "postal_code": "", "city": "", "country": ""}, {"channel": "channel_needs_address"}),
    ],
)
def test_bad_forms_say_which_field_is_wrong(changes: dict[str, str], errors: dict[str, str]) -> None:
    assert parse_details(form(**changes), region="EE") == (None, errors)


def test_postal_codes_follow_the_country() -> None:
    finnish, _ = parse_details(form(country="FI", postal_code="00500", phone="040 123 4567"), region="EE")
    romanian, _ = parse_details(form(country="RO", postal_code="020079", phone="0722 123 456"), region="EE")
    british, _ = parse_details(form(country="GB", postal_code="sw1a 1aa", phone="+37251234567"), region="EE")
    assert finnish is not None and finnish.phone == "+358401234567"
    assert romanian is not None and romanian.phone == "+40722123456"
    assert british is not None and british.postal_code == "SW1A 1AA"
