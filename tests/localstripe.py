"""localstripe for tests: a process on a free loopback port, and webhook payloads signed the way Stripe signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from portal.config import PROJECT_ROOT

WEBHOOK_SECRET = "whsec_test_accord"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_localstripe() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(PROJECT_ROOT / "tools" / "run_localstripe.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=1).close()  # noqa: S310
                break
            except OSError:
                assert process.poll() is None, "localstripe exited"
                assert time.monotonic() < deadline, "localstripe did not start"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def register_webhook(api_base: str, name: str, url: str, secret: str = WEBHOOK_SECRET) -> None:
    data = f"url={url}&secret={secret}".encode()
    urllib.request.urlopen(f"{api_base}/_config/webhooks/{name}", data=data, timeout=5).close()  # noqa: S310


def signed(event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> tuple[bytes, str]:
    """The body and Stripe-Signature header Stripe would send: t=…,v1=HMAC-SHA256(secret, "t.body")."""
    body = json.dumps(event).encode()
    timestamp = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={digest}"


def intent_event(event_id: str, kind: str, intent_id: str, **metadata: str) -> dict[str, Any]:
    return {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": {"id": intent_id, "object": "payment_intent", "metadata": metadata}},
    }
