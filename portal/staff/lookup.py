"""Reading a case search (pure): which fields what was typed can match, and what kind of search it was."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUERY = 200


@dataclass(frozen=True)
class Terms:
    # Kept in the audit log instead of the text, which is personal data: reference | email | number | id | name.
    kind: str
    reference: str | None = None
    email: str | None = None
    national_id: str | None = None
    phone_digits: str | None = None
    name: str | None = None


def _phone_digits(typed: str) -> str | None:
    """Digits to match at the end of a stored number, so '5123 4567', '+372 5123 4567' and '00372…' all match."""
    if not re.fullmatch(r"\+?[\d\s().\-/]+", typed):
        return None
    digits = re.sub(r"\D", "", typed)
    digits = digits[2:] if digits.startswith("00") else digits[1:] if digits.startswith("0") else digits
    return digits if 6 <= len(digits) <= 15 else None


def terms_of(query: str) -> Terms | None:
    typed = " ".join(query.split())[:MAX_QUERY]
    if not typed:
        return None
    compact = re.sub(r"[\s\-]", "", typed).upper()
    if re.fullmatch(r"[A-Z]{2}\d{8}", compact):
        return Terms("reference", reference=compact)
    if "@" in typed:
        return Terms("email", email=typed.lower())
    has_digit = any(ch.isdigit() for ch in typed)
    has_letter = any(ch.isalpha() for ch in typed)
    national_id = re.sub(r"\s", "", typed).upper() if has_digit and len(typed) <= 32 else None
    if phone := _phone_digits(typed):
        return Terms("number", national_id=national_id, phone_digits=phone)
    if national_id:
        return Terms("id", national_id=national_id, name=typed if has_letter and len(typed) >= 2 else None)
    return Terms("name", name=typed) if len(typed) >= 2 else None
