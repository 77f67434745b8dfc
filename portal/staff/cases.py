"""Cases in the console: search, opening a case within the actor's scope, and the case page, each audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from portal.cases.models import Case, CaseNote
from portal.cases.references import is_well_formed
from portal.cases.refunds import Refundable, refundables
from portal.cases.service import CaseView, case_view
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor
from portal.staff.actors import Actor, audit
from portal.staff.lookup import Terms, terms_of
from portal.staff.models import StaffUser
from portal.work.service import WorkRow, items_of_case

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class SearchHit:
    case: Case
    debtor: Debtor
    creditor: Creditor


@dataclass(frozen=True)
class SearchResult:
    hits: tuple[SearchHit, ...]
    is_cut: bool  # more matched than are shown


@dataclass(frozen=True)
class CasePage:
    view: CaseView
    can_act: bool
    # The agency's own notes and work: never shown to creditor users.
    notes: tuple[tuple[CaseNote, str], ...]
    work: tuple[WorkRow, ...]
    refunds: tuple[Refundable, ...] = ()  # card payments, for the refund forms


def _digits_of(column: Any) -> ColumnElement[str]:
    for mark in (" ", "-", "+", "(", ")", ".", "/"):
        column = func.replace(column, mark, "")
    return column  # type: ignore[no-any-return]


def _conditions(terms: Terms) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if terms.reference:
        found.append(col(Case.reference) == terms.reference)
    if terms.email:
        found.append(func.lower(Debtor.email) == terms.email)
    if terms.national_id:
        found.append(col(Debtor.national_id) == terms.national_id)
    if terms.phone_digits:
        found.append(_digits_of(Debtor.phone).like(f"%{terms.phone_digits}"))
    if terms.name:
        # On SQLite, lower() is replaced by a Unicode-aware one (portal.db), so 'õunapuu' finds 'Õunapuu' there too.
        found.append(func.lower(Debtor.name).contains(terms.name.lower(), autoescape=True))
    return found


def search(session: Session, actor: Actor, query: str) -> SearchResult | None:
    """Cases matching a reference, name, national id, phone or e-mail, within the actor's scope; None: no search."""
    terms = terms_of(query)
    if terms is None:
        return None
    rows = session.exec(
        select(Case, Debtor, Creditor)
        .join(Debtor, col(Debtor.id) == Case.debtor_id)
        .join(Creditor, col(Creditor.id) == Case.creditor_id)
        .where(or_(*_conditions(terms)), actor.scope.condition())
        .order_by(col(Debtor.name), col(Case.reference))
        .limit(SEARCH_LIMIT + 1)
    ).all()
    hits = tuple(SearchHit(case, debtor, creditor) for case, debtor, creditor in rows[:SEARCH_LIMIT])
    audit(session, actor, "staff.cases.search", kind=terms.kind, length=len(query.strip()), results=len(hits))
    for hit in hits:  # a name in a result list is a view of that person's data too
        audit(session, actor, "staff.cases.search", hit.case)
    return SearchResult(hits, is_cut=len(rows) > SEARCH_LIMIT)


def find_case(session: Session, actor: Actor, reference: str, *, today: date) -> CaseView | None:
    """The case if the actor may open it; None otherwise, the same answer whether it exists or not."""
    compact = re.sub(r"[\s\-]", "", reference).upper()[:32]
    view = case_view(session, actor.scope, compact, today=today) if is_well_formed(compact) else None
    if view is None:
        audit(session, actor, "staff.case.not_found", reference=compact[:16])
    return view


def record_view(session: Session, actor: Actor, view: CaseView, page: str) -> None:
    audit(session, actor, "staff.case.view", view.case, page=page)


def case_page(session: Session, actor: Actor, view: CaseView, *, now: datetime) -> CasePage:
    notes: tuple[tuple[CaseNote, str], ...] = ()
    work: tuple[WorkRow, ...] = ()
    refunds: tuple[Refundable, ...] = ()
    if actor.can_act:
        refunds = tuple(refundables(session, saved_id(view.case)))
        notes = tuple(
            session.exec(
                select(CaseNote, StaffUser.display_name)
                .join(StaffUser, col(StaffUser.id) == CaseNote.author_id)
                .where(CaseNote.case_id == view.case.id)
                .order_by(col(CaseNote.created_at).desc(), col(CaseNote.id).desc())
            ).all()
        )
        work = tuple(items_of_case(session, saved_id(view.case), now))
    record_view(session, actor, view, "case")
    return CasePage(view, actor.can_act, notes, work, refunds)
