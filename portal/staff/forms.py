"""Reading what staff type into the case forms (pure): each reader returns (value, None) or (None, reason code)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portal.contact.details import LIMITS, parse_email, parse_phone

MAX_NOTE = 4000
MAX_EXTERNAL_ID = 128
# Money that arrived is recorded even when it is more than is owed (an overpayment to refund), but not
# absurdly more: a typo with extra digits is stopped here.
OVERPAYMENT_MARGIN_MINOR = 100_000
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_amount(text: str) -> tuple[int | None, str | None]:
    """'12,50', '12.50', '1 234,56', '1.234,56', '1,234.56' → minor units; or missing, not_amount, not_positive."""
    typed = _SPACES.sub("", text)
    if not typed:
        return None, "missing"
    negative = typed[0] in "-\u2212"
    typed = typed.lstrip("-\u2212")
    if len(typed) > 16 or not re.fullmatch(r"\d[\d.,]*", typed):
        return None, "not_amount"
    whole, cents = typed, "0"
    last = max(typed.rfind("."), typed.rfind(","))
    if last >= 0 and 1 <= len(typed) - last - 1 <= 2:
        whole, cents = typed[:last], typed[last + 1 :]
        if typed[last] in whole:
            return None, "not_amount"  # '1.234.56': the decimal mark cannot also group thousands
    if not re.fullmatch(r"\d{1,3}(?:([.,])\d{3})?(?:\1\d{3})*|\d+", whole):
        return None, "not_amount"
    minor = int(re.sub(r"\D", "", whole)) * 100 + int(cents.ljust(2, "0"))
    if negative or minor <= 0:
        return None, "not_positive"
    return minor, None


def max_amount(open_minor: int) -> int:
    return max(open_minor, 0) + OVERPAYMENT_MARGIN_MINOR


def parse_day(text: str, *, today: date, earliest: date | None = None) -> tuple[date | None, str | None]:
    """ISO (what a date field sends) or day.month.year; codes missing, not_a_date, future_date, before_case."""
    typed = text.strip()
    if not typed:
        return None, "missing"
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", typed)
    dotted = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", typed)
    try:
        if iso:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        elif dotted:
            day = date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        else:
            return None, "not_a_date"
    except ValueError:
        return None, "not_a_date"
    if day.year < 2000:
        return None, "not_a_date"
    if day > today:
        return None, "future_date"
    if earliest is not None and day < earliest:
        return None, "before_case"
    return day, None


def parse_external_id(text: str) -> tuple[str | None, str | None]:
    """A bank reference or a credit note number, compared without spaces and case: 'rf18 5390' is 'RF185390'."""
    compact = re.sub(r"\s", "", text).upper()
    if not compact:
        return None, "missing"
    if len(compact) > MAX_EXTERNAL_ID:
        return None, "too_long"
    return compact, None


def parse_note(text: str) -> tuple[str | None, str | None]:
    body = text.strip()
    if not body:
        return None, "missing"
    if len(body) > MAX_NOTE:
        return None, "note_too_long"
    return body, None


@dataclass(frozen=True)
class Contact:
    email: str | None
    phone: str | None
    street: str | None
    postal_code: str | None
    city: str | None


def parse_contact(fields: dict[str, str], *, region: str | None = None) -> tuple[Contact | None, dict[str, str]]:
    """Empty fields are allowed: a wrong e-mail address is better removed than kept.

    Phone and e-mail are read by the debtor's own parser (`portal.contact.details`), so both store the same form.
    """
    values = {name: " ".join(fields.get(name, "").split()) or None for name in LIMITS}
    errors = {name: "too_long" for name, value in values.items() if value and len(value) > LIMITS[name]}
    values["email"], email_error = parse_email(values["email"] or "")
    values["phone"], phone_error = parse_phone(values["phone"] or "", region)
    errors.update({name: code for name, code in (("email", email_error), ("phone", phone_error)) if code})
    if errors:
        return None, errors
    return Contact(**values), {}
