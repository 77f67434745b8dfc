"""Debtor pages: the message thread of a case and the form to write to us, with files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.attachments.routes import Uploads
from portal.auth.attempts import client_address
from portal.cases.routes import OwnCase
from portal.cases.service import CaseView
from portal.db import SessionDep, utcnow
from portal.messages import service, wording
from portal.messages.service import MessageRefused
from portal.pages import render

router = APIRouter()
Body = Annotated[str, Form(max_length=20_000)]  # longer than the limit, so the form can say what the limit is


def _page(
    request: Request,
    session: SessionDep,
    view: CaseView,
    *,
    values: dict[str, str] | None = None,
    refused: MessageRefused | None = None,
    files_chosen: bool = False,
) -> HTMLResponse:
    entries = service.debtor_thread(session, view, now=utcnow(), address=client_address(request))
    settings = request.app.state.settings
    messages = wording.error_messages(refused.errors, filename=refused.filename, settings=settings) if refused else {}
    context = {
        "view": view,
        "entries": entries,
        "values": values or {},
        "messages": messages,
        "files_chosen": files_chosen,
        "sent": request.query_params.get("sent") == "1",
        "signed_in": True,
    }
    return render(request, "messages/thread.html", context, status=400 if refused else 200)


@router.get("/cases/{reference}/messages")
def thread_page(request: Request, session: SessionDep, view: OwnCase) -> HTMLResponse:
    return _page(request, session, view)


@router.post("/cases/{reference}/messages")
def write_message(request: Request, session: SessionDep, view: OwnCase, uploads: Uploads, body: Body = "") -> Response:
    try:
        service.post_by_debtor(
            session,
            request.app.state.settings,
            view,
            body,
            uploads,
            now=utcnow(),
            address=client_address(request),
        )
    except MessageRefused as refused:
        chosen = any(upload.filename for upload in uploads)
        return _page(request, session, view, values={"body": body}, refused=refused, files_chosen=chosen)
    return RedirectResponse(f"/cases/{view.case.reference}/messages?sent=1#sent", status_code=303)
