"""Paying by case number without signing in, as from a letter: nothing about the person or the balance is shown."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from portal.audit.service import record
from portal.auth.attempts import lock_by
from portal.auth.forms import normalize_reference
from portal.auth.link_secrets import subject_key
from portal.auth.lockout import LockoutPolicy
from portal.auth.models import SignInAttempt
from portal.cases.models import Case
from portal.cases.references import is_well_formed
from portal.cases.service import AGENCY, CaseView, case_view
from portal.db import saved_id
from portal.payments import cards
from portal.payments.models import PaymentAttempt
from portal.staff import forms

# Unknown case numbers or out-of-range amounts are what probing looks like; a person needs a few tries at most.
POLICY = LockoutPolicy(max_failures=10, window=timedelta(hours=1))


@dataclass(frozen=True)
class Started:
    attempt: PaymentAttempt | None = None
    error: str | None = None  # missing_case, unknown_case, missing, not_amount, not_positive, amount_range, locked
    locked_until: datetime | None = None


def access_token(secret_key: str, attempt_id: int, browser_key: str) -> str:
    """Binds the card page to the browser that started it (its CSRF cookie): a shared link opens nothing."""
    message = f"public-pay:{attempt_id}:{browser_key}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def start(session: Session, case_number: str, amount_text: str, *, address: str, now: datetime, today: date) -> Started:
    subject = subject_key("public-pay", address)
    if lock := lock_by(session, SignInAttempt.subject, subject, POLICY, now):
        return Started(error="locked", locked_until=lock)
    reference = normalize_reference(case_number)
    if not reference:
        return Started(error="missing_case")
    amount, amount_error = forms.parse_amount(amount_text)
    view = case_view(session, AGENCY, reference, today=today) if is_well_formed(reference) else None
    # The same answer whether the amount is too small or more than is owed: the balance is never revealed.
    in_range = (
        view is not None
        and amount is not None
        and view.creditor.min_part_payment_minor <= amount <= view.balance.open()
    )
    session.add(
        SignInAttempt(
            at=now, subject=subject, case_id=view.case.id if view else None, address=address, succeeded=in_range
        )
    )
    if view is None:
        return Started(error="unknown_case")
    if amount is None:
        return Started(error=amount_error or "not_amount")
    if not in_range:
        return Started(error="amount_range")
    attempt = cards.start_attempt(session, view, amount, now=now)
    record(
        session,
        "public_pay.start",
        actor_kind="anonymous",
        case_id=view.case.id,
        address=address,
        attempt_id=attempt.id,
    )
    return Started(attempt=attempt)


def opened(
    session: Session, attempt_id: int, token: str, *, secret_key: str, browser_key: str, today: date, lock: bool = False
) -> tuple[PaymentAttempt, CaseView] | None:
    """The attempt and its case, only for the browser that started it."""
    expected = access_token(secret_key, attempt_id, browser_key)
    if not browser_key or not hmac.compare_digest(expected.encode(), token.encode()[:64]):
        return None
    attempt = session.get(PaymentAttempt, attempt_id, with_for_update=lock)
    if attempt is None:
        return None
    case = session.get(Case, attempt.case_id)
    view = case_view(session, AGENCY, case.reference, today=today) if case else None
    if view is None or saved_id(view.case) != attempt.case_id:
        return None
    return attempt, view
