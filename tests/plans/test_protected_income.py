"""The protected income floor per country: the figures used, their status, and missing figures."""

from datetime import date

import pytest

from portal.plans.affordability import NO_FLOOR_FIGURES, protected_income
from portal.rules import pack_for

MID_2025 = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("country", "on", "dependants", "amount_minor", "status"),
    [
        # EE: 886 EUR (2025, S) + 1/3 per dependant, rounded up in the debtor's favour.
        ("EE", MID_2025, 0, 88600, "S"),
        ("EE", MID_2025, 1, 118134, "S"),
        ("EE", MID_2025, 2, 147667, "S"),
        ("EE", MID_2025, 3, 177200, "S"),
        # EE 2026: 886 EUR "presumably" until April, then 946 EUR planned: both unconfirmed.
        ("EE", date(2026, 3, 31), 0, 88600, "U"),
        ("EE", date(2026, 4, 1), 0, 94600, "U"),
        ("EE", date(2026, 4, 1), 1, 126134, "U"),
        # FI 2025: 32.88 + 9.61 per dependant per day, × 30 (rules.md: 986.40 / 1 274.70 / 1 563.00 / 1 851.30).
        ("FI", MID_2025, 0, 98640, "C"),
        ("FI", MID_2025, 1, 127470, "C"),
        ("FI", MID_2025, 2, 156300, "C"),
        ("FI", MID_2025, 3, 185130, "C"),
        ("FI", date(2024, 6, 1), 0, 97680, "C"),
        # FI 2026: the 2025 values as placeholders, unconfirmed.
        ("FI", date(2026, 11, 22), 1, 127470, "U"),
    ],
)
def test_floor_per_country(country: str, on: date, dependants: int, amount_minor: int, status: str) -> None:
    protected = protected_income(pack_for(country), dependants=dependants, on=on)
    assert protected.amount_minor == amount_minor
    assert protected.basis is not None
    assert protected.basis.status == status
    assert protected.basis.sources


def test_dependants_are_cited_only_when_counted() -> None:
    alone = protected_income(pack_for("EE"), dependants=0, on=MID_2025)
    family = protected_income(pack_for("EE"), dependants=2, on=MID_2025)
    assert alone.basis is not None and family.basis is not None
    assert alone.basis.citation == "TMS § 132 lg 1"
    assert family.basis.citation == "TMS § 132 lg 1; TMS § 132 lg 2"


@pytest.mark.parametrize(
    ("net_income_minor", "amount_minor"),
    [
        (None, 128700),  # half the minimum net wage (2 574 lei, derived) when the income is not known
        (600000, 400000),  # above the minimum net wage: 1/3 may be seized
        (257400, 171600),  # exactly the minimum net wage
        (150000, 128700),  # below it: only the part above half of it may be seized
        (128700, 128700),
        (100000, 100000),  # below half the minimum net wage: nothing may be seized
        (0, 0),
        (300001, 200001),  # 1/3 of 3 000.01 lei rounds the seizable part down, the kept part up
    ],
)
def test_romania_keeps_two_thirds_and_at_least_half_the_minimum_net_wage(
    net_income_minor: int | None, amount_minor: int
) -> None:
    protected = protected_income(pack_for("RO"), dependants=2, on=MID_2025, net_income_minor=net_income_minor)
    assert protected.amount_minor == amount_minor
    assert protected.basis is not None
    assert protected.basis.status == "D"  # the minimum net wage to June 2026 is derived
    assert "CPC art. 729 alin. (3)" in (protected.basis.citation or "")


def test_romania_from_july_2026_uses_the_new_minimum_net_wage() -> None:
    protected = protected_income(pack_for("RO"), dependants=0, on=date(2026, 7, 1))
    assert protected.amount_minor == 134950
    assert protected.reason == "ro_half_minimum_net_wage"
    assert protected.basis is not None and protected.basis.status == "S"


@pytest.mark.parametrize(
    ("country", "on"), [("EE", date(2023, 12, 31)), ("FI", date(2023, 6, 1)), ("RO", date(2024, 12, 31))]
)
def test_no_figures_in_force_is_a_reason_not_a_guess(country: str, on: date) -> None:
    protected = protected_income(pack_for(country), dependants=0, on=on, net_income_minor=100000)
    assert (protected.amount_minor, protected.reason, protected.basis) == (None, NO_FLOOR_FIGURES, None)


@pytest.mark.parametrize("kwargs", [{"dependants": -1}, {"dependants": 0, "net_income_minor": -1}])
def test_negative_inputs_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        protected_income(pack_for("RO"), on=MID_2025, **kwargs)
