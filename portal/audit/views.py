"""What a debtor may see of the audit log: who (role and organisation, never the person) used their data, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case

# Staff and creditor users act on the debtor's data; sign-ins and the debtor's own views are not shown here.
SHOWN_ACTORS = ("staff", "creditor")


@dataclass(frozen=True)
class DataAccess:
    at: datetime
    action: str
    role: str
    organisation: str
    case_reference: str | None


def accesses_to(session: Session, debtor_id: int, *, limit: int = 200) -> list[DataAccess]:
    rows = session.exec(
        select(AuditRecord, Case.reference)
        .join(Case, col(Case.id) == AuditRecord.case_id, isouter=True)
        .where(AuditRecord.debtor_id == debtor_id, col(AuditRecord.actor_kind).in_(SHOWN_ACTORS))
        .order_by(col(AuditRecord.at).desc())
        .limit(limit)
    ).all()
    return [
        DataAccess(
            at=record.at,
            action=record.action,
            role=str(record.detail.get("role", record.actor_kind)),
            organisation=str(record.detail.get("organisation", "")),
            case_reference=reference,
        )
        for record, reference in rows
    ]
