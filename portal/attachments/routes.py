"""Downloading an attached file: by the debtor of the case, or in the console; always as a download, never shown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from portal.attachments.models import Attachment
from portal.attachments.service import open_attachment
from portal.auth.attempts import client_address
from portal.cases.routes import OwnCase
from portal.cases.service import record_view
from portal.db import SessionDep, saved_id
from portal.staff.actors import audit
from portal.staff.case_routes import ReadableCase
from portal.staff.current import AsCaseReader

router = APIRouter()
staff_router = APIRouter(prefix="/staff")
FIELD = "files"


async def chosen_files(request: Request) -> list[UploadFile]:
    """The files of the form's `files` field (`Uploads` in a route's parameters). Text sent under that name, as some
    clients send for an empty file input, is ignored rather than refused; the form is parsed once per request."""
    form = await request.form()
    return [value for value in form.getlist(FIELD) if isinstance(value, UploadFile)]


Uploads = Annotated[list[UploadFile], Depends(chosen_files)]


def _download(found: tuple[Attachment, Path] | None) -> FileResponse:
    if found is None:
        raise HTTPException(status_code=404)
    row, path = found
    return FileResponse(
        path,
        media_type=row.content_type,
        headers={
            # The browser saves it: never shown inside our pages, never run, whatever is in it.
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.filename, safe='')}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


def _attachment_id(text: str) -> int:
    if not text.isdigit() or len(text) > 12:
        raise HTTPException(status_code=404)
    return int(text)


@router.get("/cases/{reference}/attachments/{attachment_id}")
def debtor_download(request: Request, session: SessionDep, view: OwnCase, attachment_id: str) -> FileResponse:
    settings = request.app.state.settings
    found = open_attachment(session, settings, case_id=saved_id(view.case), attachment_id=_attachment_id(attachment_id))
    if found is not None:
        address = client_address(request)
        record_view(session, saved_id(view.debtor), "attachment.download", case_id=view.case.id, address=address)
    return _download(found)


@staff_router.get("/cases/{reference}/attachments/{attachment_id}")
def staff_download(
    request: Request, session: SessionDep, actor: AsCaseReader, view: ReadableCase, attachment_id: str
) -> FileResponse:
    found = open_attachment(
        session,
        request.app.state.settings,
        case_id=saved_id(view.case),
        attachment_id=_attachment_id(attachment_id),
        # Messages are between the debtor and the agency; a creditor user sees the files of a dispute only.
        with_messages=actor.can_act,
    )
    if found is not None:
        audit(session, actor, "staff.attachment.download", view.case, attachment_id=found[0].id)
    return _download(found)
