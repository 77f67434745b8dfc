"""Console pages for a dispute: read it with its files, ask the debtor for more, uphold it or reject it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.cases.service import CaseView
from portal.clock import BUSINESS_ZONE
from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.disputes import service, wording
from portal.disputes.service import DisputeRefused, DisputeRow
from portal.pages import render
from portal.staff import cases
from portal.staff.actors import Actor
from portal.staff.current import AsCaseActor, AsCaseReader

router = APIRouter(prefix="/staff")
Short = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is


@dataclass(frozen=True)
class DisputeInView:
    row: DisputeRow
    view: CaseView


def _load(session: SessionDep, actor: Actor, dispute_id: str) -> DisputeInView:
    found = (
        service.dispute_for(session, int(dispute_id), actor) if dispute_id.isdigit() and len(dispute_id) < 12 else None
    )
    view = cases.find_case(session, actor, found[1], today=today()) if found else None
    if found is None or view is None:
        raise HTTPException(status_code=404)
    row = next(row for row in service.disputes_of(session, view) if row.dispute.id == found[0].id)
    return DisputeInView(row, view)


def readable_dispute(dispute_id: str, session: SessionDep, actor: AsCaseReader) -> DisputeInView:
    """The dispute if this person may open its case, or 404 — the same answer whether it exists or not."""
    return _load(session, actor, dispute_id)


def actionable_dispute(dispute_id: str, session: SessionDep, actor: AsCaseActor) -> DisputeInView:
    return _load(session, actor, dispute_id)


ReadableDispute = Annotated[DisputeInView, Depends(readable_dispute)]
ActionableDispute = Annotated[DisputeInView, Depends(actionable_dispute)]


def _page(
    request: Request,
    session: SessionDep,
    actor: Actor,
    found: DisputeInView,
    *,
    values: dict[str, str] | None = None,
    refused: DisputeRefused | None = None,
    form: str = "",
) -> HTMLResponse:
    page = service.dispute_page(session, actor, found.row, found.view)
    messages = (
        wording.error_messages(refused.errors, refused.params, found.view.case.currency, request.app.state.settings)
        if refused
        else {}
    )
    context = {
        "page": page,
        "row": found.row,
        "view": found.view,
        "values": values or {},
        "messages": messages,
        "form": form,
        "zone": BUSINESS_ZONE,
    }
    return render(request, "disputes/staff.html", context, status=400 if refused else 200)


@router.get("/disputes/{dispute_id}")
def dispute_page(request: Request, session: SessionDep, actor: AsCaseReader, found: ReadableDispute) -> HTMLResponse:
    return _page(request, session, actor, found)


def _back(found: DisputeInView) -> RedirectResponse:
    return RedirectResponse(f"/staff/disputes/{found.row.dispute.id}", status_code=303)


@router.post("/disputes/{dispute_id}/ask")
def ask_for_more(
    request: Request, session: SessionDep, actor: AsCaseActor, found: ActionableDispute, question: Long = ""
) -> Response:
    try:
        service.ask_for_more(
            session, request.app.state.settings, actor, found.view, found.row.dispute, text=question, now=utcnow()
        )
    except DisputeRefused as refused:
        return _page(request, session, actor, found, values={"question": question}, refused=refused, form="ask")
    return _back(found)


@router.post("/disputes/{dispute_id}/uphold")
def uphold(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    found: ActionableDispute,
    amount: Short = "",
    text: Long = "",
) -> Response:
    values = {"amount": amount, "text": text}
    try:
        service.uphold(
            session,
            request.app.state.settings,
            actor,
            found.view,
            found.row.dispute,
            **values,
            now=utcnow(),
            today=today(),
        )
    except DisputeRefused as refused:
        return _page(request, session, actor, found, values=values, refused=refused, form="uphold")
    return _back(found)


@router.post("/disputes/{dispute_id}/reject")
def reject(
    request: Request, session: SessionDep, actor: AsCaseActor, found: ActionableDispute, text: Long = ""
) -> Response:
    try:
        service.reject(
            session,
            request.app.state.settings,
            actor,
            found.view,
            found.row.dispute,
            text=text,
            now=utcnow(),
            today=today(),
        )
    except DisputeRefused as refused:
        return _page(request, session, actor, found, values={"reject_text": text}, refused=refused, form="reject")
    return _back(found)
