"""Structured payment references (pure): Estonian viitenumber, Finnish viitenumero, ISO 11649 RF, per case.

Every case gets its reference from the eight digits of its own case reference (seven digits and their
7-3-1 check digit), so the same case always gets the same payment reference and an incoming transfer can
be matched back to it:

- ``ee_731`` (Estonia, Eesti Pangaliit): the eight digits and a 7-3-1 check digit, e.g. ``482917354``.
- ``fi_viite`` (Finland, Finanssiala): the same digits and check digit, shown in groups of five from the
  right, e.g. ``4829 17354``.
- ``rf`` (ISO 11649, any SEPA bank): ``RF`` + two mod-97 check digits + the eight digits.
- ``ro_creditor`` (Romania): there is no national reference scheme; Romanian banks carry the reference
  as free text ("Detalii plată"). We use the same RF reference as ``rf``, so that one checked format is
  matched everywhere, and tell the debtor to write it in the payment details.

The digits alone do not say which country the case belongs to (EE1234567x and FI1234567x share them), so
matching back needs the country of the account the money arrived on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from portal.cases.references import is_well_formed

SCHEMES = ("ee_731", "fi_viite", "rf", "ro_creditor")
_WEIGHTS = (7, 3, 1)


class HasReference(Protocol):
    @property
    def reference(self) -> str: ...


@dataclass(frozen=True)
class PaymentReference:
    text_for_bank: str  # compact, as it goes in the bank's reference field and the QR code
    display: str  # grouped for reading and typing
    scheme: str

    @property
    def is_rf(self) -> bool:
        return self.text_for_bank.startswith("RF")


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


def check_731(digits: str) -> int:
    """Weights 7, 3, 1 repeated from the rightmost digit; the check digit tops the sum up to a multiple of ten."""
    total = sum(int(digit) * _WEIGHTS[i % 3] for i, digit in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def ee_reference(base_digits: str) -> str:
    if not re.fullmatch(r"\d{1,19}", base_digits):
        raise ValueError("an Estonian reference number is built from 1 to 19 digits")
    return f"{base_digits}{check_731(base_digits)}"


def is_valid_ee_reference(text: str) -> bool:
    compact = re.sub(r" ", "", text)
    return bool(re.fullmatch(r"\d{2,20}", compact)) and check_731(compact[:-1]) == int(compact[-1])


def fi_reference(base_digits: str) -> str:
    if not re.fullmatch(r"\d{3,19}", base_digits):
        raise ValueError("a Finnish reference number is built from 3 to 19 digits")
    return f"{base_digits}{check_731(base_digits)}"


def is_valid_fi_reference(text: str) -> bool:
    compact = re.sub(r" ", "", text)
    return bool(re.fullmatch(r"\d{4,20}", compact)) and check_731(compact[:-1]) == int(compact[-1])


def fi_display(reference: str) -> str:
    """Groups of five counted from the right: 1234567897 → 12345 67897."""
    groups = []
    rest = reference
    while rest:
        groups.append(rest[-5:])
        rest = rest[:-5]
    return " ".join(reversed(groups))


def _mod97(text: str) -> int:
    # ISO 7064 MOD 97-10 with letters as numbers: A = 10 … Z = 35.
    return int("".join(str(int(char, 36)) for char in text)) % 97


def rf_reference(base: str) -> str:
    base = _compact(base)
    if not re.fullmatch(r"[0-9A-Z]{1,21}", base):
        raise ValueError("an RF creditor reference is built from 1 to 21 letters or digits")
    return f"RF{98 - _mod97(base + 'RF00'):02d}{base}"


def is_valid_rf(text: str) -> bool:
    compact = _compact(text)
    if not re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", compact):
        return False
    return _mod97(compact[4:] + compact[:4]) == 1


def rf_display(reference: str) -> str:
    """Groups of four from the left: RF18539007547034 → RF18 5390 0754 7034."""
    return " ".join(reference[i : i + 4] for i in range(0, len(reference), 4))


def payment_reference(scheme: str, case: HasReference) -> PaymentReference:
    """Raises ValueError for a scheme we do not know, rather than guessing a format the bank may reject."""
    base = case.reference[2:]
    if not re.fullmatch(r"\d{8}", base):
        raise ValueError(f"case reference {case.reference!r} has no eight digits to build on")
    if scheme == "ee_731":
        text = ee_reference(base)
        return PaymentReference(text, text, scheme)
    if scheme == "fi_viite":
        text = fi_reference(base)
        return PaymentReference(text, fi_display(text), scheme)
    if scheme in ("rf", "ro_creditor"):
        text = rf_reference(base)
        return PaymentReference(text, rf_display(text), scheme)
    raise ValueError(f"unknown reference scheme {scheme!r}")


def case_for_payment_reference(text: str, *, country: str) -> str | None:
    """The case reference a payment reference was built from, if it is a valid one; None otherwise."""
    compact = _compact(text)
    if compact.startswith("RF"):
        base = compact[4:] if is_valid_rf(compact) else ""
    else:
        base = compact[:-1] if is_valid_ee_reference(compact) else ""
    candidate = f"{country.upper()}{base}"
    return candidate if len(base) == 8 and is_well_formed(candidate) else None
