"""Console: an agent answers the debtor's messages from the case page (the thread itself is shown there)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.attachments.routes import Uploads
from portal.clock import BUSINESS_ZONE
from portal.db import SessionDep, utcnow
from portal.messages import service, wording
from portal.messages.routes import Body
from portal.messages.service import MessageRefused
from portal.pages import render
from portal.staff.actors import Actor
from portal.staff.case_routes import ActionableCase
from portal.staff.current import AsCaseActor

router = APIRouter(prefix="/staff")


def _refused(
    request: Request, session: SessionDep, actor: Actor, view: ActionableCase, body: str, refused: MessageRefused
) -> HTMLResponse:
    settings = request.app.state.settings
    context = {
        "view": view,
        "thread": service.staff_thread(session, actor, view, now=utcnow()),
        "values": {"body": body},
        "messages": wording.error_messages(refused.errors, filename=refused.filename, settings=settings),
        "zone": BUSINESS_ZONE,
    }
    return render(request, "messages/staff_reply.html", context, status=400)


@router.post("/cases/{reference}/messages")
def reply(
    request: Request,
    session: SessionDep,
    actor: AsCaseActor,
    view: ActionableCase,
    uploads: Uploads,
    body: Body = "",
) -> Response:
    settings = request.app.state.settings
    try:
        service.post_by_staff(session, settings, view.case, body, actor=actor, now=utcnow(), uploads=uploads)
    except MessageRefused as refused:
        return _refused(request, session, actor, view, body, refused)
    return RedirectResponse(f"/staff/cases/{view.case.reference}#messages", status_code=303)
