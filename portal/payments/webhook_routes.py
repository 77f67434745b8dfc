"""Stripe's webhook: verified against the raw body, stored once in the inbox, applied in the request's transaction."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse

from portal.clock import business_today as today
from portal.db import SessionDep, utcnow
from portal.payments.card_events import handle_event
from portal.payments.card_routes import Gateway
from portal.payments.stripe_gateway import InvalidWebhook

log = logging.getLogger(__name__)
# Mounted without the CSRF dependency: Stripe signs its requests instead.
router = APIRouter()


async def raw_body(request: Request) -> bytes:
    return await request.body()


@router.post("/stripe/webhook", include_in_schema=False)
def stripe_webhook(
    session: SessionDep,
    gateway: Gateway,
    body: Annotated[bytes, Depends(raw_body)],
    stripe_signature: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    try:
        event = gateway.parse_webhook(body, stripe_signature)
    except InvalidWebhook as error:
        log.warning("refused a Stripe webhook: %s", error)
        raise HTTPException(status_code=400) from error
    handle_event(session, gateway, event, now=utcnow(), today=today())
    return JSONResponse({"received": True})
