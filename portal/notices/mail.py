"""Sending e-mail: over SMTP (a relay in production) or into .eml files (the embedded default for `make run`)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from portal.config import VAR_DIR, Settings


class Mailer(Protocol):
    sender: str
    reply_to: str | None

    def send(self, message: EmailMessage) -> None:
        """Delivers the message or raises; the outbox records the error and tries again on a later run."""
        ...


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        starttls: bool,
        username: str | None,
        password: str | None,
        *,
        sender: str,
        reply_to: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host, self.port, self.starttls = host, port, starttls
        self.username, self.password = username, password
        self.sender, self.reply_to, self.timeout = sender, reply_to, timeout

    def send(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password or "")
            smtp.send_message(message)


class FileMailer:
    """Writes each message as `<directory>/<Message-ID>.eml`, readable by any mail program."""

    def __init__(self, directory: Path, *, sender: str, reply_to: str | None = None) -> None:
        self.directory, self.sender, self.reply_to = directory, sender, reply_to

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in ".-" else "_" for c in str(message["Message-ID"]).strip("<>"))
        (self.directory / f"{name}.eml").write_bytes(message.as_bytes())


def mailer_for(settings: Settings) -> Mailer:
    if not settings.smtp_host:
        return FileMailer(VAR_DIR / "outbox", sender=settings.mail_from, reply_to=settings.agency_email)
    return SmtpMailer(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_starttls,
        settings.smtp_username or None,
        settings.smtp_password or None,
        sender=settings.mail_from,
        reply_to=settings.agency_email,
    )
