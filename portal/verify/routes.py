"""The public page "Is this message really from us?"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from portal import i18n
from portal.auth.attempts import client_address
from portal.auth.forms import normalize_reference
from portal.clock import BUSINESS_ZONE
from portal.db import SessionDep, utcnow
from portal.pages import render
from portal.verify.service import check_reference

router = APIRouter()


@router.get("/verify")
def verify_form(request: Request) -> HTMLResponse:
    return render(request, "verify/verify.html", {"reference": ""})


@router.post("/verify")
def verify_reference(
    request: Request, session: SessionDep, reference: Annotated[str, Form(max_length=200)] = ""
) -> HTMLResponse:
    typed = normalize_reference(reference)
    if not typed:
        return render(request, "verify/verify.html", {"reference": "", "missing": True}, status=400)
    address = client_address(request)
    verdict = check_reference(session, typed, address=address, now=utcnow())
    context = {"reference": reference.strip()[:40], "verdict": verdict}
    if verdict.locked_until:
        context["locked_until"] = i18n.format_clock(verdict.locked_until, BUSINESS_ZONE)
        return render(request, "verify/verify.html", context, status=429)
    return render(request, "verify/verify.html", context)
