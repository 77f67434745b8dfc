"""Writing audit records."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from portal.audit.models import AuditRecord
from portal.db import utcnow


def record(
    session: Session,
    action: str,
    *,
    actor_kind: str,
    actor_id: int | None = None,
    debtor_id: int | None = None,
    case_id: int | None = None,
    address: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditRecord(
            at=utcnow(),
            actor_kind=actor_kind,
            actor_id=actor_id,
            action=action,
            debtor_id=debtor_id,
            case_id=case_id,
            address=address,
            detail=detail,
        )
    )
