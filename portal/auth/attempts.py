"""Reading recorded sign-in attempts to decide whether a secret, a case or an address is paused."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select
from starlette.requests import Request

from portal.auth.lockout import Attempt, LockoutPolicy, locked_until
from portal.auth.models import SignInAttempt
from portal.config import Settings


def client_address(request: Request) -> str:
    """The address attempts are counted against (the proxy's X-Forwarded-For is trusted only as configured)."""
    return request.client.host if request.client else "unknown"


def per_secret(settings: Settings) -> LockoutPolicy:
    return LockoutPolicy(
        settings.signin_failures_per_subject, timedelta(minutes=settings.signin_subject_window_minutes)
    )


def per_address(settings: Settings) -> LockoutPolicy:
    return LockoutPolicy(
        settings.signin_failures_per_address, timedelta(minutes=settings.signin_address_window_minutes)
    )


def paused_until(
    session: Session,
    now: datetime,
    *,
    settings: Settings,
    subject: str,
    address: str,
    case_id: int | None = None,
) -> datetime | None:
    """The latest lock among the secret tried, the address, and (when known) the case behind the secret."""
    checks: list[tuple[object, object, LockoutPolicy]] = [
        (SignInAttempt.subject, subject, per_secret(settings)),
        (SignInAttempt.address, address, per_address(settings)),
    ]
    if case_id is not None:
        checks.append((SignInAttempt.case_id, case_id, per_secret(settings)))
    locks = [lock_by(session, column, value, policy, now) for column, value, policy in checks]
    return max((lock for lock in locks if lock), default=None)


def lock_by(session: Session, column: object, value: object, policy: LockoutPolicy, now: datetime) -> datetime | None:
    rows = session.exec(
        select(SignInAttempt.at, SignInAttempt.succeeded).where(
            column == value,  # type: ignore[arg-type]
            SignInAttempt.at > now - policy.window,
        )
    ).all()
    return locked_until([Attempt(at=at, succeeded=ok) for at, ok in rows], now, policy)
