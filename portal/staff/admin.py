"""Managing staff and creditor users: listing, changing roles, deactivating, renewing credentials."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.creditors.models import Creditor
from portal.staff import credentials
from portal.staff.current import Staff
from portal.staff.models import ROLES, StaffSession, StaffUser
from portal.staff.service import NewUser, StaffUserError, create_user


@dataclass(frozen=True)
class UserRow:
    user: StaffUser
    creditor_name: str | None


def users(session: Session) -> list[UserRow]:
    rows = session.exec(
        select(StaffUser, Creditor.name)
        .join(Creditor, col(Creditor.id) == StaffUser.creditor_id, isouter=True)
        .order_by(col(StaffUser.is_active).desc(), col(StaffUser.username))
    ).all()
    return [UserRow(user, name) for user, name in rows]


def creditors(session: Session) -> list[Creditor]:
    return list(session.exec(select(Creditor).order_by(col(Creditor.name))).all())


def add_user(
    session: Session,
    by: Staff,
    *,
    username: str,
    display_name: str,
    role: str,
    creditor_id: int | None,
    language: str,
) -> NewUser:
    if creditor_id is not None and session.get(Creditor, creditor_id) is None:
        raise StaffUserError("creditor_mismatch")
    created = create_user(
        session, username=username, display_name=display_name, role=role, creditor_id=creditor_id, language=language
    )
    record(
        session, "staff.user.create", actor_kind="staff", actor_id=by.user.id, target=created.user.username, role=role
    )
    return created


def _end_sessions(session: Session, user: StaffUser) -> None:
    for open_session in session.exec(
        select(StaffSession).where(StaffSession.user_id == user.id, col(StaffSession.ended_at).is_(None))
    ).all():
        open_session.ended_at = open_session.last_seen_at


def change_user(session: Session, by: Staff, user: StaffUser, *, role: str, is_active: bool) -> None:
    if role not in ROLES or (role == "creditor") != (user.creditor_id is not None):
        raise StaffUserError("creditor_mismatch" if role in ROLES else "bad_role")
    if user.id == by.user.id and (role != "admin" or not is_active):
        raise StaffUserError("not_yourself")
    before = (user.role, user.is_active)
    user.role, user.is_active = role, is_active
    if not is_active or role != before[0]:
        _end_sessions(session, user)
    record(
        session,
        "staff.user.change",
        actor_kind="staff",
        actor_id=by.user.id,
        target=user.username,
        before={"role": before[0], "active": before[1]},
        after={"role": role, "active": is_active},
    )


def renew_credentials(session: Session, by: Staff, user: StaffUser) -> tuple[str, str]:
    """A new password and a new authenticator secret, shown once to the admin; old sessions end."""
    password, secret = credentials.new_password(), credentials.new_totp_secret()
    user.password_hash = credentials.hash_password(password)
    user.totp_secret, user.totp_last_step = secret, 0
    _end_sessions(session, user)
    record(session, "staff.user.renew", actor_kind="staff", actor_id=by.user.id, target=user.username)
    return password, secret
