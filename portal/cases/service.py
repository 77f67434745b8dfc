"""Loading cases with everything their pages show (to debtors and in the console): balance, next step, timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, false, true
from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.cases import wording
from portal.cases.balance import (
    COMPONENTS,
    RETURNED_KINDS,
    AllocationInput,
    Balance,
    LineInput,
    balance_of,
    oldest_open_due_on,
    received_of,
)
from portal.cases.models import Allocation, Case, CaseEvent, ClaimLine, Document, LedgerEntry
from portal.creditors.models import Creditor, CreditorBankAccount
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.rules import pack_for
from portal.rules.allocation import AllocationOrder, allocation_order
from portal.rules.costs import CapCheck, CostCap, check_costs, collection_cost_cap, reminder_fee_cap
from portal.rules.limitation import Limitation, limitation_on
from portal.rules.pack import RulePack
from portal.rules.stages import CaseFacts, NextStep, next_step
from portal.support.models import SupportNeed


@dataclass(frozen=True)
class Scope:
    """Whose cases a reader may open: one debtor's, one creditor's, or every case (agency staff).

    The default scope opens nothing, so a reader whose scope could not be worked out sees no case at all.
    """

    debtor_id: int | None = None
    creditor_id: int | None = None
    is_everything: bool = False

    def condition(self) -> ColumnElement[bool]:
        if self.is_everything:
            return true()
        parts = []
        if self.debtor_id is not None:
            parts.append(col(Case.debtor_id) == self.debtor_id)
        if self.creditor_id is not None:
            parts.append(col(Case.creditor_id) == self.creditor_id)
        return and_(*parts) if parts else false()


AGENCY = Scope(is_everything=True)


@dataclass(frozen=True)
class CaseSummary:
    case: Case
    creditor: Creditor
    balance: Balance
    next_step: NextStep


@dataclass(frozen=True)
class Payment:
    entry: LedgerEntry
    allocated: tuple[tuple[ClaimLine, int], ...]


@dataclass(frozen=True)
class CaseView:
    case: Case
    creditor: Creditor
    debtor: Debtor
    accounts: tuple[CreditorBankAccount, ...]
    lines: tuple[ClaimLine, ...]
    payments: tuple[Payment, ...]
    balance: Balance
    caps: dict[str, tuple[CostCap, CapCheck]]
    next_step: NextStep
    limitation: Limitation | None
    pack: RulePack
    events: tuple[CaseEvent, ...]
    documents: tuple[Document, ...]
    today: date

    @property
    def zone(self) -> str:
        return self.pack.timezone

    @property
    def stage(self) -> str:
        return "closed" if self.case.is_closed else self.case.stage

    def citation(self, key: str | None) -> str | None:
        if not key or not self.pack.has(key):
            return None
        return self.pack.figure(key, self.today).citation

    @property
    def allocation(self) -> AllocationOrder:
        return allocation_order(self.pack, on=self.today)

    @property
    def register_explained(self) -> str:
        return wording.register_explained(self.pack, self.today)

    def event_text(self, event: CaseEvent) -> str:
        return wording.event_text(event, country=self.case.jurisdiction, currency=self.case.currency)


def _balances(session: Session, case_ids: Sequence[int]) -> tuple[dict[int, Balance], dict[int, list[ClaimLine]]]:
    lines = session.exec(
        select(ClaimLine).where(col(ClaimLine.case_id).in_(case_ids)).order_by(col(ClaimLine.due_on), col(ClaimLine.id))
    ).all()
    allocations = session.exec(
        select(Allocation)
        .join(ClaimLine, col(ClaimLine.id) == Allocation.claim_line_id)
        .where(col(ClaimLine.case_id).in_(case_ids))
    ).all()
    entries = session.exec(select(LedgerEntry).where(col(LedgerEntry.case_id).in_(case_ids))).all()
    by_case: dict[int, list[ClaimLine]] = {case_id: [] for case_id in case_ids}
    for line in sorted(lines, key=lambda line: (COMPONENTS.index(line.kind), line.due_on, line.id)):
        by_case[line.case_id].append(line)
    line_case = {line.id: line.case_id for line in lines}
    balances = {}
    for case_id, case_lines in by_case.items():
        balances[case_id] = balance_of(
            [LineInput(saved_id(line), line.kind, line.amount_minor) for line in case_lines],
            [
                AllocationInput(a.claim_line_id, a.amount_minor)
                for a in allocations
                if line_case[a.claim_line_id] == case_id
            ],
            received_of([(entry.kind, entry.amount_minor) for entry in entries if entry.case_id == case_id]),
        )
    return balances, by_case


def case_balance(session: Session, case_id: int) -> tuple[Balance, list[ClaimLine]]:
    """One case's balance and claim lines as the database has them now."""
    balances, lines = _balances(session, [case_id])
    return balances[case_id], lines[case_id]


def _supported(session: Session, debtor_ids: Sequence[int]) -> set[int]:
    """The debtors who told us of a difficulty no one has marked as ended."""
    rows = session.exec(
        select(SupportNeed.debtor_id).where(
            col(SupportNeed.debtor_id).in_(debtor_ids), col(SupportNeed.ended_at).is_(None)
        )
    ).all()
    return set(rows)


