"""What the dispute form accepts, and the arithmetic of a freeze and of a credit note."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.disputes.models import REASONS
from portal.disputes.rules import credit_refusal, parse_decision_text, parse_dispute, paused_days_after

LINES = {11, 12}


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        ({"reason": "already_paid", "target": "case", "explanation": "Paid on 3.10."}, {}),
        ({"reason": "amount_wrong", "target": "12", "explanation": "Twice billed"}, {}),
        ({"reason": "", "target": "case", "explanation": "x" * 10}, {"reason": "missing"}),
        ({"reason": "cannot_pay", "target": "case", "explanation": "x" * 10}, {"reason": "unknown"}),
        ({"reason": "other", "target": "13", "explanation": "x" * 10}, {"target": "unknown"}),
        ({"reason": "other", "target": "-1", "explanation": "x" * 10}, {"target": "unknown"}),
        ({"reason": "other", "target": "9" * 40, "explanation": "x" * 10}, {"target": "unknown"}),
        ({"reason": "other", "target": "case", "explanation": "  "}, {"explanation": "missing"}),
        ({"reason": "other", "target": "case", "explanation": "x" * 4001}, {"explanation": "too_long"}),
    ],
)
def test_parse_dispute(values: dict[str, str], errors: dict[str, str]) -> None:
    form, found = parse_dispute(values, LINES)
    assert found == errors
    assert (form is None) == bool(errors)
    if form is not None:
        assert form.reason in REASONS
        assert form.claim_line_id == (None if values["target"] == "case" else int(values["target"]))


@pytest.mark.parametrize(
    ("text", "required", "result"),
    [
        ("", True, (None, "missing")),
        ("", False, ("", None)),
        (" ok ", True, ("ok", None)),
        ("x" * 4001, True, (None, "too_long")),
    ],
)
def test_parse_decision_text(text: str, required: bool, result: tuple[str | None, str | None]) -> None:
    assert parse_decision_text(text, required=required) == result


@given(st.integers(0, 400), st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.integers(-10, 400))
def test_the_days_frozen_add_up_and_never_shrink(paused: int, frozen_on: date, days: int) -> None:
    from datetime import timedelta

    resumed_on = frozen_on + timedelta(days=days)
    assert paused_days_after(paused, frozen_on=frozen_on, resumed_on=resumed_on) == paused + max(days, 0)


@pytest.mark.parametrize(
    ("amount", "open_minor", "refusal"),
    [
        (500, 500, None),
        (1, 500, None),
        (501, 500, "more_than_disputed"),
        (0, 500, "bad_amount"),
        (None, 500, "bad_amount"),
    ],
)
def test_a_credit_is_at_most_what_is_open_of_the_disputed_claim(
    amount: int | None, open_minor: int, refusal: str | None
) -> None:
    assert credit_refusal(amount, disputed_open_minor=open_minor) == refusal
