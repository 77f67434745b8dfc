"""Console pages for administrators: staff and creditor users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.db import SessionDep
from portal.pages import render
from portal.staff import admin, credentials
from portal.staff.current import Admin
from portal.staff.models import ROLES, StaffUser
from portal.staff.service import NewUser, StaffUserError

router = APIRouter(prefix="/staff/users")
Text = Annotated[str, Form(max_length=200)]


def _page(request: Request, session: SessionDep, status: int = 200, **extra: object) -> HTMLResponse:
    context = {"rows": admin.users(session), "creditors": admin.creditors(session), "roles": ROLES, **extra}
    return render(request, "staff/users.html", context, status=status)


def _shown_once(request: Request, session: SessionDep, user: StaffUser, password: str, secret: str) -> HTMLResponse:
    issued = {"user": user, "password": password, "secret": secret, "uri": credentials.totp_uri(secret, user.username)}
    return _page(request, session, issued=issued)


@router.get("")
def user_list(request: Request, session: SessionDep, staff: Admin) -> HTMLResponse:
    return _page(request, session)


@router.post("")
def user_create(
    request: Request,
    session: SessionDep,
    staff: Admin,
    username: Text = "",
    display_name: Text = "",
    role: Text = "",
    creditor_id: Text = "",
    language: Text = "en",
) -> Response:
    values = {"username": username, "display_name": display_name, "role": role, "creditor_id": creditor_id}
    try:
        created: NewUser = admin.add_user(
            session,
            staff,
            username=username,
            display_name=display_name,
            role=role,
            creditor_id=int(creditor_id) if creditor_id.isdigit() else None,
            language=language,
        )
    except StaffUserError as error:
        return _page(request, session, status=400, error=error.reason, values=values)
    return _shown_once(request, session, created.user, created.password, created.totp_secret)


def _user(session: SessionDep, user_id: int) -> StaffUser:
    user = session.get(StaffUser, user_id)
    if user is None:
        raise HTTPException(status_code=404)
    return user


@router.post("/{user_id}")
def user_change(
    request: Request, session: SessionDep, staff: Admin, user_id: int, role: Text = "", active: Text = ""
) -> Response:
    try:
        admin.change_user(session, staff, _user(session, user_id), role=role, is_active=active == "yes")
    except StaffUserError as error:
        return _page(request, session, status=400, error=error.reason)
    return RedirectResponse("/staff/users", status_code=303)


@router.post("/{user_id}/renew")
def user_renew(request: Request, session: SessionDep, staff: Admin, user_id: int) -> Response:
    user = _user(session, user_id)
    password, secret = admin.renew_credentials(session, staff, user)
    return _shown_once(request, session, user, password, secret)
