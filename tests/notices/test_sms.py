"""SMS: POSTed as JSON to a real HTTP gateway in this process, or written into files; the outbox sends by channel."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from portal.config import Settings
from portal.notices.delivery import deliver_outbox
from portal.notices.mail import FileMailer
from portal.notices.models import OutboxMessage
from portal.notices.outbox import MAX_ATTEMPTS, enqueue
from portal.notices.sms import FileSmsSender, HttpSmsSender, SmsGatewayError, sms_sender_for
from tests import factories

TOKEN = "gateway-token-0123456789"


@dataclass
class Gateway:
    url: str
    status: int = 202
    received: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    """A small SMS gateway: records each request and answers with `status`."""
    state = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.received.append((dict(self.headers.items()), json.loads(self.rfile.read(length))))
            self.send_response(state.status)
            if 300 <= state.status < 400:
                self.send_header("Location", "http://127.0.0.1:9/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _sms(db: Session, key: str = "message:1", to: str = "+37251234567") -> None:
    enqueue(
        db,
        kind="message_waiting",
        channel="sms",
        recipient=to,
        language="et",
        subject="",
        body_text="Accord Collections: teil on uus sõnum. https://accord.example/",
        data={},
        dedupe_key=key,
        now=factories.NOW,
    )


def _rows(db: Session) -> list[OutboxMessage]:
    return list(db.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all())


def _mailer(tmp_path: Path) -> FileMailer:
    return FileMailer(tmp_path / "mail", sender="Accord <no-reply@accord.example>")


def test_the_http_sender_posts_json_with_the_token(gateway: Gateway) -> None:
    HttpSmsSender(gateway.url, TOKEN).send(to="+37251234567", text="Tere, Õie!", reference="outbox.1.2")
    [(headers, body)] = gateway.received
    assert body == {"to": "+37251234567", "text": "Tere, Õie!"}
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Content-Type"] == "application/json" and headers["Idempotency-Key"] == "outbox.1.2"


@pytest.mark.parametrize("status", [400, 401, 500, 503, 302])
def test_a_gateway_that_does_not_accept_raises(gateway: Gateway, status: int) -> None:
    gateway.status = status
    with pytest.raises(SmsGatewayError, match=str(status)):
        HttpSmsSender(gateway.url, TOKEN).send(to="+37251234567", text="x", reference="r")
    assert len(gateway.received) == 1, "a redirect is not followed (the token would go elsewhere)"


def test_only_web_addresses_are_gateways() -> None:
    with pytest.raises(ValueError):
        HttpSmsSender("file:///etc/passwd", TOKEN)


def test_the_settings_choose_the_sender(settings: Settings, gateway: Gateway) -> None:
    assert isinstance(sms_sender_for(settings), FileSmsSender)
    chosen = sms_sender_for(replace(settings, sms_gateway_url=gateway.url, sms_gateway_token=TOKEN))
    assert isinstance(chosen, HttpSmsSender) and chosen.token == TOKEN


def test_the_outbox_sends_each_row_by_its_channel(
    db: Session, settings: Settings, gateway: Gateway, tmp_path: Path
) -> None:
    _sms(db)
    enqueue(
        db,
        kind="message_waiting",
        recipient="mari@example.ee",
        language="et",
        subject="Uus sõnum",
        body_text="Teil on uus sõnum.",
        data={},
        dedupe_key="message:2",
        now=factories.NOW,
    )
    sender = HttpSmsSender(gateway.url, TOKEN)
    assert deliver_outbox(db, _mailer(tmp_path), now=factories.NOW, settings=settings, sms=sender) == 2
    [(_, body)] = gateway.received
    assert body["to"] == "+37251234567" and "uus sõnum" in body["text"]
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1
    assert all(row.sent_at == factories.NOW and row.attempts == 1 for row in _rows(db))
    assert deliver_outbox(db, _mailer(tmp_path), now=factories.NOW, settings=settings, sms=sender) == 0
    assert len(gateway.received) == 1, "each SMS goes out once"


def test_a_failing_gateway_keeps_the_sms_for_a_later_run(
    db: Session, settings: Settings, gateway: Gateway, tmp_path: Path
) -> None:
    _sms(db)
    gateway.status = 503
    sender = HttpSmsSender(gateway.url, TOKEN)
    assert deliver_outbox(db, _mailer(tmp_path), now=factories.NOW, settings=settings, sms=sender) == 0
    [row] = _rows(db)
    assert row.sent_at is None and row.attempts == 1 and "503" in (row.last_error or "")
    gateway.status = 200
    later = factories.NOW + timedelta(minutes=10)
    assert deliver_outbox(db, _mailer(tmp_path), now=later, settings=settings, sms=sender) == 1
    assert row.sent_at == later and row.last_error is None and row.attempts == 2
    assert [body for _, body in gateway.received][0] == [body for _, body in gateway.received][1]
    refs = {headers["Idempotency-Key"] for headers, _ in gateway.received}
    assert len(refs) == 1, "a retry carries the same reference, so the gateway can drop a copy"


def test_an_unreachable_gateway_is_an_error_too(db: Session, settings: Settings, tmp_path: Path) -> None:
    _sms(db)
    sender = HttpSmsSender("http://127.0.0.1:9/sms", TOKEN, timeout=2)
    for _ in range(MAX_ATTEMPTS + 1):
        deliver_outbox(db, _mailer(tmp_path), now=factories.NOW, settings=settings, sms=sender)
    [row] = _rows(db)
    assert row.sent_at is None and row.attempts == MAX_ATTEMPTS and row.last_error


def test_the_file_sender_writes_one_file_per_sms(db: Session, settings: Settings, tmp_path: Path) -> None:
    _sms(db, "message:1", "+37251234567")
    _sms(db, "message:2", "+358401234567")
    sender = FileSmsSender(tmp_path / "sms")
    assert deliver_outbox(db, _mailer(tmp_path), now=factories.NOW, settings=settings, sms=sender) == 2
    files = sorted((tmp_path / "sms").glob("*.txt"))
    assert len(files) == 2
    texts = [path.read_text(encoding="utf-8") for path in files]
    assert texts[0].startswith("To: +37251234567\n") and "uus sõnum" in texts[0]
    assert texts[1].startswith("To: +358401234567\n")


def test_an_unknown_channel_is_refused(db: Session) -> None:
    with pytest.raises(ValueError):
        enqueue(
            db,
            kind="x",
            channel="pigeon",
            recipient="x",
            language="en",
            subject="",
            body_text="",
            data={},
            dedupe_key="x:1",
            now=factories.NOW,
        )
