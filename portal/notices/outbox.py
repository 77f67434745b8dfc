"""Writing messages to the outbox (once per dedupe key) and claiming the unsent ones for delivery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from portal.notices.models import OutboxMessage

MAX_ATTEMPTS = 5
MAX_ERROR = 500
CHANNELS = ("email", "sms")


def enqueue(
    session: Session,
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    body_text: str,
    data: dict[str, Any],
    dedupe_key: str,
    now: datetime,
    channel: str = "email",
) -> bool:
    """Adds the message unless one with this dedupe key exists; True when it was added. Sends nothing.

    `channel` is "email" (`recipient` an address) or "sms" (`recipient` an E.164 number, `subject` unused).
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    values = {
        "kind": kind,
        "channel": channel,
        "recipient": recipient,
        "language": language,
        "subject": subject,
        "body_text": body_text,
        "data": data,
        "dedupe_key": dedupe_key,
        "created_at": now,
        "attempts": 0,
    }
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def claim_unsent(session: Session, *, limit: int) -> Sequence[OutboxMessage]:
    """Unsent messages with tries left, locked for this worker: another worker skips them (PostgreSQL).

    SQLite has no row locks but writes one transaction at a time: taking the write lock *before* reading makes a
    second worker wait until the first has committed what it sent, instead of reading the same messages.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None)).values(attempts=OutboxMessage.attempts)  # type: ignore[arg-type]
        )
    return session.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.attempts) < MAX_ATTEMPTS)
        .order_by(col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()


def mark_sent(message: OutboxMessage, *, now: datetime) -> None:
    message.attempts += 1
    message.sent_at = now
    message.last_error = None


def mark_failed(message: OutboxMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:MAX_ERROR]
