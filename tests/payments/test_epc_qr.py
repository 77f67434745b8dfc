"""EPC QR payloads element by element (EPC069-12 v3.0), their limits, and an SVG that is safe to serve."""

from __future__ import annotations

import re
from typing import Any

import pytest

from portal.payments.epc_qr import EpcQrError, epc_payload, qr_svg

RED_CROSS = dict(bic="BPOTBEB1", name="Red Cross of Belgium", iban="BE72000000001616", currency="EUR")


def test_the_guidelines_own_example() -> None:
    payload = epc_payload(**RED_CROSS, amount_minor=100, purpose="CHAR", text="Urgency fund")
    assert payload.split("\n") == [
        "BCD",  # service tag
        "002",  # version
        "1",  # character set: UTF-8
        "SCT",  # identification
        "BPOTBEB1",
        "Red Cross of Belgium",
        "BE72000000001616",
        "EUR1",
        "CHAR",
        "",  # no structured reference …
        "Urgency fund",  # … because the unstructured text is given
    ]


def test_a_structured_reference_and_no_trailing_elements() -> None:
    payload = epc_payload(
        bic="", name="Põhjavalgus Energia AS", iban="EE38 2200 2210 2014 5685", amount_minor=12_345,
        currency="EUR", reference="RF18 5390 0754 7034",
    )  # fmt: skip
    assert payload == "BCD\n002\n1\nSCT\n\nPõhjavalgus Energia AS\nEE382200221020145685\nEUR123.45\n\nRF18539007547034"
    assert not payload.endswith("\n")


@pytest.mark.parametrize(("minor", "text"), [(1, "EUR0.01"), (1_250, "EUR12.5"), (99_999_999_999, "EUR999999999.99")])
def test_amounts(minor: int, text: str) -> None:
    assert epc_payload(**RED_CROSS, amount_minor=minor).split("\n")[7] == text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"currency": "RON"}, "euro only"),
        ({"iban": "BE72000000001617"}, "IBAN"),
        ({"iban": "not an iban"}, "IBAN"),
        ({"amount_minor": 0}, "amount"),
        ({"amount_minor": 100_000_000_000}, "amount"),
        ({"name": "x" * 71}, "name"),
        ({"name": "  "}, "name"),
        ({"bic": "BPOT"}, "BIC"),
        ({"reference": "RF18539007547034", "text": "Invoice 5"}, "not both"),
        ({"text": "x" * 141}, "140"),
        ({"reference": "R" * 36}, "35"),
        ({"purpose": "CHARITY"}, "purpose"),
    ],
)
def test_what_cannot_be_in_an_epc_qr_code_is_refused(change: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {**RED_CROSS, "amount_minor": 100, **change}
    with pytest.raises(EpcQrError, match=message):
        epc_payload(**arguments)


def test_the_whole_payload_is_at_most_331_bytes() -> None:
    longest = dict(RED_CROSS, name="Ä" * 70)  # 140 bytes in UTF-8
    assert len(epc_payload(**longest, amount_minor=100, text="x" * 140).encode()) <= 331
    with pytest.raises(EpcQrError, match="331"):
        epc_payload(**longest, amount_minor=100, text="Ö" * 140)


def test_the_svg_has_no_script_or_style() -> None:
    svg = qr_svg(epc_payload(**dict(RED_CROSS, name="Põhjavalgus"), amount_minor=100, reference="RF18539007547034"))
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<script" not in svg and "style" not in svg and "<?xml" not in svg
    assert not re.search(r"\son\w+=", svg), "no event handler attributes"
