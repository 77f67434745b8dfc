"""Every console route with every role: the roles without the route's permission are refused, the others are not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session

from portal.staff.models import ROLES
from portal.staff.permissions import Permission, allows
from portal.work.models import WorkItem
from tests import factories
from tests.pages import csrf_token
from tests.staff.helpers import sign_in_staff, staff_user

OPEN_TO_ANY_SIGNED_IN = {"/staff", "/staff/sign-out"}
BEFORE_SIGN_IN = {"/staff/sign-in", "/staff/sign-in/code"}


def _permissions(dependant: object) -> Iterator[Permission]:
    for dependency in getattr(dependant, "dependencies", []):
        permission = getattr(dependency.call, "permission", None)
        if permission is not None:
            yield permission
        yield from _permissions(dependency)


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI wraps included routers
            yield from _api_routes(route.original_router.routes)


def staff_routes(app: FastAPI) -> list[tuple[APIRoute, str, Permission | None]]:
    found = []
    for route in _api_routes(app.routes):
        if route.path.startswith("/staff"):
            for method in sorted(route.methods):
                found.append((route, method, next(_permissions(route.dependant), None)))
    return found


def test_every_console_route_names_a_permission(app: FastAPI) -> None:
    missing = [
        f"{method} {route.path}"
        for route, method, permission in staff_routes(app)
        if permission is None and route.path not in OPEN_TO_ANY_SIGNED_IN | BEFORE_SIGN_IN
    ]
    assert missing == [], "a console route without a permission dependency"
    assert len(staff_routes(app)) >= 8


@pytest.mark.parametrize("role", ROLES)
def test_walk_every_route_as(role: str, app: FastAPI, client: TestClient, db: Session) -> None:
    creditor = factories.creditor(db)
    case = factories.case(db, creditor_row=creditor)
    user = staff_user(db, role, creditor_id=creditor.id if role == "creditor" else None)
    item = WorkItem(kind="case_review", case_id=case.id, due_at=factories.NOW, summary="walk")
    db.add(item)
    db.flush()
    values = {"reference": case.reference, "item_id": str(item.id), "user_id": str(user.id)}
    sign_in_staff(client, user)
    token = csrf_token(client, "/staff/sign-in")
    wrong = []
    for route, method, permission in staff_routes(app):
        if permission is None:
            continue
        path = re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "1"), route.path)
        response = client.request(method, path, data={"csrf_token": token} if method == "POST" else None)
        refused = response.status_code == 403
        if refused == allows(role, permission):
            wrong.append(f"{method} {path}: {response.status_code}")
    assert wrong == [], f"{role}: {wrong}"


def test_signed_out_walk_reaches_nothing(app: FastAPI, client: TestClient, db: Session) -> None:
    token = csrf_token(client, "/staff/sign-in")
    for route, method, _permission in staff_routes(app):
        if route.path in BEFORE_SIGN_IN:
            continue
        path = re.sub(r"{\w+}", "1", route.path)
        response = client.request(method, path, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 303 and response.headers["location"] == "/staff/sign-in", path
