"""EPC QR codes ("GiroCode", EPC069-12 v3.0) for SEPA credit transfers in euro: the payload and its SVG image."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import segno

from portal.payments.accounts import is_valid_iban

MAX_AMOUNT_MINOR = 99_999_999_999  # 999 999 999.99
MAX_PAYLOAD_BYTES = 331
MAX_QR_VERSION = 13


class EpcQrError(ValueError):
    """The transfer cannot be put in an EPC QR code; the message says which element is wrong."""


def _amount(amount_minor: int) -> str:
    # EPC069-12 allows at most two decimals and no thousands separators; the guideline writes "EUR1", "EUR12.3".
    text = f"{Decimal(amount_minor).scaleb(-2):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def epc_payload(
    *,
    bic: str,
    name: str,
    iban: str,
    amount_minor: int,
    currency: str,
    reference: str | None = None,
    text: str | None = None,
    purpose: str = "",
) -> str:
    """Version 002, character set 1 (UTF-8), identification SCT; trailing empty elements are left out."""
    if currency != "EUR":
        raise EpcQrError(f"EPC QR codes are for SEPA credit transfers in euro only, not {currency}")
    compact_iban = re.sub(r"\s", "", iban).upper()
    if not is_valid_iban(compact_iban):
        raise EpcQrError("the IBAN is not valid")
    bic = bic.strip().upper()
    if bic and not re.fullmatch(r"[A-Z0-9]{8}([A-Z0-9]{3})?", bic):
        raise EpcQrError("a BIC has 8 or 11 letters and digits")
    name = name.strip()
    if not 1 <= len(name) <= 70:
        raise EpcQrError("the beneficiary's name must be 1 to 70 characters")
    if not 1 <= amount_minor <= MAX_AMOUNT_MINOR:
        raise EpcQrError("the amount must be from 0.01 to 999999999.99")
    if purpose and not re.fullmatch(r"[A-Z0-9]{4}", purpose):
        raise EpcQrError("a purpose code has four letters or digits")
    if reference and text:
        raise EpcQrError("give a structured reference or an unstructured text, not both")
    reference = re.sub(r"\s", "", reference or "").upper()
    if len(reference) > 35 or not re.fullmatch(r"[0-9A-Z]*", reference):
        raise EpcQrError("a structured reference has at most 35 letters or digits")
    text = (text or "").strip()
    if len(text) > 140 or "\n" in text or "\r" in text:
        raise EpcQrError("the unstructured text must be one line of at most 140 characters")
    lines = ["BCD", "002", "1", "SCT", bic, name, compact_iban, f"EUR{_amount(amount_minor)}", purpose, reference, text]
    while not lines[-1]:
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise EpcQrError(f"the payload is longer than {MAX_PAYLOAD_BYTES} bytes")
    return payload


def qr_svg(payload: str, *, scale: int = 4) -> str:
    """A standalone SVG document (no scripts, no styles), error correction level M as EPC069-12 requires."""
    # Bytes, so segno writes exactly the UTF-8 that character set 1 promises (a str could become ISO 8859-1).
    qr = segno.make(payload.encode("utf-8"), error="m", boost_error=False, micro=False)
    if int(qr.version) > MAX_QR_VERSION:  # pragma: no cover - 331 bytes always fit version 13 at level M
        raise EpcQrError(f"EPC QR codes use at most QR version {MAX_QR_VERSION}")
    out = io.BytesIO()
    qr.save(out, kind="svg", xmldecl=False, svgns=True, scale=scale, border=4, nl=False, svgclass=None, lineclass=None)
    return out.getvalue().decode("utf-8")
