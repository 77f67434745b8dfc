"""The only door to Stripe: create and read PaymentIntents, verify webhooks; plain values in and out.

Production and localstripe differ in one place only, `payment_method_ids`, and in the browser in `pay.js`'s
`paymentMethodId`. Stripe's recommended Payment Element needs `automatic_payment_methods`, which localstripe refuses,
and localstripe's fake Stripe.js has no `createPaymentMethod` (it makes a token whose card id, `card_…`, Stripe accepts
as a payment method). So both use the card element, the browser makes the payment method, and the server attaches it
when it creates the intent (`confirm` with a payment method is "not implemented" in localstripe).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import stripe

from portal.config import Settings

log = logging.getLogger(__name__)

WEBHOOK_TOLERANCE_SECONDS = 300  # Stripe's default; 0 or None would switch off the replay window
DECLINE_REASONS = ("card_declined", "expired_card", "incorrect_cvc", "insufficient_funds", "processing_error")
# Without the debtor present the bank may also ask for them (3-D Secure): the charge then fails.
OFF_SESSION_DECLINES = (*DECLINE_REASONS, "authentication_required")


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    client_secret: str
    amount: int
    currency: str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    object_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class SavedCard:
    customer_id: str
    payment_method_id: str
    last4: str | None


class CardDeclined(Exception):
    def __init__(self, reason_code: str) -> None:
        super().__init__(reason_code)
        self.reason_code = reason_code


class ChargeUncertain(Exception):
    """No clear answer to a charge (network, Stripe's side): it may have gone through; the webhook will tell."""


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str  # pending | succeeded (a failed or canceled refund raises RefundFailed)
    amount: int


class RefundFailed(Exception):
    """Stripe refused or could not be reached: nothing was refunded that we know of."""

    def __init__(self, reason_code: str) -> None:
        super().__init__(reason_code)
        self.reason_code = reason_code


class InvalidWebhook(Exception):
    """Bad, missing or stale signature, or a body that is not an event: answer 400 and write nothing."""


class UnknownIntent(Exception):
    """Stripe does not know the intent (or it is not ours)."""


def _intent(obj: Any) -> Intent:
    raw = obj.to_dict()
    return Intent(
        id=str(raw["id"]),
        status=str(raw["status"]),
        client_secret=str(raw.get("client_secret") or ""),
        amount=int(raw["amount"]),
        currency=str(raw["currency"]).upper(),
        metadata={str(key): str(value) for key, value in dict(raw.get("metadata") or {}).items()},
    )


def _decline_reason(error: stripe.CardError, known: tuple[str, ...] = OFF_SESSION_DECLINES) -> str:
    code = error.code or ""
    return code if code in known else "card_declined"


def _card_intent(amount_minor: int, currency: str, payment_method_id: str, metadata: dict[str, str]) -> dict[str, Any]:
    """A card PaymentIntent confirmed as it is created (the only way localstripe takes a payment method)."""
    return {
        "amount": amount_minor,
        "currency": currency.lower(),
        "payment_method": payment_method_id,
        "payment_method_types": ["card"],
        "confirm": True,
        "metadata": metadata,
    }


class StripeGateway:
    def __init__(self, settings: Settings) -> None:
        self.is_local = settings.stripe_api_base is not None
        self.webhook_secret = settings.stripe_webhook_secret
        base = {"api": settings.stripe_api_base} if settings.stripe_api_base else None
        self.client = stripe.StripeClient(
            settings.stripe_secret_key,
            base_addresses=base,  # type: ignore[arg-type]
            max_network_retries=0 if self.is_local else 2,
        )

    def payment_method_ids(self) -> tuple[str, ...]:
        """Prefixes of the ids the browser may send: localstripe's fake Stripe.js can only make `card_…` ids."""
        return ("pm_", "card_") if self.is_local else ("pm_",)

    def create_intent(
        self,
        amount_minor: int,
        currency: str,
        *,
        payment_method_id: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> Intent:
        params = _card_intent(amount_minor, currency, payment_method_id, metadata)
        try:
            raw = self.client.v1.payment_intents.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as error:
            raise CardDeclined(_decline_reason(error, DECLINE_REASONS)) from error
        return _intent(raw)

    def save_card(
        self, payment_method_id: str, *, email: str | None, metadata: dict[str, str], idempotency_key: str
    ) -> SavedCard:
        """A customer holding the card for charges without the debtor present: a SetupIntent confirmed here.

        A card whose bank wants 3-D Secure first is refused as `authentication_required`: that needs the browser
        (`confirmCardSetup`), which no page does yet.
        """
        customer_params: dict[str, Any] = {"metadata": metadata, **({"email": email} if email else {})}
        setup_params: dict[str, Any] = {
            "usage": "off_session",
            "payment_method_types": ["card"],
            "metadata": metadata,
        }
        try:
            customer = self.client.v1.customers.create(
                params=customer_params,  # type: ignore[arg-type]
                options={"idempotency_key": f"{idempotency_key}:customer"},
            )
            setup = self.client.v1.setup_intents.create(
                params={**setup_params, "customer": customer.id},  # type: ignore[arg-type]
                options={"idempotency_key": f"{idempotency_key}:setup"},
            )
            raw = self.client.v1.setup_intents.confirm(
                setup.id,
                params={"payment_method": payment_method_id, "expand": ["payment_method"]},
                options={"idempotency_key": f"{idempotency_key}:confirm"},
            ).to_dict()
        except stripe.CardError as error:
            raise CardDeclined(_decline_reason(error)) from error
        except stripe.StripeError as error:  # nothing is charged when saving: the debtor can simply try again
            log.warning("saving card %s refused by Stripe: %s", payment_method_id, error)
            raise CardDeclined("processing_error") from error
        if raw.get("status") != "succeeded":
            raise CardDeclined("authentication_required")
        method = raw.get("payment_method")
        details = dict(method) if isinstance(method, dict) else {}
        card = dict(details.get("card") or {})
        last4 = card.get("last4") or details.get("last4")  # a legacy `card_…` object has it at the top
        return SavedCard(
            customer_id=str(customer.id),
            payment_method_id=str(details.get("id") or payment_method_id),
            last4=str(last4) if last4 else None,
        )

    def charge_saved_card(
        self,
        amount_minor: int,
        currency: str,
        *,
        customer_id: str,
        payment_method_id: str,
        metadata: dict[str, str],
        idempotency_key: str,
    ) -> Intent:
        """Charges a saved card with nobody present; a decline, or a bank that wants the debtor, is CardDeclined."""
        params = {
            **_card_intent(amount_minor, currency, payment_method_id, metadata),
            "customer": customer_id,
            "off_session": True,
        }
        try:
            raw = self.client.v1.payment_intents.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as error:
            raise CardDeclined(_decline_reason(error)) from error
        except stripe.InvalidRequestError as error:  # refused before any money moved (the card was removed, say)
            log.warning("charging a saved card refused by Stripe: %s", error)
            raise CardDeclined("processing_error") from error
        except stripe.StripeError as error:
            raise ChargeUncertain(str(error)) from error
        intent = _intent(raw)
        if intent.status == "requires_action":  # Stripe answers this with an error; localstripe with the status
            raise CardDeclined("authentication_required")
        return intent

    def retrieve(self, intent_id: str) -> Intent:
        try:
            return _intent(self.client.v1.payment_intents.retrieve(intent_id))
        except stripe.InvalidRequestError as error:
            raise UnknownIntent(intent_id) from error

    def refund(self, intent_id: str, amount_minor: int, *, idempotency_key: str) -> RefundResult:
        """Part or all of a succeeded intent back to the card; no `reason`, which localstripe refuses."""
        try:
            raw = self.client.v1.refunds.create(
                params={"payment_intent": intent_id, "amount": amount_minor},
                options={"idempotency_key": idempotency_key},
            ).to_dict()
        except stripe.StripeError as error:
            log.warning("refund of %s refused by Stripe: %s", intent_id, error)
            raise RefundFailed(getattr(error, "code", None) or "stripe_error") from error
        status = str(raw.get("status") or "succeeded")
        if status in ("failed", "canceled"):
            raise RefundFailed(f"refund_{status}")
        return RefundResult(id=str(raw["id"]), status=status, amount=int(raw["amount"]))

    def parse_webhook(self, raw_body: bytes, signature_header: str | None) -> Event:
        if not self.webhook_secret:
            raise InvalidWebhook("no webhook secret configured")
        try:
            event = stripe.Webhook.construct_event(
                raw_body, signature_header or "", self.webhook_secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
            )
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise InvalidWebhook(str(error)) from error
        payload = event.to_dict()
        data_object = dict(payload.get("data", {}).get("object") or {})
        return Event(id=str(event.id), type=str(event.type), object_id=str(data_object.get("id", "")), payload=payload)
