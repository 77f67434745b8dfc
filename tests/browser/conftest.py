"""A real portal (uvicorn in a thread, its own migrated database with the demo) and Debian's Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Playwright, sync_playwright
from sqlmodel import Session, select

from portal.app import create_app
from portal.db import utcnow
from portal.demo.loader import demo_logins, load_demo
from portal.demo.staff import staff_logins
from tests.conftest import build_engine, card_settings
from tests.localstripe import register_webhook

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class LiveServer:
    url: str
    logins: list[dict[str, str]]
    session_factory: object
    staff: list[dict[str, str]]

    def login(self, language: str) -> dict[str, str]:
        return next(login for login in self.logins if login["language"] == language and login["kind"] == "person")

    def new_staff(self, role: str) -> dict[str, str]:
        """A console user of its own, so tests never wait for a fresh authenticator code."""
        from portal.creditors.models import Creditor
        from portal.staff.service import create_user

        self.created = getattr(self, "created", 0) + 1
        username = f"{role}.{self.created}"
        with Session(self.session_factory) as session:  # type: ignore[call-overload]
            creditor = session.exec(select(Creditor).where(Creditor.registry_code == "12345603")).one()
            user = create_user(
                session,
                username=username,
                display_name=f"Test {role} {self.created}",
                role=role,
                creditor_id=creditor.id if role == "creditor" else None,
                password="browser-test-password",
            ).user
            login = {
                "role": role,
                "username": username,
                "password": "browser-test-password",
                "totp_secret": user.totp_secret,
                "url": f"{self.url}/staff/sign-in",
            }
            session.commit()
        return login

    def fresh_logins(self) -> list[dict[str, str]]:
        with Session(self.session_factory) as session:  # type: ignore[call-overload]
            logins = demo_logins(session, settings=self.settings, now=utcnow())  # type: ignore[attr-defined]
            session.commit()
        return logins


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory, localstripe: str) -> Iterator[LiveServer]:
    engine = build_engine(tmp_path_factory.mktemp("browser"), schema="browser")
    port = _free_port()
    # Card payments on, through the test localstripe, which delivers its webhooks to this server.
    settings = card_settings(localstripe, base_url=f"http://127.0.0.1:{port}")
    register_webhook(localstripe, f"live-{port}", f"{settings.base_url}/stripe/webhook")
    with Session(engine) as session:
        load_demo(session, today=None, secret_key=settings.secret_key)
        logins = demo_logins(session, settings=settings, now=utcnow())
        staff = staff_logins(session, secret_key=settings.secret_key, base_url=settings.base_url)
        session.commit()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings=settings, engine=engine),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the portal did not start"
        time.sleep(0.05)
    live = LiveServer(url=settings.base_url, logins=logins, session_factory=engine, staff=staff)
    live.settings = settings  # type: ignore[attr-defined]
    yield live
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    )
    yield browser
    browser.close()
