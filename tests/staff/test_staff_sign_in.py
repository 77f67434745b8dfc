"""Staff sign in with a password and a one-time code; guessing either is limited; codes work once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.config import Settings
from portal.staff import credentials
from portal.staff.models import StaffSession
from tests.pages import post_form
from tests.staff.helpers import PASSWORD, sign_in_staff, staff_user

FROZEN = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)


def test_password_then_code_opens_the_console(client: TestClient, db: Session) -> None:
    user = staff_user(db, "agent")
    assert client.get("/staff/queue").status_code in (303, 404)  # not signed in
    sign_in_staff(client, user)
    assert client.get("/staff").headers["location"] == "/staff/queue"
    sessions = db.exec(select(StaffSession).where(StaffSession.user_id == user.id)).all()
    assert len(sessions) == 2 and sum(1 for s in sessions if s.verified_at) == 1
    assert {"staff.signin.password_ok", "staff.signin.succeeded"} <= {r.action for r in db.exec(select(AuditRecord))}


def test_password_alone_reaches_nothing_but_the_code_form(client: TestClient, db: Session) -> None:
    user = staff_user(db, "supervisor")
    assert post_form(client, "/staff/sign-in", {"username": user.username, "password": PASSWORD}).status_code == 303
    response = client.get("/staff")
    assert response.status_code == 303 and response.headers["location"] == "/staff/sign-in"
    assert client.get("/staff/sign-in/code").status_code == 200


def test_wrong_password_and_unknown_user_look_the_same(client: TestClient, db: Session) -> None:
    user = staff_user(db, "agent")
    wrong = post_form(client, "/staff/sign-in", {"username": user.username, "password": "nope nope nope"})
    unknown = post_form(client, "/staff/sign-in", {"username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 400
    assert "That did not match" in wrong.text and "That did not match" in unknown.text


def test_guessing_passwords_locks_the_account(client: TestClient, db: Session, settings: Settings) -> None:
    user = staff_user(db, "agent")
    for _ in range(settings.signin_failures_per_subject):
        post_form(client, "/staff/sign-in", {"username": user.username, "password": "guess guess guess"})
    locked = post_form(client, "/staff/sign-in", {"username": user.username, "password": PASSWORD})
    assert locked.status_code == 429 and "paused until" in locked.text


def test_totp_with_a_frozen_clock() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now_code = totp.at(FROZEN)
    step = totp.timecode(FROZEN)
    assert credentials.accepted_step(secret, now_code, now=FROZEN, last_step=0) == step
    assert (
        credentials.accepted_step(secret, totp.at(FROZEN - timedelta(seconds=30)), now=FROZEN, last_step=0) == step - 1
    )
    assert credentials.accepted_step(secret, totp.at(FROZEN - timedelta(seconds=90)), now=FROZEN, last_step=0) is None
    assert credentials.accepted_step(secret, now_code, now=FROZEN, last_step=step) is None, "a code works once"
    assert credentials.accepted_step(secret, "12345", now=FROZEN, last_step=0) is None
    assert credentials.accepted_step(secret, "abcdef", now=FROZEN, last_step=0) is None


def test_a_used_code_cannot_sign_in_again(client: TestClient, db: Session) -> None:
    user = staff_user(db, "agent")
    sign_in_staff(client, user)
    code = pyotp.TOTP(user.totp_secret).now()
    client.cookies.clear()
    assert post_form(client, "/staff/sign-in", {"username": user.username, "password": PASSWORD}).status_code == 303
    replay = post_form(client, "/staff/sign-in/code", {"code": code})
    assert replay.status_code == 400


def test_passwords_are_stored_as_argon2id(db: Session) -> None:
    user = staff_user(db, "admin")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_deactivated_user_is_signed_out(client: TestClient, db: Session) -> None:
    user = staff_user(db, "agent")
    sign_in_staff(client, user)
    user.is_active = False
    db.flush()
    assert client.get("/staff").status_code == 303


def test_sign_out(client: TestClient, db: Session) -> None:
    user = staff_user(db, "agent")
    sign_in_staff(client, user)
    assert post_form(client, "/staff/sign-out", {}, form_page="/staff/sign-in").status_code == 303
    assert client.get("/staff").headers["location"] == "/staff/sign-in"
