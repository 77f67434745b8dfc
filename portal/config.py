"""The one settings object, read from the environment with embedded defaults."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", PROJECT_ROOT / "var"))


def _embedded_secret() -> str:
    """A per-installation key kept in var/, so `make run` needs no configuration and restarts keep sessions."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    base_url: str
    session_idle_minutes: int = 15
    session_absolute_hours: int = 12
    link_valid_days: int = 60
    signin_failures_per_subject: int = 5
    signin_subject_window_minutes: int = 60
    signin_failures_per_address: int = 30
    signin_address_window_minutes: int = 15
    max_form_bytes: int = 64 * 1024
    languages: tuple[str, ...] = field(default=("et", "fi", "ro", "en"))
    # The operator's own official contact details, shown on every page and on the anti-phishing page.
    agency_name: str = "Accord Collections"
    agency_phone: str = "+372 600 1234"
    agency_email: str = "help@accord.example"
    agency_website: str = "accord.example"
    agency_hours: str = "09:00–17:00"
    # Card payments through Stripe: offered only when a secret key is set. With `stripe_api_base` set the portal talks
    # to localstripe (development and tests) instead of api.stripe.com.
    stripe_secret_key: str = ""
    stripe_publishable_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str | None = None
    stripe_js_url: str = "https://js.stripe.com/v3/"
    # E-mail: through this SMTP relay when a host is set; otherwise written as .eml files into var/outbox/.
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    mail_from: str = "Accord Collections <no-reply@accord.example>"
    # SMS: POSTed as JSON to this gateway when set; otherwise written as files into var/sms/.
    sms_gateway_url: str = ""
    sms_gateway_token: str = ""
    # Files debtors and staff send (disputes, messages): outside the web root, each at most this large.
    attachments_dir: Path = VAR_DIR / "attachments"
    max_attachment_bytes: int = 5 * 1024 * 1024
    max_attachments: int = 5

    def __post_init__(self) -> None:
        if len(self.secret_key) < 32:
            raise ValueError("ACCORD_SECRET_KEY must be at least 32 characters of random data")
        if self.stripe_secret_key and not (self.stripe_publishable_key and self.stripe_webhook_secret):
            # Fail closed: a webhook route without a secret would accept forged "payment succeeded" events.
            raise ValueError(
                "ACCORD_STRIPE_SECRET_KEY needs ACCORD_STRIPE_PUBLISHABLE_KEY and ACCORD_STRIPE_WEBHOOK_SECRET"
            )

    @property
    def card_payments(self) -> bool:
        return bool(self.stripe_secret_key)

    @property
    def stripe_origin(self) -> str:
        """The origin Stripe.js is loaded from and talks to, for the content security policy."""
        parts = self.stripe_js_url.split("/")
        return "/".join(parts[:3])


@lru_cache
def get_settings() -> Settings:
    stripe_api_base = (os.environ.get("ACCORD_STRIPE_API_BASE") or "").rstrip("/") or None
    stripe_js = f"{stripe_api_base}/js.stripe.com/v3/" if stripe_api_base else "https://js.stripe.com/v3/"
    return Settings(
        database_url=os.environ.get("ACCORD_DATABASE_URL", f"sqlite:///{VAR_DIR / 'accord.db'}"),
        secret_key=os.environ.get("ACCORD_SECRET_KEY") or _embedded_secret(),
        base_url=os.environ.get("ACCORD_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        stripe_secret_key=os.environ.get("ACCORD_STRIPE_SECRET_KEY", ""),
        stripe_publishable_key=os.environ.get("ACCORD_STRIPE_PUBLISHABLE_KEY", ""),
        stripe_webhook_secret=os.environ.get("ACCORD_STRIPE_WEBHOOK_SECRET", ""),
        stripe_api_base=stripe_api_base,
        stripe_js_url=os.environ.get("ACCORD_STRIPE_JS_URL") or stripe_js,
        smtp_host=os.environ.get("ACCORD_SMTP_HOST", ""),
        smtp_port=int(os.environ.get("ACCORD_SMTP_PORT") or 587),
        smtp_username=os.environ.get("ACCORD_SMTP_USERNAME", ""),
        smtp_password=os.environ.get("ACCORD_SMTP_PASSWORD", ""),
        smtp_starttls=os.environ.get("ACCORD_SMTP_STARTTLS", "true").strip().lower() not in ("0", "false", "no", "off"),
        mail_from=os.environ.get("ACCORD_MAIL_FROM") or "Accord Collections <no-reply@accord.example>",
        sms_gateway_url=os.environ.get("ACCORD_SMS_GATEWAY_URL", ""),
        sms_gateway_token=os.environ.get("ACCORD_SMS_GATEWAY_TOKEN", ""),
        attachments_dir=Path(os.environ.get("ACCORD_ATTACHMENTS_DIR") or VAR_DIR / "attachments"),
    )
