"""Creditors' bank accounts as payment targets: IBANs checked and formatted (the only module importing schwifty)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.creditors.models import CreditorBankAccount

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PayableAccount:
    iban: str  # compact, for the QR code
    iban_display: str  # in groups of four
    bic: str
    bank_name: str
    currency: str


def is_valid_iban(text: str) -> bool:
    try:
        IBAN(text)
    except (SchwiftyException, ValueError):
        return False
    return True


def payable(account: CreditorBankAccount) -> PayableAccount | None:
    """None, and a warning in the log, for an account nobody should be asked to pay to."""
    try:
        iban = IBAN(account.iban)
    except (SchwiftyException, ValueError):
        log.warning("creditor account %s has an invalid IBAN; it is not shown as a payment target", account.id)
        return None
    return PayableAccount(
        iban=iban.compact,
        iban_display=iban.formatted,
        bic=re.sub(r"\s", "", account.bic).upper(),
        bank_name=account.bank_name,
        currency=account.currency,
    )
