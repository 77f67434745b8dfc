"""The FastAPI application: middleware, routers and error pages."""

from __future__ import annotations

import logging

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from portal import csrf, languages
from portal.attachments.routes import router as attachments_router
from portal.attachments.routes import staff_router as staff_attachments_router
from portal.audit.routes import router as audit_router
from portal.auth.current import SignInRequired, cleared_session_cookie
from portal.auth.routes import router as auth_router
from portal.cases.routes import router as cases_router
from portal.config import Settings, get_settings
from portal.contact.routes import router as contact_router
from portal.db import make_engine
from portal.disputes.routes import router as disputes_router
from portal.disputes.staff_routes import router as staff_disputes_router
from portal.headers import BodySizeLimit, BodyTooLarge, SecurityHeaders, content_security_policy
from portal.messages.routes import router as messages_router
from portal.messages.staff_routes import router as staff_messages_router
from portal.pages import render
from portal.payments.card_routes import router as card_router
from portal.payments.public_routes import router as public_pay_router
from portal.payments.routes import router as payments_router
from portal.payments.stripe_gateway import StripeGateway
from portal.payments.webhook_routes import router as stripe_webhook_router
from portal.plans.card_routes import router as plan_card_router
from portal.plans.policy_routes import router as plan_rules_router
from portal.plans.routes import router as plans_router
from portal.plans.staff_routes import router as staff_plans_router
from portal.rules import load_packs
from portal.staff.admin_routes import router as staff_admin_router
from portal.staff.auth_routes import router as staff_auth_router
from portal.staff.case_routes import router as staff_cases_router
from portal.staff.current import Forbidden, StaffSignInRequired
from portal.staff.payment_routes import router as staff_payments_router
from portal.support.routes import router as support_router
from portal.verify.routes import router as verify_router
from portal.work.routes import router as work_router

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    load_packs()  # a broken rule pack stops the start, not a debtor's page view
    app = FastAPI(title="Accord", docs_url=None, redoc_url=None, openapi_url="/api/v1/openapi.json")
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url)
    # No secret key: no card pages, no webhook (404), no Stripe in the CSP. Settings refuse a key without a webhook
    # secret, so the webhook can never run unverified.
    app.state.gateway = StripeGateway(settings) if settings.card_payments else None

    protected = [Depends(csrf.verify_csrf)]
    app.include_router(auth_router, dependencies=protected)
    app.include_router(cases_router, dependencies=protected)
    app.include_router(disputes_router, dependencies=protected)
    app.include_router(plans_router, dependencies=protected)
    app.include_router(plan_card_router, dependencies=protected)
    app.include_router(staff_plans_router, dependencies=protected)
    app.include_router(plan_rules_router, dependencies=protected)
    app.include_router(staff_disputes_router, dependencies=protected)
    app.include_router(payments_router, dependencies=protected)
    app.include_router(card_router, dependencies=protected)
    app.include_router(public_pay_router, dependencies=protected)
    app.include_router(stripe_webhook_router)  # signed by Stripe, so no CSRF token
    app.include_router(verify_router, dependencies=protected)
    app.include_router(staff_auth_router, dependencies=protected)
    app.include_router(work_router, dependencies=protected)
    app.include_router(staff_cases_router, dependencies=protected)
    app.include_router(staff_payments_router, dependencies=protected)
    app.include_router(messages_router, dependencies=protected)
    app.include_router(staff_messages_router, dependencies=protected)
    app.include_router(attachments_router, dependencies=protected)
    app.include_router(staff_attachments_router, dependencies=protected)
    app.include_router(contact_router, dependencies=protected)
    app.include_router(support_router, dependencies=protected)
    app.include_router(audit_router, dependencies=protected)
    app.include_router(staff_admin_router, dependencies=protected)
    app.include_router(languages.router)
    app.mount("/static", StaticFiles(packages=[("portal", "static")]), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    _error_pages(app)
    # Added innermost first: headers wrap everything, and the body limit already knows the language.
    uploads = settings.max_attachments * settings.max_attachment_bytes + settings.max_form_bytes
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_form_bytes, multipart_max_bytes=uploads)
    app.add_middleware(languages.LanguageFromRequest)
    app.add_middleware(csrf.CsrfCookie, key=settings.secret_key)
    app.add_middleware(SecurityHeaders, csp=content_security_policy(settings))
    return app


def _error(request: Request, status: int, reason: str = "") -> HTMLResponse:
    return render(request, "errors/error.html", {"status": status, "reason": reason}, status=status)


def _error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code if exc.status_code in (400, 403, 404, 405, 413, 429) else 400
        return _error(request, status)

    @app.exception_handler(RequestValidationError)
    async def invalid_input(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400)

    @app.exception_handler(csrf.CsrfRejected)
    async def csrf_rejected(request: Request, exc: csrf.CsrfRejected) -> Response:
        return _error(request, 403, "csrf")

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return _error(request, 403, "forbidden")

    @app.exception_handler(StaffSignInRequired)
    async def staff_sign_in_required(request: Request, exc: StaffSignInRequired) -> Response:
        return RedirectResponse("/staff/sign-in", status_code=303)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        return _error(request, 413)

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        response = render(request, "auth/session_ended.html", status=401)
        response.headers.append("set-cookie", cleared_session_cookie())
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path.split("/l/")[0])
        return _error(request, 500)
