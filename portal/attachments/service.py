"""Keeping and finding attached files: every file checked before any is written, stored under a random name.

For other features (disputes, messages), the calls are:

    checked = check(settings, uploads)            # raises AttachmentsRefused (reason code + file name); writes nothing
    rows = save(session, settings, case, checked, by_kind="debtor", staff_user_id=None, dispute_id=7)

or both at once, when nothing else has to be validated in between:

    rows = store(session, settings, case, uploads, by_kind="debtor", staff_user_id=None, dispute_id=7)

`uploads` are FastAPI/Starlette `UploadFile`s (anything with `.filename` and a binary `.file`); parts the browser sends
for an empty file input (no name, no bytes) are skipped. `by_kind` is "debtor" or "staff" (then `staff_user_id`).
The rows are flushed, never committed. `open_attachment` finds one attachment of one case, for serving.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlmodel import Session, col, select

from portal.attachments.files import Refusal, clean_filename, count_refusal, file_refusal, sniff
from portal.attachments.models import Attachment
from portal.cases.models import Case
from portal.config import Settings
from portal.db import saved_id, utcnow

CHUNK = 64 * 1024


class Upload(Protocol):
    filename: str | None
    file: BinaryIO


class AttachmentsRefused(ValueError):
    """Nothing was written. `filename` is the cleaned name of the file refused (None for `too_many`)."""

    def __init__(self, reason: Refusal, filename: str | None = None) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.filename = filename


@dataclass(frozen=True)
class Checked:
    upload: Upload
    filename: str
    content_type: str
    size_bytes: int
    sha256: str


def _measure(file: BinaryIO, limit: int) -> tuple[bytes, int, str]:
    """First bytes, size (stops counting once over `limit`) and SHA-256, read a chunk at a time."""
    file.seek(0)
    digest = hashlib.sha256()
    head, size = b"", 0
    while size <= limit:
        chunk = file.read(CHUNK)
        if not chunk:
            break
        if len(head) < 16:
            head = (head + chunk)[:16]
        size += len(chunk)
        digest.update(chunk)
    return head, size, digest.hexdigest()


def _is_blank(upload: Upload) -> bool:
    """What a browser sends for a file input left empty: a part with no name and no bytes."""
    if upload.filename:
        return False
    upload.file.seek(0)
    return not upload.file.read(1)


def check(settings: Settings, uploads: Iterable[Upload]) -> list[Checked]:
    """Every chosen file, checked; raises AttachmentsRefused for the first one that cannot be kept."""
    chosen = [upload for upload in uploads if not _is_blank(upload)]
    if refusal := count_refusal(len(chosen), max_files=settings.max_attachments):
        raise AttachmentsRefused(refusal)
    checked = []
    for upload in chosen:
        head, size, sha256 = _measure(upload.file, settings.max_attachment_bytes)
        if refusal := file_refusal(head, size, max_bytes=settings.max_attachment_bytes):
            raise AttachmentsRefused(refusal, clean_filename(upload.filename, None))
        content_type = sniff(head) or ""
        checked.append(Checked(upload, clean_filename(upload.filename, content_type), content_type, size, sha256))
    return checked


def _directory(settings: Settings) -> Path:
    directory = Path(settings.attachments_dir)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _write(directory: Path, item: Checked) -> str:
    """Copies the upload to a temporary file and renames it into place: a crash never leaves half a file."""
    key = secrets.token_hex(16)
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".incoming-")  # mode 0o600
    try:
        with os.fdopen(descriptor, "wb") as target:
            item.upload.file.seek(0)
            written = 0
            while written < item.size_bytes and (chunk := item.upload.file.read(CHUNK)):
                target.write(chunk[: item.size_bytes - written])
                written += len(chunk)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, directory / key)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return key


def save(
    session: Session,
    settings: Settings,
    case: Case,
    checked: Sequence[Checked],
    *,
    by_kind: str,
    staff_user_id: int | None = None,
    dispute_id: int | None = None,
    message_id: int | None = None,
) -> list[Attachment]:
    """Writes the checked files and adds their rows; on a write error, removes what it wrote and raises."""
    if by_kind not in ("debtor", "staff"):
        raise ValueError(f"unknown uploader kind {by_kind!r}")
    if not checked:
        return []
    directory = _directory(settings)
    keys: list[str] = []
    try:
        for item in checked:
            keys.append(_write(directory, item))
    except BaseException:
        for key in keys:
            (directory / key).unlink(missing_ok=True)
        raise
    now = utcnow()
    rows = [
        Attachment(
            case_id=saved_id(case),
            dispute_id=dispute_id,
            message_id=message_id,
            uploaded_by_kind=by_kind,
            staff_user_id=staff_user_id,
            filename=item.filename,
            content_type=item.content_type,
            size_bytes=item.size_bytes,
            sha256=item.sha256,
            storage_key=key,
            created_at=now,
        )
        for item, key in zip(checked, keys, strict=True)
    ]
    session.add_all(rows)
    session.flush()
    return rows


def store(
    session: Session,
    settings: Settings,
    case: Case,
    uploads: Iterable[Upload],
    *,
    by_kind: str,
    staff_user_id: int | None = None,
    dispute_id: int | None = None,
    message_id: int | None = None,
) -> list[Attachment]:
    """check() then save(): raises AttachmentsRefused with nothing written, or returns the flushed rows."""
    checked = check(settings, uploads)
    return save(
        session,
        settings,
        case,
        checked,
        by_kind=by_kind,
        staff_user_id=staff_user_id,
        dispute_id=dispute_id,
        message_id=message_id,
    )


def attachments_of_messages(session: Session, message_ids: Sequence[int]) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = {message_id: [] for message_id in message_ids}
    if message_ids:
        for row in session.exec(
            select(Attachment).where(col(Attachment.message_id).in_(message_ids)).order_by(col(Attachment.id))
        ).all():
            found[row.message_id or 0].append(row)
    return found


def open_attachment(
    session: Session, settings: Settings, *, case_id: int, attachment_id: int, with_messages: bool = True
) -> tuple[Attachment, Path] | None:
    """The attachment and its file, if it belongs to this case (and, without `with_messages`, to no message) and the
    file is there; None otherwise, the same answer whether it exists or not."""
    statement = select(Attachment).where(Attachment.id == attachment_id, Attachment.case_id == case_id)
    if not with_messages:
        statement = statement.where(col(Attachment.message_id).is_(None))
    row = session.exec(statement).first()
    if row is None or not row.storage_key.isalnum():
        return None
    path = Path(settings.attachments_dir) / row.storage_key
    return (row, path) if path.is_file() else None
