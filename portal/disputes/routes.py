"""Debtor pages for disputing a case or one of its amounts, with attachments."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.attachments.routes import Uploads
from portal.auth.attempts import client_address
from portal.cases.routes import OwnCase
from portal.cases.service import CaseView
from portal.clock import business_today as today
from portal.db import SessionDep, saved_id, utcnow
from portal.disputes import service, wording
from portal.disputes.rules import CANNOT_PAY, parse_dispute
from portal.disputes.service import DisputeRefused
from portal.pages import render

router = APIRouter()
Short = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is


def _form(
    request: Request, view: CaseView, values: dict[str, str], refused: DisputeRefused | None = None
) -> HTMLResponse:
    messages = (
        wording.error_messages(refused.errors, refused.params, view.case.currency, request.app.state.settings)
        if refused
        else {}
    )
    context = {"view": view, "values": values, "messages": messages, "signed_in": True}
    return render(request, "disputes/form.html", context, status=400 if refused else 200)


@router.get("/cases/{reference}/dispute")
def dispute_form(request: Request, view: OwnCase, target: str = "case") -> HTMLResponse:
    return _form(request, view, {"target": target[:12]})


@router.post("/cases/{reference}/dispute")
def file_dispute(
    request: Request,
    session: SessionDep,
    view: OwnCase,
    files: Uploads,
    reason: Short = "",
    target: Short = "case",
    explanation: Long = "",
) -> Response:
    values = {"reason": reason, "target": target, "explanation": explanation}
    if reason == CANNOT_PAY:
        # Not a dispute: show the ways to pay over time, with the way back to the dispute form kept open.
        return render(request, "disputes/cannot_pay.html", {"view": view, "signed_in": True})
    form, errors = parse_dispute(values, {saved_id(line) for line in view.lines})
    if form is None:
        return _form(request, view, values, DisputeRefused(errors))
    settings = request.app.state.settings
    uploads = [upload for upload in files if upload.filename]
    try:
        service.file_dispute(
            session, settings, view, form, uploads, now=utcnow(), today=today(), address=client_address(request)
        )
    except DisputeRefused as refused:
        return _form(request, view, values, refused)
    return RedirectResponse(f"/cases/{view.case.reference}?disputed=1#dispute", status_code=303)
