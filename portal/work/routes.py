"""Console pages for work: the queue, overdue work for supervisors, and one item to take, reassign or close."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.clock import BUSINESS_ZONE
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.staff.actors import Actor
from portal.staff.current import AsSupervisor, AsWorker
from portal.work import service
from portal.work.models import WorkItem
from portal.work.rules import Refusal
from portal.work.service import WorkError
from portal.work.types import queues

router = APIRouter(prefix="/staff")
# Conflicts with someone else's change are 409; acting on another person's item is 403; the rest is bad input.
_STATUS = {Refusal.CLOSED: 409, Refusal.TAKEN_BY_OTHER: 409, Refusal.NOT_ASSIGNEE: 403, Refusal.NOT_SUPERVISOR: 403}


def visible_item(item_id: str, session: SessionDep, staff: AsWorker) -> WorkItem:
    """The item if this person may see it, or 404 — the same answer whether it exists or not."""
    found = service.item_for(session, int(item_id), staff) if item_id.isdigit() and len(item_id) < 10 else None
    if found is None:
        raise HTTPException(status_code=404)
    return found


VisibleItem = Annotated[WorkItem, Depends(visible_item)]


def _item_page(
    request: Request,
    session: SessionDep,
    item: WorkItem,
    staff: Actor,
    error: WorkError | None = None,
    reason: str = "",
) -> HTMLResponse:
    page = service.item_page(session, item, staff, utcnow())
    context = {"page": page, "zone": BUSINESS_ZONE, "error": error.reason.value if error else None, "reason": reason}
    return render(request, "staff/work_item.html", context, status=_STATUS.get(error.reason, 400) if error else 200)


@router.get("/queue")
def queue_page(request: Request, session: SessionDep, staff: AsWorker, queue: str | None = None) -> HTMLResponse:
    if queue is not None and not service.is_queue(queue):
        raise HTTPException(status_code=404)
    rows = service.queue_for(session, staff, utcnow(), queue)
    return render(
        request, "staff/queue.html", {"rows": rows, "queues": queues(), "queue": queue, "zone": BUSINESS_ZONE}
    )


@router.get("/overdue")
def overdue_page(request: Request, session: SessionDep, staff: AsSupervisor) -> HTMLResponse:
    return render(request, "staff/overdue.html", {"rows": service.overdue(session, utcnow()), "zone": BUSINESS_ZONE})


@router.get("/work/{item_id}")
def item_page(request: Request, session: SessionDep, staff: AsWorker, item: VisibleItem) -> HTMLResponse:
    return _item_page(request, session, item, staff)


@router.post("/work/{item_id}/take")
def take(request: Request, session: SessionDep, staff: AsWorker, item: VisibleItem) -> Response:
    try:
        service.take(session, item, staff, utcnow())
    except WorkError as error:
        return _item_page(request, session, item, staff, error)
    return RedirectResponse(f"/staff/work/{item.id}", status_code=303)


@router.post("/work/{item_id}/assign")
def assign(
    request: Request,
    session: SessionDep,
    staff: AsSupervisor,
    item: VisibleItem,
    to_user_id: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    target = int(to_user_id) if to_user_id.isdigit() and len(to_user_id) < 10 else None
    try:
        service.reassign(session, item, target, staff, utcnow())
    except WorkError as error:
        return _item_page(request, session, item, staff, error)
    return RedirectResponse(f"/staff/work/{item.id}", status_code=303)


@router.post("/work/{item_id}/close")
def close(
    request: Request,
    session: SessionDep,
    staff: AsWorker,
    item: VisibleItem,
    reason: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    try:
        service.close(session, item, staff, reason, utcnow())
    except WorkError as error:
        return _item_page(request, session, item, staff, error, reason=reason)
    return RedirectResponse("/staff/queue", status_code=303)
