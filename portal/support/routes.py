"""The debtor's page "Tell us what makes paying hard", and the console's button that ends a support need."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.auth.attempts import client_address
from portal.auth.current import SignedIn
from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.staff.case_routes import ActionableCase
from portal.staff.current import AsCaseActor
from portal.support import service, wording
from portal.support.needs import parse_telling

router = APIRouter()
Kinds = Annotated[list[str] | None, Form(max_length=20)]
Long = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the page can say what the limit is


def _page(
    request: Request,
    session: SessionDep,
    debtor_id: int,
    values: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    context = {
        "page": service.support_page(session, debtor_id, today=today()),
        "values": values or {"kinds": [], "note": ""},
        "messages": wording.error_messages(errors or {}),
        "notice": wording.told_notice(request.query_params.get("told")),
        "support_wording": wording,
        "agency": request.app.state.settings.agency_name,
        "signed_in": True,
    }
    return render(request, "support/support.html", context, status=400 if errors else 200)


@router.get("/support")
def support_form(request: Request, session: SessionDep, signed_in: SignedIn) -> HTMLResponse:
    return _page(request, session, signed_in.debtor_id)


@router.post("/support")
def tell(request: Request, session: SessionDep, signed_in: SignedIn, kinds: Kinds = None, note: Long = "") -> Response:
    telling, errors = parse_telling(kinds or [], note)
    if telling is None:
        return _page(request, session, signed_in.debtor_id, {"kinds": kinds or [], "note": note}, errors)
    service.tell(session, signed_in.debtor_id, telling, now=utcnow(), address=client_address(request))
    return RedirectResponse("/support?told=1", status_code=303)


@router.post("/staff/cases/{reference}/support/{need_id}/end")
def end_need(session: SessionDep, actor: AsCaseActor, view: ActionableCase, need_id: str) -> Response:
    if not need_id.isdigit() or len(need_id) > 12:
        raise HTTPException(status_code=404)
    try:
        service.end_need(session, actor, view, int(need_id), now=utcnow())
    except service.NeedNotFound:
        raise HTTPException(status_code=404) from None
    return RedirectResponse(f"/staff/cases/{view.case.reference}#debtor", status_code=303)
