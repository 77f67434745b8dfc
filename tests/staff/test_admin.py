"""Administrators manage staff and creditor users; nobody else can."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.staff.models import StaffSession, StaffUser
from tests import factories
from tests.pages import post_form
from tests.staff.helpers import sign_in_staff, staff_user


def test_admin_adds_a_creditor_user_and_sees_the_credentials_once(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "admin"))
    creditor = factories.creditor(db, name="Lumo Vuokrakodit Oy")
    page = post_form(
        client,
        "/staff/users",
        {
            "username": "lumo.kirsi",
            "display_name": "Kirsi",
            "role": "creditor",
            "creditor_id": str(creditor.id),
            "language": "fi",
        },
    )
    assert page.status_code == 200 and "lumo.kirsi" in page.text
    secret = re.search(r"otpauth://totp/[^<]*secret=([A-Z2-7]+)", page.text)
    assert secret
    user = db.exec(select(StaffUser).where(StaffUser.username == "lumo.kirsi")).one()
    assert user.creditor_id == creditor.id and user.totp_secret == secret.group(1)
    assert "Lumo Vuokrakodit Oy" in client.get("/staff/users").text
    assert "otpauth://" not in client.get("/staff/users").text, "credentials are shown only once"
    assert any(r.action == "staff.user.create" for r in db.exec(select(AuditRecord)))


def test_bad_new_user_gets_a_message_and_nothing_is_written(client: TestClient, db: Session) -> None:
    sign_in_staff(client, staff_user(db, "admin"))
    before = len(db.exec(select(StaffUser)).all())
    for form in (
        {"username": "x", "role": "agent"},
        {"username": "valid.name", "role": "wizard"},
        {"username": "valid.name", "role": "creditor", "creditor_id": ""},
        {"username": "valid.name", "role": "agent", "creditor_id": "999999"},
    ):
        response = post_form(client, "/staff/users", {"display_name": "X", "language": "en", **form})
        assert response.status_code == 400 and 'role="alert"' in response.text
    assert len(db.exec(select(StaffUser)).all()) == before


def test_deactivating_a_user_ends_their_sessions(client: TestClient, db: Session) -> None:
    agent = staff_user(db, "agent")
    sign_in_staff(client, agent)
    client.cookies.clear()
    sign_in_staff(client, staff_user(db, "admin"))
    post_form(client, f"/staff/users/{agent.id}", {"role": "agent", "active": "no"}, form_page="/staff/users")
    assert not agent.is_active
    assert all(s.ended_at for s in db.exec(select(StaffSession).where(StaffSession.user_id == agent.id)))


def test_an_admin_cannot_remove_their_own_rights(client: TestClient, db: Session) -> None:
    me = staff_user(db, "admin")
    sign_in_staff(client, me)
    response = post_form(client, f"/staff/users/{me.id}", {"role": "agent", "active": "yes"}, form_page="/staff/users")
    assert response.status_code == 400 and me.role == "admin"


def test_renewed_credentials_replace_the_old_ones(client: TestClient, db: Session) -> None:
    agent = staff_user(db, "agent")
    old_secret, old_hash = agent.totp_secret, agent.password_hash
    sign_in_staff(client, staff_user(db, "admin"))
    page = post_form(client, f"/staff/users/{agent.id}/renew", {}, form_page="/staff/users")
    assert page.status_code == 200 and agent.totp_secret != old_secret and agent.password_hash != old_hash


def test_other_roles_cannot_manage_users(client: TestClient, db: Session) -> None:
    for role in ("agent", "supervisor", "creditor"):
        client.cookies.clear()
        sign_in_staff(client, staff_user(db, role))
        assert client.get("/staff/users").status_code == 403
        response = post_form(
            client,
            "/staff/users",
            {"username": "sneaky", "role": "admin", "display_name": "S"},
            form_page="/staff/sign-in",
        )
        assert response.status_code == 403
    assert db.exec(select(StaffUser).where(StaffUser.username == "sneaky")).first() is None
