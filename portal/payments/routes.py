"""Debtor pages for paying by bank transfer: the EPC QR code image and the "I have paid by transfer" form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.auth.attempts import client_address
from portal.cases.routes import OwnCase
from portal.cases.service import CaseView
from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.payments import reports, transfers, wording

router = APIRouter()
Short = Annotated[str, Form(max_length=40)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is


def _form(request: Request, view: CaseView, values: dict[str, str], errors: dict[str, str]) -> HTMLResponse:
    messages = wording.report_messages(errors, opened_on=reports.opened_on(view), currency=view.case.currency)
    context = {"view": view, "values": values, "errors": errors, "messages": messages, "signed_in": True}
    return render(request, "payments/paid_by_transfer.html", context, status=400 if errors else 200)


@router.get("/cases/{reference}/transfer-qr.svg")
def transfer_qr(view: OwnCase) -> Response:
    svg = transfers.qr_svg(view)
    if svg is None:
        raise HTTPException(status_code=404)
    return Response(svg, media_type="image/svg+xml")


@router.get("/cases/{reference}/paid-by-transfer")
def report_form(request: Request, view: OwnCase) -> HTMLResponse:
    return _form(request, view, {}, {})


@router.post("/cases/{reference}/paid-by-transfer")
def report(
    request: Request,
    session: SessionDep,
    view: OwnCase,
    day: Short = "",
    month: Short = "",
    year: Short = "",
    amount: Short = "",
    note: Long = "",
) -> Response:
    values = {"day": day, "month": month, "year": year, "amount": amount, "note": note}
    parsed, errors = reports.parse_report(values, today=today(), opened_on=reports.opened_on(view))
    if parsed is None:
        return _form(request, view, values, errors)
    address = client_address(request)
    outcome = reports.report_transfer(session, view, parsed, now=utcnow(), address=address)
    return RedirectResponse(f"/cases/{view.case.reference}?transfer={outcome.value}#pay", status_code=303)
