"""What a message may say, and which channel tells the debtor one is waiting."""

from __future__ import annotations

import pytest

from portal.messages.rules import MAX_BODY, notification_channel, parse_body


@pytest.mark.parametrize(
    "text,expected",
    [
        ("  Hello  ", ("Hello", None)),
        ("Line one\r\nLine two\rthree", ("Line one\nLine two\nthree", None)),
        ("tab\tkept", ("tab\tkept", None)),
        ("nul\x00 and bell\x07 removed", ("nul and bell removed", None)),
        ("", (None, "missing")),
        (" \n\t ", (None, "missing")),
        ("\x00\x01", (None, "missing")),
        ("x" * MAX_BODY, ("x" * MAX_BODY, None)),
        ("x" * (MAX_BODY + 1), (None, "too_long")),
        (" " * 10 + "x" * MAX_BODY + " " * 10, ("x" * MAX_BODY, None)),
    ],
)
def test_parse_body(text: str, expected: tuple[str | None, str | None]) -> None:
    assert parse_body(text) == expected


@pytest.mark.parametrize(
    "preferred,has_email,has_phone,expected",
    [
        ("email", True, True, "email"),
        ("email", False, True, "sms"),
        ("email", False, False, None),
        ("sms", True, True, "sms"),
        ("sms", True, False, "email"),
        ("sms", False, False, None),
        ("letter", True, True, "email"),
        ("letter", False, True, "sms"),
        ("letter", False, False, None),
        (None, True, False, "email"),
        (None, False, True, "sms"),
        ("carrier pigeon", False, True, "sms"),
    ],
)
def test_notification_channel(preferred: str | None, has_email: bool, has_phone: bool, expected: str | None) -> None:
    assert notification_channel(preferred, has_email=has_email, has_phone=has_phone) == expected
