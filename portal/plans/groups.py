"""Which of a debtor's cases may share one plan: same creditor and currency, something to pay, nothing in the way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from portal.cases.service import CaseSummary, cases_of
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.plans.affordability import Policy
from portal.plans.policy import policy_of


@dataclass(frozen=True)
class Group:
    """Cases that may share one plan: same creditor, same currency, something to pay, nothing stopping a plan."""

    creditor: Creditor
    currency: str
    cases: tuple[CaseSummary, ...]

    @property
    def balance_minor(self) -> int:
        return sum(summary.balance.open() for summary in self.cases)

    @property
    def policy(self) -> Policy:
        return policy_of(self.creditor)


def plannable(summary: CaseSummary) -> bool:
    case = summary.case
    return not (case.is_closed or case.is_disputed or case.has_active_plan) and summary.balance.open() > 0


def groups_of(session: Session, debtor_id: int, *, today: date) -> list[Group]:
    groups: dict[tuple[int, str], list[CaseSummary]] = {}
    for summary in cases_of(session, debtor_id, today=today):
        if plannable(summary):
            groups.setdefault((saved_id(summary.creditor), summary.case.currency), []).append(summary)
    return [Group(rows[0].creditor, currency, tuple(rows)) for (_, currency), rows in groups.items()]


def group_of(groups: Sequence[Group], reference: str) -> Group | None:
    return next((group for group in groups if any(s.case.reference == reference for s in group.cases)), None)
