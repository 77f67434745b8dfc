"""The debtor's page "Who has used my data"."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from portal.audit.service import record
from portal.audit.views import accesses_to
from portal.auth.current import SignedIn
from portal.db import SessionDep
from portal.pages import render

router = APIRouter()


@router.get("/my-data")
def my_data(request: Request, session: SessionDep, signed_in: SignedIn) -> HTMLResponse:
    accesses = accesses_to(session, signed_in.debtor_id)
    record(
        session, "data_access.view", actor_kind="debtor", actor_id=signed_in.debtor_id, debtor_id=signed_in.debtor_id
    )
    return render(request, "audit/my_data.html", {"accesses": accesses, "signed_in": True})
