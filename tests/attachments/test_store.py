"""Keeping attached files: all checked before any is written, stored privately under random names, found by case."""

from __future__ import annotations

import hashlib
import io
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session, select

from portal.attachments.files import Refusal
from portal.attachments.models import Attachment
from portal.attachments.service import CHUNK, AttachmentsRefused, check, open_attachment, store
from portal.cases.models import Case
from portal.config import Settings
from tests import factories
from tests.attachments.uploads import HTML, JPEG, PDF, PNG, SVG, upload


@pytest.fixture
def case(db: Session) -> Case:
    return factories.case(db)


def _stored(settings: Settings) -> list[Path]:
    directory = Path(settings.attachments_dir)
    return sorted(directory.iterdir()) if directory.exists() else []


def test_files_are_stored_privately_under_random_names(db: Session, settings: Settings, case: Case) -> None:
    rows = store(
        db,
        settings,
        case,
        [upload("../scan.pdf", PDF), upload("photo.JPG", JPEG), upload("x.png", PNG)],
        by_kind="debtor",
    )
    assert [(row.filename, row.content_type) for row in rows] == [
        ("scan.pdf", "application/pdf"),
        ("photo.jpg", "image/jpeg"),
        ("x.png", "image/png"),
    ]
    directory = Path(settings.attachments_dir)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert sorted(path.name for path in _stored(settings)) == sorted(row.storage_key for row in rows)
    for row, content in zip(rows, (PDF, JPEG, PNG), strict=True):
        path = directory / row.storage_key
        assert len(row.storage_key) == 32 and int(row.storage_key, 16) >= 0
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_bytes() == content
        assert row.sha256 == hashlib.sha256(content).hexdigest() and row.size_bytes == len(content)
        assert (row.case_id, row.uploaded_by_kind, row.message_id, row.dispute_id) == (case.id, "debtor", None, None)
    assert len({row.storage_key for row in rows}) == 3


@pytest.mark.parametrize(
    "files,reason,name",
    [
        ([upload("scan.pdf", PDF), upload("invoice.pdf", HTML)], Refusal.NOT_ALLOWED_TYPE, "invoice.pdf"),
        ([upload("page.html", HTML)], Refusal.NOT_ALLOWED_TYPE, "page.html"),
        ([upload("logo.svg", SVG)], Refusal.NOT_ALLOWED_TYPE, "logo.svg"),
        (
            [upload("../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n")],
            Refusal.NOT_ALLOWED_TYPE,
            "passwd.pdf",
        ),
        ([upload("scan.pdf", PDF), upload("empty.pdf", b"")], Refusal.EMPTY, "empty.pdf"),
        ([upload(f"{n}.pdf", PDF) for n in range(6)], Refusal.TOO_MANY, None),
    ],
)
def test_a_refused_file_stores_nothing(
    db: Session, settings: Settings, case: Case, files: list, reason: Refusal, name: str | None
) -> None:
    with pytest.raises(AttachmentsRefused) as refused:
        store(db, settings, case, files, by_kind="debtor")
    assert (refused.value.reason, refused.value.filename) == (reason, name)
    assert _stored(settings) == []
    assert db.exec(select(Attachment).where(Attachment.case_id == case.id)).all() == []


def test_a_file_over_the_limit_is_refused_without_reading_all_of_it(settings: Settings) -> None:
    small = replace(settings, max_attachment_bytes=10_000)

    class Endless(io.RawIOBase):
        """A file that never ends: reading it whole would never finish."""

        read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"%" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    endless = Endless()
    file = upload("big.pdf", b"")
    file.file = io.BufferedReader(endless)  # type: ignore[assignment]
    file.file.seek = lambda *_: 0  # type: ignore[method-assign]
    with pytest.raises(AttachmentsRefused) as refused:
        check(small, [file])
    assert refused.value.reason == Refusal.TOO_LARGE
    assert endless.read_bytes <= small.max_attachment_bytes + 2 * CHUNK + 8192


def test_exactly_at_the_limit_is_kept(settings: Settings) -> None:
    content = PDF + b"0" * (settings.max_attachment_bytes - len(PDF))
    [checked] = check(settings, [upload("big.pdf", content)])
    assert checked.size_bytes == settings.max_attachment_bytes
    with pytest.raises(AttachmentsRefused):
        check(settings, [upload("big.pdf", content + b"0")])


def test_an_empty_file_input_is_not_a_file(settings: Settings) -> None:
    assert check(settings, [upload("", b""), upload(None, b"")]) == []
    assert [c.filename for c in check(settings, [upload("", PDF)])] == ["attachment.pdf"]


def test_an_attachment_is_found_only_through_its_own_case(db: Session, settings: Settings, case: Case) -> None:
    [row] = store(db, settings, case, [upload("a.pdf", PDF)], by_kind="debtor")
    other = factories.case(db)
    assert open_attachment(db, settings, case_id=case.id, attachment_id=row.id) is not None  # type: ignore[arg-type]
    assert open_attachment(db, settings, case_id=other.id, attachment_id=row.id) is None  # type: ignore[arg-type]
    assert open_attachment(db, settings, case_id=case.id, attachment_id=row.id + 1000) is None  # type: ignore[arg-type, operator]
    (Path(settings.attachments_dir) / row.storage_key).unlink()
    assert open_attachment(db, settings, case_id=case.id, attachment_id=row.id) is None, "a lost file is a 404"  # type: ignore[arg-type]


def test_a_write_error_leaves_no_file_behind(
    db: Session, settings: Settings, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portal.attachments.service as service

    real_write, calls = service._write, []

    def failing_second(directory: Path, item: object) -> str:
        calls.append(item)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_write(directory, item)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "_write", failing_second)
    with pytest.raises(OSError):
        store(db, settings, case, [upload("a.pdf", PDF), upload("b.pdf", PDF)], by_kind="staff")
    assert _stored(settings) == []
