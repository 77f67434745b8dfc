"""Collection-cost caps, reminder-fee caps and the check of a charge against a cap."""

from datetime import date

import pytest

from portal.rules import RulePackError, check_costs, collection_cost_cap, pack_for, reminder_fee_cap

ON = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("principal_minor", "cap_minor", "band"),
    [
        (0, 3000, 1),
        (50000, 3000, 1),
        (50001, 4000, 2),
        (100000, 4000, 2),
        (100001, 5000, 3),
        (10_000_000, 5000, 3),
    ],
)
def test_ee_consumer_cost_bands(principal_minor: int, cap_minor: int, band: int) -> None:
    cap = collection_cost_cap(pack_for("EE"), principal_minor=principal_minor, is_consumer=True, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.band, cap.currency) == (cap_minor, band, "EUR")
    assert (cap.reason, cap.status, cap.citation) == ("consumer_total_cap", "S", "VÕS § 113²")
    assert cap.sources


def test_ee_consumer_caps_did_not_exist_before_october_2015() -> None:
    with pytest.raises(RulePackError):
        collection_cost_cap(pack_for("EE"), principal_minor=1000, is_consumer=True, on=date(2015, 9, 30))


def test_ee_b2b_flat_compensation() -> None:
    cap = collection_cost_cap(pack_for("EE"), principal_minor=123_456, is_consumer=False, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.reason, cap.citation) == (4000, "b2b_flat_compensation", "VÕS § 113¹")


@pytest.mark.parametrize(
    ("principal_minor", "cap_minor"),
    [(1, 6000), (10000, 6000), (10001, 12000), (100000, 12000), (100001, 21000)],
)
def test_fi_consumer_total_cap_bands(principal_minor: int, cap_minor: int) -> None:
    cap = collection_cost_cap(pack_for("FI"), principal_minor=principal_minor, is_consumer=True, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.reason, cap.citation, cap.status) == (
        cap_minor,
        "consumer_total_cap",
        "perintälaki 10 d §",
        "S",
    )


def test_fi_directly_enforceable_claim_has_the_lower_total_cap() -> None:
    cap = collection_cost_cap(
        pack_for("FI"), principal_minor=500_000, is_consumer=True, on=ON, is_directly_enforceable=True
    )
    assert cap is not None
    assert (cap.amount_minor, cap.reason) == (5100, "consumer_enforceable_total_cap")


@pytest.mark.parametrize(
    ("principal_minor", "cap_minor", "status"),
    [
        (49999, 5000, "S"),
        (50000, 7000, "U"),
        (249999, 7000, "U"),
        (250000, 9000, "U"),
        (1_000_000, 9000, "U"),
        (1_000_001, 11000, "U"),
    ],
)
def test_fi_b2b_per_demand_cap_and_its_uncertain_boundaries(principal_minor: int, cap_minor: int, status: str) -> None:
    cap = collection_cost_cap(pack_for("FI"), principal_minor=principal_minor, is_consumer=False, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.reason, cap.status) == (cap_minor, "b2b_per_demand_cap", status)


@pytest.mark.parametrize("principal_minor", [0, 1, 999_999_99])
def test_ro_consumer_may_not_be_charged_collection_costs(principal_minor: int) -> None:
    cap = collection_cost_cap(pack_for("RO"), principal_minor=principal_minor, is_consumer=True, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.currency, cap.reason, cap.status) == (0, "RON", "no_collection_costs", "S")


def test_ro_b2b_has_no_known_cap() -> None:
    assert collection_cost_cap(pack_for("RO"), principal_minor=100, is_consumer=False, on=ON) is None


def test_negative_principal_is_refused() -> None:
    with pytest.raises(ValueError, match="principal"):
        collection_cost_cap(pack_for("EE"), principal_minor=-1, is_consumer=True, on=ON)


@pytest.mark.parametrize(
    ("country", "is_consumer", "amount", "max_charges", "reason"),
    [
        ("EE", True, 500, 1, "reminder_fee_once"),
        ("FI", True, 500, None, "reminder_fee_per_reminder"),
        ("FI", False, 1200, None, "reminder_fee_per_reminder"),
        ("RO", True, 0, None, "no_reminder_fee"),
    ],
)
def test_reminder_fee_caps(country: str, is_consumer: bool, amount: int, max_charges: int | None, reason: str) -> None:
    cap = reminder_fee_cap(pack_for(country), is_consumer=is_consumer, on=ON)
    assert cap is not None
    assert (cap.amount_minor, cap.max_charges, cap.reason) == (amount, max_charges, reason)


@pytest.mark.parametrize("country", ["EE", "RO"])
def test_no_known_b2b_reminder_fee_cap(country: str) -> None:
    assert reminder_fee_cap(pack_for(country), is_consumer=False, on=ON) is None


@pytest.mark.parametrize(
    ("charged", "respected", "excess"),
    [(0, True, 0), (3000, True, 0), (3001, False, 1), (5000, False, 2000)],
)
def test_check_costs_against_the_ee_smallest_band(charged: int, respected: bool, excess: int) -> None:
    cap = collection_cost_cap(pack_for("EE"), principal_minor=20000, is_consumer=True, on=ON)
    check = check_costs(cap, charged)
    assert (check.respected, check.cap_minor, check.charged_minor, check.excess_minor) == (
        respected,
        3000,
        charged,
        excess,
    )


def test_check_costs_without_a_cap_and_with_a_negative_charge() -> None:
    check = check_costs(None, 99_999)
    assert (check.respected, check.cap_minor) == (True, None)
    with pytest.raises(ValueError, match="charged"):
        check_costs(None, -1)


def test_any_charge_breaks_the_romanian_zero_cap() -> None:
    cap = collection_cost_cap(pack_for("RO"), principal_minor=100_000, is_consumer=True, on=ON)
    assert check_costs(cap, 1).respected is False
