"""Debtor pages: "Your contact details", with consent to electronic payment demands where the law asks for it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portal.auth.attempts import client_address
from portal.auth.current import SignedIn
from portal.clock import business_today as today
from portal.contact import service, wording
from portal.contact.details import display_phone
from portal.contact.service import ConsentRefused, DetailsPage, DetailsRefused
from portal.db import SessionDep, utcnow
from portal.pages import render

router = APIRouter()
Short = Annotated[str, Form(max_length=300)]
FIELDS = ("email", "phone", "street", "postal_code", "city", "country", "language", "channel")


def _prefilled(page: DetailsPage) -> dict[str, str]:
    debtor = page.debtor
    return {
        "email": debtor.email or "",
        "phone": display_phone(debtor.phone),
        "street": debtor.street or "",
        "postal_code": debtor.postal_code or "",
        "city": debtor.city or "",
        "country": debtor.address_country or "",
        "language": debtor.preferred_language,
        "channel": debtor.preferred_channel,
    }


def _page(
    request: Request,
    page: DetailsPage,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    consent_error: tuple[str, str] | None = None,
) -> HTMLResponse:
    debtor = page.debtor
    context = {
        "page": page,
        "values": values or _prefilled(page),
        "messages": wording.error_messages(errors or {}, region=debtor.address_country or debtor.id_country),
        "notice": wording.notice(request.query_params.get("saved"), request.query_params.get("consent")),
        "consent_error": consent_error and (consent_error[0], wording.consent_error(consent_error[1])),
        "agency": request.app.state.settings.agency_name,
        "contact_wording": wording,
        "signed_in": True,
    }
    bad = errors or consent_error
    return render(request, "contact/details.html", context, status=400 if bad else 200)


@router.get("/details")
def details_form(request: Request, session: SessionDep, signed_in: SignedIn) -> HTMLResponse:
    return _page(request, service.details_page(session, signed_in.debtor_id, today=today()))


@router.post("/details")
def save_details(
    request: Request,
    session: SessionDep,
    signed_in: SignedIn,
    email: Short = "",
    phone: Short = "",
    street: Short = "",
    postal_code: Short = "",
    city: Short = "",
    country: Short = "",
    language: Short = "",
    channel: Short = "",
) -> Response:
    values = dict(zip(FIELDS, (email, phone, street, postal_code, city, country, language, channel), strict=True))
    try:
        saved = service.save_details(
            session, signed_in.debtor_id, values, now=utcnow(), address=client_address(request)
        )
    except DetailsRefused as refused:
        page = service.details_page(session, signed_in.debtor_id, today=today())
        return _page(request, page, values=values, errors=refused.errors)
    return RedirectResponse(f"/details?saved={saved.value}", status_code=303)


@router.post("/details/consent")
def give_consent(
    request: Request, session: SessionDep, signed_in: SignedIn, medium: Short = "", agree: Short = ""
) -> Response:
    try:
        service.give_consent(
            session,
            signed_in.debtor_id,
            medium,
            ticked=agree == "yes",
            agency=request.app.state.settings.agency_name,
            today=today(),
            now=utcnow(),
            address=client_address(request),
        )
    except ConsentRefused as refused:
        page = service.details_page(session, signed_in.debtor_id, today=today())
        return _page(request, page, consent_error=(medium, refused.reason))
    return RedirectResponse("/details?consent=given#consent", status_code=303)


@router.post("/details/consent/withdraw")
def withdraw_consent(request: Request, session: SessionDep, signed_in: SignedIn, medium: Short = "") -> Response:
    service.revoke_consent(session, signed_in.debtor_id, medium, now=utcnow(), address=client_address(request))
    return RedirectResponse("/details?consent=withdrawn#consent", status_code=303)
