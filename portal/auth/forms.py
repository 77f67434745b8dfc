"""Reading the sign-in forms: what a person typed, or why it cannot be read (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from portal.auth.factors import FactorInput

MAX_FIELD = 100


@dataclass(frozen=True)
class ParsedForm:
    given: FactorInput
    errors: dict[str, str] = field(default_factory=dict)


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if re.fullmatch(r"\d{1,4}", text) else None


def parse_birth_date(day: str, month: str, year: str, today: date) -> tuple[date | None, str | None]:
    """Returns the date, or an error code: `missing`, `not_a_date`, `year_range`."""
    if not (day.strip() and month.strip() and year.strip()):
        return None, "missing"
    d, m, y = _number(day), _number(month), _number(year)
    if d is None or m is None or y is None:
        return None, "not_a_date"
    if not 1900 <= y <= today.year:
        return None, "year_range"
    try:
        value = date(y, m, d)
    except ValueError:
        return None, "not_a_date"
    return (value, None) if value <= today else (None, "year_range")


def parse_factor(form: dict[str, str], *, wants_text: bool, today: date) -> ParsedForm:
    if any(len(value) > MAX_FIELD for value in form.values()):
        return ParsedForm(FactorInput(), {"form": "too_long"})
    if wants_text:
        text = form.get("factor_text", "").strip()
        return ParsedForm(FactorInput(text=text), {} if text else {"factor_text": "missing"})
    born, error = parse_birth_date(form.get("day", ""), form.get("month", ""), form.get("year", ""), today)
    return ParsedForm(FactorInput(birth_date=born), {"birth_date": error} if error else {})


def normalize_reference(typed: str) -> str:
    return re.sub(r"[\s\-]", "", typed).upper()[:32]
