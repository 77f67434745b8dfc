"""Perintälaki 5 §: a demand goes electronically only with a valid, unrevoked consent naming the medium and claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from portal.contact.consent import (
    Reason,
    add_months,
    consent_valid,
    consent_valid_until,
    may_send_demand_electronically,
    requires_consent,
)
from portal.rules import pack_for

TODAY = date(2026, 11, 22)
CLAIM = "FI10000018"


@dataclass(frozen=True)
class Given:
    medium: str = "email"
    valid_until: date = date(2027, 11, 21)
    revoked_at: datetime | None = None
    case_references: list[str] = field(default_factory=lambda: [CLAIM])


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 22), 12, date(2027, 11, 22)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_a_finnish_consent_lasts_twelve_months_and_not_a_day_more() -> None:
    assert consent_valid_until(pack_for("FI"), TODAY) == date(2027, 11, 21)
    figure = pack_for("FI").figure("electronic_consent_max_months", TODAY)
    assert (figure.value, figure.status, figure.citation) == (12, "C", "perintälaki 5 §")
    assert "https://finlex.fi/fi/laki/alkup/2022/20220299" in figure.sources


@pytest.mark.parametrize(
    ("consent", "today", "valid"),
    [
        (Given(), TODAY, True),
        (Given(), date(2027, 11, 21), True),  # the last day counts
        (Given(), date(2027, 11, 22), False),
        (Given(revoked_at=datetime(2026, 11, 22, 9, tzinfo=UTC)), TODAY, False),
        (Given(revoked_at=datetime(2027, 1, 1, tzinfo=UTC)), TODAY, False),  # a revocation counts at once
    ],
)
def test_consent_valid(consent: Given, today: date, valid: bool) -> None:
    assert consent_valid(consent, today) is valid


REVOKED = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("country", "consents", "medium", "today", "allowed", "reason"),
    [
        ("FI", [], "email", TODAY, False, Reason.NO_CONSENT),
        ("FI", [Given()], "email", TODAY, True, Reason.CONSENT_VALID),
        ("FI", [Given(medium="sms")], "sms", TODAY, True, Reason.CONSENT_VALID),
        ("FI", [Given(medium="sms")], "email", TODAY, False, Reason.NO_CONSENT),
        ("FI", [Given()], "portal", TODAY, False, Reason.NO_CONSENT),
        ("FI", [Given(case_references=["FI99999997"])], "email", TODAY, False, Reason.NOT_FOR_THIS_CLAIM),
        ("FI", [Given()], "email", date(2027, 11, 22), False, Reason.CONSENT_EXPIRED),
        ("FI", [Given(revoked_at=REVOKED)], "email", TODAY, False, Reason.CONSENT_REVOKED),
        ("FI", [Given(revoked_at=REVOKED), Given()], "email", TODAY, True, Reason.CONSENT_VALID),  # a new row
        ("FI", [], "letter", TODAY, True, Reason.WRITTEN),
        ("FI", [], "email", date(2022, 4, 30), True, Reason.NOT_REQUIRED),  # before 299/2022 was in force
        ("EE", [], "email", TODAY, True, Reason.NOT_REQUIRED),
        ("EE", [], "sms", TODAY, True, Reason.NOT_REQUIRED),
        ("RO", [], "email", TODAY, True, Reason.NOT_REQUIRED),
    ],
)
def test_may_send_demand_electronically(
    country: str, consents: list[Given], medium: str, today: date, allowed: bool, reason: Reason
) -> None:
    decision = may_send_demand_electronically(pack_for(country), consents, medium, today, case_reference=CLAIM)
    assert (decision.allowed, decision.reason) == (allowed, reason)


def test_only_packs_with_the_figure_require_consent() -> None:
    assert [country for country in ("EE", "FI", "RO") if requires_consent(pack_for(country), TODAY)] == ["FI"]


def test_an_unknown_medium_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="carrier pigeon"):
        may_send_demand_electronically(pack_for("FI"), [], "carrier pigeon", TODAY, case_reference=CLAIM)
