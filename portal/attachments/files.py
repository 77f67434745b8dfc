"""Deciding whether a file may be kept (pure): its type from its first bytes, its size, and a safe name to show."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

# Only these, recognised by their first bytes; the name and the browser's claimed type are never trusted.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
SNIFF_BYTES = max(len(magic) for magic, _ in SIGNATURES)
# The extension a kept file is shown with; the first one is used when the name has none of them.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
}
MAX_FILENAME = 100
FALLBACK_STEM = "attachment"
# Characters that some systems refuse in a file name, replaced so the name saves anywhere.
_UNSAFE = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")


class Refusal(StrEnum):
    NOT_ALLOWED_TYPE = "not_allowed_type"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    TOO_MANY = "too_many"


def sniff(head: bytes) -> str | None:
    """The content type the file's first bytes prove, or None for anything else (HTML, SVG, scripts, zip…)."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def file_refusal(head: bytes, size: int, *, max_bytes: int) -> Refusal | None:
    """Why one file cannot be kept, or None. `head` is its first bytes, `size` how many bytes it has (or more)."""
    if size <= 0:
        return Refusal.EMPTY
    if size > max_bytes:
        return Refusal.TOO_LARGE
    if sniff(head) is None:
        return Refusal.NOT_ALLOWED_TYPE
    return None


def count_refusal(count: int, *, max_files: int) -> Refusal | None:
    return Refusal.TOO_MANY if count > max_files else None


def _visible(name: str) -> str:
    """Without control or format characters (e.g. a right-to-left override); any white space as one space."""
    kept = []
    for char in unicodedata.normalize("NFC", name):
        if char.isspace():
            kept.append(" ")
        elif not unicodedata.category(char).startswith("C"):
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept))


def clean_filename(name: str | None, content_type: str | None, *, max_length: int = MAX_FILENAME) -> str:
    """The name to show and offer for saving: its last path part only, printable, not hidden (no leading dot),
    at most `max_length` characters, ending in the extension of `content_type` (the original extension is kept
    as it is when `content_type` is None, for naming a refused file)."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE.sub("_", _visible(base)).strip(" .")
    stem, dot, extension = base.rpartition(".")
    if not dot or not 1 <= len(extension) <= 5 or not extension.isalnum():
        stem, extension = base, ""
    allowed = EXTENSIONS.get(content_type or "")
    if allowed is not None:
        suffix = f".{extension.lower()}" if f".{extension.lower()}" in allowed else allowed[0]
    else:
        suffix = f".{extension}" if extension else ""
    stem = stem.strip(" .")[: max_length - len(suffix)].strip(" .") or FALLBACK_STEM
    return f"{stem}{suffix}"
