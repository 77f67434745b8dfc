"""Loads what the guard needs for one case; `ensure_allowed` is what every collection step calls first."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from portal.cases.models import Case
from portal.collection.guard import Action, GuardFacts, Verdict, decide
from portal.rules import pack_for
from portal.support.service import is_vulnerable


class CollectionFrozen(Exception):
    def __init__(self, action: Action, verdict: Verdict) -> None:
        super().__init__(f"{action} refused: {verdict.reason}")
        self.action = action
        self.verdict = verdict


def facts_of(session: Session, case: Case) -> GuardFacts:
    return GuardFacts(
        country=case.jurisdiction,
        is_disputed=case.is_disputed,
        has_support_need=is_vulnerable(session, case.debtor_id),
        is_closed=case.is_closed,
        has_active_plan=case.has_active_plan,
    )


def check(session: Session, case: Case, action: Action, *, today: date) -> Verdict:
    return decide(pack_for(case.jurisdiction), facts_of(session, case), action, today)


def ensure_allowed(session: Session, case: Case, action: Action, *, today: date) -> None:
    """Raises CollectionFrozen, before anything is written, when the case may not be pushed on this way."""
    verdict = check(session, case, action, today=today)
    if not verdict.allowed:
        raise CollectionFrozen(action, verdict)
