"""Creating staff users and signing them in: password, then a one-time code, then a server-side session."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from portal.audit.service import record
from portal.auth import link_secrets
from portal.auth.attempts import paused_until
from portal.auth.models import SignInAttempt
from portal.config import Settings
from portal.db import saved_id
from portal.i18n import LANGUAGES
from portal.staff import credentials
from portal.staff.models import ROLES, StaffSession, StaffUser

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


class StaffUserError(ValueError):
    """`reason` is a code the edge translates."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewUser:
    user: StaffUser
    password: str
    totp_secret: str


@dataclass(frozen=True)
class StepResult:
    session_token: str | None = None
    locked_until: datetime | None = None


def create_user(
    session: Session,
    *,
    username: str,
    display_name: str,
    role: str,
    creditor_id: int | None = None,
    language: str = "en",
    password: str | None = None,
) -> NewUser:
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise StaffUserError("bad_username")
    if role not in ROLES:
        raise StaffUserError("bad_role")
    if (role == "creditor") != (creditor_id is not None):
        raise StaffUserError("creditor_mismatch")
    if language not in LANGUAGES:
        raise StaffUserError("bad_language")
    if session.exec(select(StaffUser).where(StaffUser.username == username)).first():
        raise StaffUserError("username_taken")
    password = password or credentials.new_password()
    if len(password) < credentials.MIN_PASSWORD_LENGTH:
        raise StaffUserError("short_password")
    secret = credentials.new_totp_secret()
    user = StaffUser(
        username=username,
        display_name=display_name.strip()[:120] or username,
        role=role,
        creditor_id=creditor_id,
        password_hash=credentials.hash_password(password),
        totp_secret=secret,
        language=language,
    )
    session.add(user)
    session.flush()
    return NewUser(user, password, secret)


def _subject(username: str) -> str:
    return link_secrets.subject_key("staff", username.strip().lower())


def check_password(
    session: Session, username: str, password: str, *, address: str, now: datetime, settings: Settings
) -> StepResult:
    """First step. A pending session is opened that reaches nothing but the code form."""
    subject = _subject(username)
    if lock := paused_until(session, now, settings=settings, subject=subject, address=address):
        record(session, "staff.signin.locked", actor_kind="anonymous", address=address, subject=subject[:12])
        return StepResult(locked_until=lock)
    user = session.exec(select(StaffUser).where(StaffUser.username == username.strip().lower())).first()
    matched = credentials.password_matches(user.password_hash if user else None, password)
    ok = bool(user and user.is_active and matched)
    session.add(SignInAttempt(at=now, subject=subject, address=address, succeeded=ok))
    if not ok or user is None:
        record(session, "staff.signin.failed", actor_kind="anonymous", address=address, subject=subject[:12])
        return StepResult(locked_until=paused_until(session, now, settings=settings, subject=subject, address=address))
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=link_secrets.hash_token(token),
            user_id=saved_id(user),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
        )
    )
    record(session, "staff.signin.password_ok", actor_kind="staff", actor_id=user.id, address=address)
    return StepResult(session_token=token)


def check_code(
    session: Session, pending: StaffSession, code: str, *, address: str, now: datetime, settings: Settings
) -> StepResult:
    """Second step: a valid, unused code completes the sign-in, under a new session id."""
    user = session.get(StaffUser, pending.user_id)
    assert user is not None  # noqa: S101 - a session always has its user (foreign key)
    subject = _subject(user.username)
    if lock := paused_until(session, now, settings=settings, subject=subject, address=address):
        record(session, "staff.signin.locked", actor_kind="staff", actor_id=user.id, address=address)
        return StepResult(locked_until=lock)
    step = credentials.accepted_step(user.totp_secret, code, now=now, last_step=user.totp_last_step)
    session.add(SignInAttempt(at=now, subject=subject, address=address, succeeded=step is not None))
    if step is None or not user.is_active:
        record(session, "staff.signin.code_failed", actor_kind="staff", actor_id=user.id, address=address)
        return StepResult(locked_until=paused_until(session, now, settings=settings, subject=subject, address=address))
    user.totp_last_step = step
    pending.ended_at = now
    token = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            token_hash=link_secrets.hash_token(token),
            user_id=saved_id(user),
            created_at=now,
            last_seen_at=now,
            expires_at=pending.expires_at,
            verified_at=now,
        )
    )
    record(session, "staff.signin.succeeded", actor_kind="staff", actor_id=user.id, address=address)
    return StepResult(session_token=token)


def session_of(
    session: Session, token: str, *, now: datetime, settings: Settings
) -> tuple[StaffSession, StaffUser] | None:
    if not token or len(token) > 100:
        return None
    found = session.exec(
        select(StaffSession, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSession.user_id)  # type: ignore[arg-type]
        .where(StaffSession.token_hash == link_secrets.hash_token(token))
    ).first()
    if found is None:
        return None
    staff_session, user = found
    idle = timedelta(minutes=settings.session_idle_minutes)
    if staff_session.ended_at or staff_session.expires_at <= now or staff_session.last_seen_at + idle <= now:
        return None
    if not user.is_active:
        return None
    staff_session.last_seen_at = now
    return staff_session, user


def end_session(session: Session, staff_session: StaffSession, *, now: datetime) -> None:
    staff_session.ended_at = now
    record(session, "staff.signout", actor_kind="staff", actor_id=staff_session.user_id)
