"""Who acts in the console, as the audit log and the debtor see them: a role and an organisation, never the person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from portal.audit.service import record
from portal.cases.models import Case
from portal.cases.service import AGENCY, Scope
from portal.creditors.models import Creditor
from portal.staff.models import StaffUser
from portal.staff.permissions import Permission, allows


@dataclass(frozen=True)
class Actor:
    user: StaffUser
    organisation: str  # the agency's name for its staff, the creditor's name for a creditor user
    address: str

    @property
    def kind(self) -> str:
        return "creditor" if self.user.role == "creditor" else "staff"

    @property
    def scope(self) -> Scope:
        """The cases this person may open: their creditor's, or every case for agency staff who read cases."""
        if self.user.role == "creditor":
            return Scope(creditor_id=self.user.creditor_id)  # no creditor: Scope() opens nothing
        return AGENCY if allows(self.user.role, Permission.CASES_READ) else Scope()

    @property
    def can_act(self) -> bool:
        return allows(self.user.role, Permission.CASES_ACT)

    @property
    def supervises(self) -> bool:
        return allows(self.user.role, Permission.SUPERVISE)


def actor_for(session: Session, user: StaffUser, *, agency: str, address: str) -> Actor:
    if user.role != "creditor":
        return Actor(user, agency, address)
    creditor = session.get(Creditor, user.creditor_id) if user.creditor_id else None
    return Actor(user, creditor.name if creditor else "", address)


def audit(
    session: Session, actor: Actor, action: str, case: Case | None = None, *, about_debtor: bool = True, **detail: Any
) -> None:
    """`about_debtor=False` keeps a record off the debtor's own "who has used my data" page (pure workflow)."""
    record(
        session,
        action,
        actor_kind=actor.kind,
        actor_id=actor.user.id,
        debtor_id=case.debtor_id if case and about_debtor else None,
        case_id=case.id if case else None,
        address=actor.address,
        role=actor.user.role,
        organisation=actor.organisation,
        **detail,
    )
