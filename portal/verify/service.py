"""Is this reference genuine? Answers without revealing anything about the person behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from portal.auth.attempts import lock_by
from portal.auth.link_secrets import subject_key
from portal.auth.lockout import LockoutPolicy
from portal.auth.models import SignInAttempt
from portal.cases.models import Case
from portal.cases.references import is_well_formed
from portal.creditors.models import Creditor, CreditorBankAccount

# Unknown references are what enumeration looks like; ten an hour is plenty for a person.
POLICY = LockoutPolicy(max_failures=10, window=timedelta(hours=1))


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    creditor: Creditor | None = None
    accounts: tuple[CreditorBankAccount, ...] = ()
    locked_until: datetime | None = None


def check_reference(session: Session, reference: str, *, address: str, now: datetime) -> Verdict:
    subject = subject_key("verify", address)
    lock = lock_by(session, SignInAttempt.subject, subject, POLICY, now)
    if lock:
        return Verdict(genuine=False, locked_until=lock)
    row = (
        session.exec(
            select(Creditor).join(Case, col(Case.creditor_id) == Creditor.id).where(Case.reference == reference)
        ).first()
        if is_well_formed(reference)
        else None
    )
    session.add(SignInAttempt(at=now, subject=subject, address=address, succeeded=row is not None))
    if row is None:
        return Verdict(genuine=False)
    accounts = session.exec(select(CreditorBankAccount).where(CreditorBankAccount.creditor_id == row.id)).all()
    return Verdict(genuine=True, creditor=row, accounts=tuple(accounts))