def _facts(case: Case, balance: Balance, lines: Sequence[ClaimLine], *, supported: bool = False) -> CaseFacts:
    oldest = oldest_open_due_on([(line.due_on, balance.line(saved_id(line)).open_minor) for line in lines])
    return CaseFacts(
        country=case.jurisdiction,
        stage=case.stage,
        stage_entered_on=case.stage_entered_on,
        oldest_due_on=oldest or min((line.due_on for line in lines), default=case.stage_entered_on),
        balance_minor=balance.open(),
        principal_minor=balance.open("principal"),
        is_consumer=case.is_consumer,
        is_disputed=case.is_disputed,
        has_active_plan=case.has_active_plan,
        is_closed=case.is_closed or balance.open() <= 0,
        register_notice_sent_on=case.register_notice_sent_on,
        last_cost_letter_on=case.last_cost_letter_on,
        last_reminder_on=case.last_reminder_on,
        paused_days=case.paused_days,
        has_support_need=supported,
    )


def cases_of(session: Session, debtor_id: int, *, today: date) -> list[CaseSummary]:
    rows = session.exec(
        select(Case, Creditor)
        .join(Creditor, col(Creditor.id) == Case.creditor_id)
        .where(Case.debtor_id == debtor_id)
        .order_by(col(Case.closed_on).is_not(None), col(Case.id))
    ).all()
    balances, lines = _balances(session, [saved_id(case) for case, _ in rows])
    supported = debtor_id in _supported(session, [debtor_id])
    summaries = []
    for case, creditor in rows:
        balance, case_lines = balances[saved_id(case)], lines[saved_id(case)]
        facts = _facts(case, balance, case_lines, supported=supported)
        step = next_step(pack_for(case.jurisdiction), facts, today)
        summaries.append(CaseSummary(case, creditor, balance, step))
    return summaries


def _caps(pack: RulePack, case: Case, balance: Balance, today: date) -> dict[str, tuple[CostCap, CapCheck]]:
    caps: dict[str, tuple[CostCap, CapCheck]] = {}
    principal = balance.claimed("principal")
    cost_cap = collection_cost_cap(pack, principal_minor=principal, is_consumer=case.is_consumer, on=today)
    if cost_cap is not None:
        caps["collection_cost"] = (cost_cap, check_costs(cost_cap, balance.claimed("collection_cost")))
    fee_cap = reminder_fee_cap(pack, is_consumer=case.is_consumer, on=today)
    if fee_cap is not None:
        caps["reminder_fee"] = (fee_cap, check_costs(fee_cap, balance.claimed("reminder_fee")))
    return caps


def _interruptions(case: Case, entries: Sequence[LedgerEntry]) -> list[date]:
    # Money paid back is not the debtor acknowledging the debt: a refund does not interrupt the limitation period.
    dates = [entry.received_on for entry in entries if entry.kind not in RETURNED_KINDS]
    return dates + [day for day in (case.last_reminder_on, case.last_cost_letter_on) if day]


def case_view(session: Session, scope: Scope, reference: str, *, today: date) -> CaseView | None:
    """The case with this reference *if it is within the reader's scope*; None otherwise, whoever asks."""
    row = session.exec(
        select(Case, Creditor, Debtor)
        .join(Creditor, col(Creditor.id) == Case.creditor_id)
        .join(Debtor, col(Debtor.id) == Case.debtor_id)
        .where(Case.reference == reference, scope.condition())
    ).first()
    if row is None:
        return None
    case, creditor, debtor = row
    balances, lines = _balances(session, [saved_id(case)])
    balance, case_lines = balances[saved_id(case)], lines[saved_id(case)]
    entries = session.exec(
        select(LedgerEntry).where(LedgerEntry.case_id == case.id).order_by(col(LedgerEntry.received_on))
    ).all()
    allocations = session.exec(
        select(Allocation).where(col(Allocation.ledger_entry_id).in_([e.id for e in entries]))
    ).all()
    line_by_id = {line.id: line for line in case_lines}
    payments = tuple(
        Payment(
            entry,
            tuple((line_by_id[a.claim_line_id], a.amount_minor) for a in allocations if a.ledger_entry_id == entry.id),
        )
        for entry in entries
    )
    pack = pack_for(case.jurisdiction)
    facts = _facts(case, balance, case_lines, supported=bool(_supported(session, [case.debtor_id])))
    principal_due = [line.due_on for line in case_lines if line.kind == "principal"]
    limitation = (
        limitation_on(pack, due_on=min(principal_due), interruptions=_interruptions(case, entries))
        if principal_due
        else None
    )
    return CaseView(
        case=case,
        creditor=creditor,
        debtor=debtor,
        accounts=tuple(
            session.exec(select(CreditorBankAccount).where(CreditorBankAccount.creditor_id == creditor.id)).all()
        ),
        lines=tuple(case_lines),
        payments=payments,
        balance=balance,
        caps=_caps(pack, case, balance, today),
        next_step=next_step(pack, facts, today),
        limitation=limitation,
        pack=pack,
        events=tuple(
            session.exec(
                select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.occurred_at).desc())
            ).all()
        ),
        documents=tuple(
            session.exec(
                select(Document).where(Document.case_id == case.id).order_by(col(Document.issued_on).desc())
            ).all()
        ),
        today=today,
    )


def record_view(session: Session, debtor_id: int, what: str, *, case_id: int | None, address: str) -> None:
    record(
        session,
        what,
        actor_kind="debtor",
        actor_id=debtor_id,
        debtor_id=debtor_id,
        case_id=case_id,
        address=address,
    )
