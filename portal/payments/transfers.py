"""What a debtor needs to pay a case by bank transfer: the account, the amount, the reference and the QR code."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from portal.cases.service import CaseView
from portal.payments import epc_qr
from portal.payments.accounts import PayableAccount, payable
from portal.payments.references import PaymentReference, payment_reference

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TransferDetails:
    holder: str
    accounts: tuple[PayableAccount, ...]
    amount_minor: int
    currency: str
    reference: PaymentReference | None
    qr_payload: str | None  # None for lei, and whenever a valid EPC QR code cannot be made

    @property
    def can_pay(self) -> bool:
        """False sends the debtor to the phone instead: we never show a target we could not check."""
        return bool(self.accounts) and self.reference is not None

    @property
    def is_euro(self) -> bool:
        return self.currency == "EUR"


def _reference(view: CaseView) -> PaymentReference | None:
    try:
        return payment_reference(view.creditor.reference_scheme, view.case)
    except ValueError:
        log.warning("no payment reference for case %s: %s", view.case.id, view.creditor.reference_scheme)
        return None


def _qr_payload(view: CaseView, account: PayableAccount, reference: PaymentReference, amount_minor: int) -> str | None:
    if view.case.currency != "EUR" or amount_minor <= 0:
        return None
    try:
        return epc_qr.epc_payload(
            bic=account.bic,
            name=view.creditor.name[:70],
            iban=account.iban,
            amount_minor=amount_minor,
            currency=view.case.currency,
            reference=reference.text_for_bank,
        )
    except epc_qr.EpcQrError as error:
        log.warning("no EPC QR code for case %s: %s", view.case.id, error)
        return None


def transfer_details(view: CaseView) -> TransferDetails | None:
    """None when there is nothing to pay on the case."""
    amount_minor = view.balance.open()
    if view.case.is_closed or amount_minor <= 0:
        return None
    accounts = tuple(
        found
        for account in view.accounts
        if account.currency == view.case.currency and (found := payable(account)) is not None
    )
    reference = _reference(view)
    payload = _qr_payload(view, accounts[0], reference, amount_minor) if accounts and reference else None
    return TransferDetails(view.creditor.name, accounts, amount_minor, view.case.currency, reference, payload)


def qr_svg(view: CaseView) -> str | None:
    details = transfer_details(view)
    if details is None or not details.can_pay or details.qr_payload is None:
        return None
    return epc_qr.qr_svg(details.qr_payload)
