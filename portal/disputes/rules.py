"""Pure decisions about disputes: what the form may file, and how long collection stood frozen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.disputes.models import REASONS

# "I can't pay" is not a dispute (perintälaki 4 b §); the form offers it so such a person is guided to a plan.
CANNOT_PAY = "cannot_pay"
MIN_EXPLANATION = 3
MAX_EXPLANATION = 4000
MAX_DECISION = 4000


@dataclass(frozen=True)
class DisputeForm:
    reason: str
    explanation: str
    claim_line_id: int | None  # None: the whole case


def parse_dispute(values: dict[str, str], line_ids: set[int]) -> tuple[DisputeForm | None, dict[str, str]]:
    """The form's fields, or reason codes by field: `reason`, `target`, `explanation`."""
    errors: dict[str, str] = {}
    reason = values.get("reason", "").strip()
    if reason not in REASONS:
        errors["reason"] = "missing" if not reason else "unknown"
    target = values.get("target", "case").strip() or "case"
    line_id: int | None = None
    if target != "case":
        line_id = int(target) if target.isdigit() and len(target) < 12 else None
        if line_id not in line_ids:
            errors["target"] = "unknown"
    explanation = values.get("explanation", "").strip()
    if len(explanation) < MIN_EXPLANATION:
        errors["explanation"] = "missing"
    elif len(explanation) > MAX_EXPLANATION:
        errors["explanation"] = "too_long"
    if errors:
        return None, errors
    return DisputeForm(reason, explanation, line_id), {}


def parse_decision_text(text: str, *, required: bool) -> tuple[str | None, str | None]:
    body = text.strip()
    if not body:
        return (None, "missing") if required else ("", None)
    if len(body) > MAX_DECISION:
        return None, "too_long"
    return body, None


def paused_days_after(paused_days: int, *, frozen_on: date, resumed_on: date) -> int:
    """The stage's waits grow by the whole days the freeze lasted, so the debtor loses none of their time."""
    return paused_days + max((resumed_on - frozen_on).days, 0)


def credit_refusal(amount_minor: int | None, *, disputed_open_minor: int) -> str | None:
    """An upheld dispute cancels or reduces the claim by a credit note of at most what is still open of it."""
    if amount_minor is None:
        return "bad_amount"
    if amount_minor <= 0:
        return "bad_amount"
    if amount_minor > disputed_open_minor:
        return "more_than_disputed"
    return None
