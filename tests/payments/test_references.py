"""Payment references: published examples, the check digits' guarantees, and one reference per case."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.payments.references import (
    case_for_payment_reference,
    check_731,
    ee_reference,
    fi_display,
    fi_reference,
    is_valid_ee_reference,
    is_valid_fi_reference,
    is_valid_rf,
    payment_reference,
    rf_display,
    rf_reference,
)


@dataclass(frozen=True)
class FakeCase:
    reference: str


@pytest.mark.parametrize(
    ("base", "reference"),
    [
        ("123", "1232"),  # Eesti Pangaliit / Finanssiala worked example: 3·7 + 2·3 + 1·1 = 28 → 2
        ("1234567", "12345672"),
        ("123456", "1234561"),  # Finanssiala's guide: 1234561 is a valid viitenumero
        ("12345678", "123456780"),  # the sum is already a multiple of ten: check digit 0
    ],
)
def test_731_examples(base: str, reference: str) -> None:
    assert ee_reference(base) == reference
    assert is_valid_ee_reference(reference) and is_valid_ee_reference(" ".join(reference))
    assert not is_valid_ee_reference(reference[:-1] + str((int(reference[-1]) + 1) % 10))


def test_lengths_differ_between_estonia_and_finland() -> None:
    assert ee_reference("1") == "13" and is_valid_ee_reference("13")
    assert not is_valid_fi_reference("13"), "a Finnish viitenumero has at least four digits"
    assert fi_reference("123") == "1232" and is_valid_fi_reference("1232")
    assert not is_valid_ee_reference("1" * 20 + "0") and not is_valid_fi_reference("12a4")
    with pytest.raises(ValueError):
        fi_reference("12")
    with pytest.raises(ValueError):
        ee_reference("12-3")


def test_finnish_references_are_grouped_in_fives_from_the_right() -> None:
    assert fi_display("1234567897") == "12345 67897"
    assert fi_display("482917354") == "4829 17354"
    assert fi_display("1232") == "1232"


@pytest.mark.parametrize(
    "text",
    [
        "RF18 5390 0754 7034",  # ISO 11649's own example
        "RF18539007547034",
        "rf18 5390 0754 7034",
        "RF18000000000539007547034",  # the same, padded with zeros to 21 characters
        "RF712348231",  # Finanssiala's RF reference guide
    ],
)
def test_published_rf_references_are_valid(text: str) -> None:
    assert is_valid_rf(text)


@pytest.mark.parametrize(
    "text", ["RF19 5390 0754 7034", "RF18 5390 0754 7035", "RF331232", "XX18539007547034", "RF18", "RF1853900754703X!"]
)
def test_wrong_rf_references_are_refused(text: str) -> None:
    assert not is_valid_rf(text)


def test_rf_reference_is_built_as_published() -> None:
    assert rf_reference("539007547034") == "RF18539007547034"
    assert rf_reference("2348231") == "RF712348231"
    assert rf_display("RF18539007547034") == "RF18 5390 0754 7034"
    with pytest.raises(ValueError):
        rf_reference("1" * 22)


@pytest.mark.parametrize(
    ("scheme", "country", "bank", "display"),
    [
        # EE48291732: base 48291732, 2·7 + 3·3 + 7·1 + 1·7 + 9·3 + 2·1 + 8·7 + 4·3 = 134 → check digit 6;
        # RF: 98 − (48291732 R=27 F=15 00 mod 97) = 53.
        ("ee_731", "EE", "482917326", "482917326"),
        ("fi_viite", "FI", "482917326", "4829 17326"),
        ("rf", "EE", "RF5348291732", "RF53 4829 1732"),
        ("ro_creditor", "RO", "RF5348291732", "RF53 4829 1732"),
    ],
)
def test_each_case_gets_its_reference_and_it_leads_back(scheme: str, country: str, bank: str, display: str) -> None:
    case = FakeCase(f"{country}48291732")
    reference = payment_reference(scheme, case)
    assert (reference.text_for_bank, reference.display, reference.scheme) == (bank, display, scheme)
    assert payment_reference(scheme, case) == reference, "the same case always gets the same reference"
    assert case_for_payment_reference(reference.display, country=country) == case.reference
    assert case_for_payment_reference(reference.text_for_bank.lower(), country=country) == case.reference


def test_matching_back_refuses_anything_else() -> None:
    assert case_for_payment_reference("482917326", country="EE") == "EE48291732"
    assert case_for_payment_reference("482917327", country="EE") is None  # wrong check digit
    assert case_for_payment_reference("482917355", country="EE") is None  # valid 7-3-1, but EE48291735 is not a case
    assert case_for_payment_reference("1232", country="EE") is None  # valid, but not one of our cases
    assert case_for_payment_reference("RF18539007547034", country="FI") is None
    assert case_for_payment_reference("", country="EE") is None
    assert check_731("48291735") == 5  # 155 → 5


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError):
        payment_reference("bank_of_mars", FakeCase("EE48291732"))


def _change_one_digit(text: str, position: int, delta: int) -> str:
    digits = [i for i, char in enumerate(text) if char.isdigit()]
    index = digits[position % len(digits)]
    return text[:index] + str((int(text[index]) + delta) % 10) + text[index + 1 :]


bases = st.text("0123456789", min_size=3, max_size=19)
change = st.tuples(st.integers(min_value=0, max_value=40), st.integers(min_value=1, max_value=9))


@given(bases, change)
def test_731_references_validate_and_catch_any_single_wrong_digit(base: str, changed: tuple[int, int]) -> None:
    reference = fi_reference(base)
    assert is_valid_ee_reference(reference) and is_valid_fi_reference(reference)
    wrong = _change_one_digit(reference, *changed)
    assert not is_valid_ee_reference(wrong) and not is_valid_fi_reference(wrong)


@given(st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=21), change)
def test_rf_references_validate_and_catch_any_single_wrong_digit(base: str, changed: tuple[int, int]) -> None:
    reference = rf_reference(base)
    assert is_valid_rf(reference) and is_valid_rf(rf_display(reference))
    assert not is_valid_rf(_change_one_digit(reference, *changed))
