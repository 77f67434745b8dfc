"""What each role may do (pure). Routes ask for a permission; they never test roles themselves."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    WORK = "work"  # see queues, take and close work items
    SUPERVISE = "supervise"  # see everyone's overdue items, reassign
    CASES_READ = "cases_read"  # search and open cases (a creditor user: only their creditor's)
    CASES_ACT = "cases_act"  # add notes, record transfers, credit notes and contact corrections
    USERS = "users"  # manage staff and creditor users
    PLAN_RULES = "plan_rules"  # set a creditor's payment-plan rules and settlement offer (a creditor user: their own)


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "agent": frozenset({Permission.WORK, Permission.CASES_READ, Permission.CASES_ACT}),
    "supervisor": frozenset(
        {Permission.WORK, Permission.SUPERVISE, Permission.CASES_READ, Permission.CASES_ACT, Permission.PLAN_RULES}
    ),
    "creditor": frozenset({Permission.CASES_READ, Permission.PLAN_RULES}),
    "admin": frozenset({Permission.USERS}),
}


def allows(role: str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())


def home_of(role: str) -> str:
    """Where a role lands after signing in."""
    if allows(role, Permission.WORK):
        return "/staff/queue"
    if allows(role, Permission.USERS):
        return "/staff/users"
    return "/staff/cases"
