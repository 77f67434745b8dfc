"""Signing staff in through the real pages, with a code computed like an authenticator app would."""

from __future__ import annotations

import pyotp
from fastapi.testclient import TestClient
from sqlmodel import Session

from portal.staff.models import StaffUser
from portal.staff.service import create_user
from tests import factories
from tests.pages import post_form

PASSWORD = "correct horse battery"


def staff_user(db: Session, role: str = "agent", **overrides: object) -> StaffUser:
    creditor_id = overrides.pop("creditor_id", None)
    if role == "creditor" and creditor_id is None:
        creditor_id = factories.creditor(db).id
    n = factories.next_number()
    created = create_user(
        db,
        username=str(overrides.pop("username", f"{role}{n}")),
        display_name=f"{role.title()} {n}",
        role=role,
        creditor_id=creditor_id,
        password=PASSWORD,
        **overrides,  # type: ignore[arg-type]
    )
    return created.user


def sign_in_staff(client: TestClient, user: StaffUser) -> None:
    first = post_form(client, "/staff/sign-in", {"username": user.username, "password": PASSWORD})
    assert first.status_code == 303, first.text[:500]
    second = post_form(client, "/staff/sign-in/code", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert second.status_code == 303, second.text[:500]
