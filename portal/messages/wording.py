"""The sentences of the message pages: why a message or a file was refused, translated where shown."""

from __future__ import annotations

from portal.config import Settings
from portal.i18n import N_, gettext
from portal.messages.rules import MAX_BODY

ERRORS = {
    ("body", "missing"): N_("Please write your message."),
    ("body", "too_long"): N_("A message can be at most %(limit)s characters long. Please shorten it."),
    ("files", "not_allowed_type"): N_(
        "“%(name)s” is not a PDF, JPEG or PNG file. Only these kinds of files can be sent, so that they are safe "
        "to open."
    ),
    ("files", "too_large"): N_("“%(name)s” is too large. Each file can be at most %(megabytes)s MB."),
    ("files", "empty"): N_("“%(name)s” is empty. Please check that you chose the right file."),
    ("files", "too_many"): N_("You can send at most %(count)s files with one message."),
}
ERROR_DEFAULT = N_("Please check what you wrote.")


def error_messages(errors: dict[str, str], *, filename: str | None, settings: Settings) -> dict[str, str]:
    """Form field → the sentence saying what is wrong, in the reader's language."""
    values = {
        "limit": MAX_BODY,
        "name": filename or "",
        "megabytes": settings.max_attachment_bytes // (1024 * 1024),
        "count": settings.max_attachments,
    }
    return {field: gettext(ERRORS.get((field, code), ERROR_DEFAULT), **values) for field, code in errors.items()}
