"""The signed-in staff user of a request, and permission checks as dependencies no staff route can forget."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from portal.auth.attempts import client_address
from portal.db import SessionDep, utcnow
from portal.staff.actors import Actor, actor_for
from portal.staff.models import StaffSession, StaffUser
from portal.staff.permissions import Permission, allows
from portal.staff.service import session_of

COOKIE = "__Host-accord_staff"


class StaffSignInRequired(Exception):
    pass


class Forbidden(Exception):
    pass


@dataclass(frozen=True)
class Staff:
    user: StaffUser
    session: StaffSession

    def can(self, permission: Permission | str) -> bool:
        return allows(self.user.role, Permission(permission))


def _staff_session(request: Request, session: SessionDep) -> tuple[StaffSession, StaffUser]:
    found = session_of(session, request.cookies.get(COOKIE, ""), now=utcnow(), settings=request.app.state.settings)
    if found is None:
        raise StaffSignInRequired
    return found


def pending_staff(request: Request, session: SessionDep) -> StaffSession:
    """A session that has passed the password step but not yet the code."""
    staff_session, _user = _staff_session(request, session)
    if staff_session.verified_at is not None:
        raise StaffSignInRequired
    return staff_session


def current_staff(request: Request, session: SessionDep) -> Staff:
    staff_session, user = _staff_session(request, session)
    if staff_session.verified_at is None:
        raise StaffSignInRequired
    request.state.staff = Staff(user, staff_session)  # the page header shows who is signed in
    return Staff(user, staff_session)


SignedInStaff = Annotated[Staff, Depends(current_staff)]
PendingStaff = Annotated[StaffSession, Depends(pending_staff)]


def require(permission: Permission) -> Callable[[Staff], Staff]:
    def check(staff: SignedInStaff) -> Staff:
        if not staff.can(permission):
            raise Forbidden
        return staff

    check.permission = permission  # type: ignore[attr-defined]  # read by the permission walk test
    return check


def cookie(token: str) -> str:
    return f"{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict"


def cleared_cookie() -> str:
    return f"{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"


Worker = Annotated[Staff, Depends(require(Permission.WORK))]
Supervisor = Annotated[Staff, Depends(require(Permission.SUPERVISE))]
CaseReader = Annotated[Staff, Depends(require(Permission.CASES_READ))]
CaseActor = Annotated[Staff, Depends(require(Permission.CASES_ACT))]
Admin = Annotated[Staff, Depends(require(Permission.USERS))]


def acting(permission: Permission) -> Callable[..., Actor]:
    """The signed-in person with `permission`, as services audit them: role and organisation."""

    def build(request: Request, session: SessionDep, staff: SignedInStaff) -> Actor:
        if not staff.can(permission):
            raise Forbidden
        address = client_address(request)
        return actor_for(session, staff.user, agency=request.app.state.settings.agency_name, address=address)

    build.permission = permission  # type: ignore[attr-defined]  # read by the permission walk test
    return build


AsWorker = Annotated[Actor, Depends(acting(Permission.WORK))]
AsSupervisor = Annotated[Actor, Depends(acting(Permission.SUPERVISE))]
AsCaseReader = Annotated[Actor, Depends(acting(Permission.CASES_READ))]
AsCaseActor = Annotated[Actor, Depends(acting(Permission.CASES_ACT))]
AsPlanRulesEditor = Annotated[Actor, Depends(acting(Permission.PLAN_RULES))]
