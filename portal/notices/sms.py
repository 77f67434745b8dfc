"""Sending SMS: POSTed as JSON to a gateway (production) or written into files (the embedded default for `make run`)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from portal.config import VAR_DIR, Settings


class SmsSender(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> None:
        """Delivers the SMS or raises; the outbox records the error and tries again on a later run.

        `reference` names this SMS for the same outbox row on every try, so a gateway can drop a repeat.
        """
        ...


class SmsGatewayError(RuntimeError):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would turn the POST into a GET elsewhere, with the token: treat it as a failure instead."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class HttpSmsSender:
    def __init__(self, url: str, token: str, *, timeout: float = 15) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("the SMS gateway URL must start with https:// or http://")
        self.url, self.token, self.timeout = url, token, timeout
        self._opener = urllib.request.build_opener(_NoRedirects)

    def send(self, *, to: str, text: str, reference: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=json.dumps({"to": to, "text": text}).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Idempotency-Key": reference,
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            error.close()
            raise SmsGatewayError(f"the SMS gateway answered {error.code}") from None
        if not 200 <= status < 300:
            raise SmsGatewayError(f"the SMS gateway answered {status}")


class FileSmsSender:
    """Writes each SMS as `<directory>/<reference>.txt`: the number on the first line, then the text."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, *, to: str, text: str, reference: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in ".-" else "_" for c in reference)
        (self.directory / f"{name}.txt").write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


def sms_sender_for(settings: Settings) -> SmsSender:
    if not settings.sms_gateway_url:
        return FileSmsSender(VAR_DIR / "sms")
    return HttpSmsSender(settings.sms_gateway_url, settings.sms_gateway_token)
