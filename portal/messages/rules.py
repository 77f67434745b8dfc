"""What a message may say, and how a debtor hears that one is waiting (pure)."""

from __future__ import annotations

import re

MAX_BODY = 4000
# Control characters other than line breaks and tabs: PostgreSQL refuses NUL, and none of them is meant.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_body(text: str) -> tuple[str | None, str | None]:
    """The message as it will be kept, or (None, reason code): missing, too_long."""
    body = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        return None, "missing"
    if len(body) > MAX_BODY:
        return None, "too_long"
    return body, None


def notification_channel(preferred: str | None, *, has_email: bool, has_phone: bool) -> str | None:
    """ "email", "sms" or None (we cannot tell them). The channel the debtor chose when we can use it; otherwise
    e-mail before SMS. A letter is never sent for this: it would take days to say what the portal already shows."""
    if preferred == "sms" and has_phone:
        return "sms"
    if has_email:
        return "email"
    if has_phone:
        return "sms"
    return None
