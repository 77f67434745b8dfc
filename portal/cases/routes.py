"""Debtor pages: the list of cases, one case, its statement and its payment receipts as PDF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from portal import i18n
from portal.auth.attempts import client_address
from portal.auth.current import SignedIn
from portal.cases import service, statement
from portal.cases.references import is_well_formed
from portal.cases.service import CaseView, Scope
from portal.clock import business_today as today
from portal.db import SessionDep, saved_id, utcnow
from portal.disputes.service import disputes_of
from portal.messages.service import unread_by_debtor
from portal.pages import render
from portal.payments import receipts
from portal.payments.transfers import transfer_details
from portal.payments.wording import outcome_sentence
from portal.plans.settlement import offer_for
from portal.plans.views import case_plan

router = APIRouter()


def own_case(reference: str, request: Request, session: SessionDep, signed_in: SignedIn) -> CaseView:
    """The signed-in debtor's case, or 404 — the same answer whether the case exists or not."""
    reference = reference.upper()
    view = (
        service.case_view(session, Scope(debtor_id=signed_in.debtor_id), reference, today=today())
        if is_well_formed(reference)
        else None
    )
    if view is None:
        service.record_view(
            session, signed_in.debtor_id, "case.not_found", case_id=None, address=client_address(request)
        )
        raise HTTPException(status_code=404)
    return view


OwnCase = Annotated[CaseView, Depends(own_case)]


@router.get("/cases")
def case_list(request: Request, session: SessionDep, signed_in: SignedIn) -> HTMLResponse:
    summaries = service.cases_of(session, signed_in.debtor_id, today=today())
    service.record_view(session, signed_in.debtor_id, "cases.list", case_id=None, address=client_address(request))
    return render(request, "cases/list.html", {"summaries": summaries, "signed_in": True})


@router.get("/cases/{reference}")
def case_page(request: Request, session: SessionDep, view: OwnCase) -> HTMLResponse:
    service.record_view(
        session,
        saved_id(view.debtor),
        "case.view",
        case_id=view.case.id,
        address=client_address(request),
    )
    context = {
        "view": view,
        "signed_in": True,
        "transfer": transfer_details(view),
        "transfer_outcome": outcome_sentence(request.query_params.get("transfer")),
        "unread_messages": unread_by_debtor(session, saved_id(view.case)),
        "disputes": disputes_of(session, view),
        "case_plan": case_plan(session, view.case, open_minor=view.balance.open(), today=view.today),
        "settlement": offer_for(session, view.case, view.creditor, open_minor=view.balance.open(), today=view.today),
    }
    return render(request, "cases/case.html", context)


@router.get("/cases/{reference}/statement.pdf")
def case_statement(request: Request, session: SessionDep, view: OwnCase) -> Response:
    service.record_view(
        session,
        saved_id(view.debtor),
        "statement.download",
        case_id=view.case.id,
        address=client_address(request),
    )
    pdf = statement.render_pdf(request, view)
    filename = f"statement-{view.case.reference}-{i18n.current_language()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/cases/{reference}/receipts/{entry_id}.pdf")
def payment_receipt(request: Request, session: SessionDep, view: OwnCase, entry_id: str) -> Response:
    receipt = receipts.receipt_of(view, int(entry_id)) if entry_id.isdigit() and len(entry_id) < 12 else None
    if receipt is None:
        raise HTTPException(status_code=404)
    service.record_view(
        session,
        saved_id(view.debtor),
        "receipt.download",
        case_id=view.case.id,
        address=client_address(request),
    )
    pdf = receipts.render_pdf(receipt, settings=request.app.state.settings, generated_at=utcnow())
    filename = f"receipt-{view.case.reference}-{entry_id}-{i18n.current_language()}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'attachment; filename="{filename}"'},
    )
