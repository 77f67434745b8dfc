"""Which second factor a debtor gives, and whether what they typed matches (pure)."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Factor(StrEnum):
    BIRTH_DATE = "birth_date"
    REGISTRY_CODE = "registry_code"
    INVOICE_NUMBER = "invoice_number"


@dataclass(frozen=True)
class FactorInput:
    birth_date: date | None = None
    text: str | None = None


def factor_for(debtor_kind: str, company_policy: str) -> Factor:
    if debtor_kind == "person":
        return Factor.BIRTH_DATE
    return Factor(company_policy)


def _compact(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


def factor_matches(factor: Factor, expected: tuple[str, ...], given: FactorInput) -> bool:
    """Constant-time comparison against every accepted value, so timing says nothing about which failed."""
    if factor is Factor.BIRTH_DATE:
        typed = given.birth_date.isoformat() if given.birth_date else ""
    else:
        typed = _compact(given.text or "")
    matched = False
    for value in expected or ("\x00",):
        wanted = value if factor is Factor.BIRTH_DATE else _compact(value)
        matched |= hmac.compare_digest(wanted.encode(), typed.encode()) and bool(typed)
    return matched
