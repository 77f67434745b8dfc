"""The message pages through the test client: an exchange, refused uploads, and nobody reading another's thread."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import Session, col, select

from portal.attachments.models import Attachment
from portal.attachments.service import store
from portal.audit.models import AuditRecord
from portal.cases.models import Case
from portal.config import Settings
from portal.messages.models import Message
from portal.notices.models import OutboxMessage
from portal.staff.models import StaffUser
from portal.work.models import WorkItem
from tests import factories
from tests.attachments.uploads import HTML, JPEG, PDF, SVG, upload
from tests.cases.test_case_pages import sign_in
from tests.pages import csrf_token
from tests.staff.helpers import sign_in_staff, staff_user

Files = list[tuple[str, tuple[str, bytes, str]]]


@pytest.fixture
def case(db: Session) -> Case:
    person = factories.debtor(db, email="mari@example.ee", preferred_language="en", preferred_channel="email")
    return factories.case(db, debtor_row=person)


@pytest.fixture
def console(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def write(client: TestClient, path: str, body: str, files: Files | None = None) -> Response:
    token = csrf_token(client, path.removesuffix("/messages") if path.startswith("/staff") else path)
    return client.post(path, data={"csrf_token": token, "body": body}, files=files or [])


def pdf(name: str = "scan.pdf", content: bytes = PDF) -> tuple[str, tuple[str, bytes, str]]:
    return ("files", (name, content, "application/pdf"))


def _stored(settings: Settings) -> list[Path]:
    directory = Path(settings.attachments_dir)
    return list(directory.iterdir()) if directory.exists() else []


def test_a_debtor_and_an_agent_exchange_messages(
    client: TestClient, console: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}")
    assert f'href="/cases/{case.reference}/messages"' in page.text
    form = client.get(f"/cases/{case.reference}/messages")
    assert form.status_code == 200 and "There are no messages about this case yet." in form.text
    assert 'enctype="multipart/form-data"' in form.text and 'accept=".pdf,.jpg,.jpeg,.png"' in form.text
    assert re.search(r'<input[^>]+type="file"[^>]+multiple', form.text)

    sent = write(client, f"/cases/{case.reference}/messages", "Why was a fee added?", [pdf("Receipt.PDF")])
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/cases/{case.reference}/messages?sent=1#sent"
    thread = client.get(sent.headers["location"])
    assert "Your message has been sent." in thread.text and "Why was a fee added?" in thread.text
    [attachment] = db.exec(select(Attachment).where(Attachment.case_id == case.id)).all()
    assert attachment.filename == "Receipt.pdf"
    assert f'href="/cases/{case.reference}/attachments/{attachment.id}"' in thread.text
    download = client.get(f"/cases/{case.reference}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == "attachment; filename*=UTF-8''Receipt.pdf"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "default-src 'none'; sandbox"
    assert download.headers["cache-control"] == "private, no-store"
    [item] = db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).all()
    assert item.kind == "message_reply"

    agent = staff_user(db, "agent")
    sign_in_staff(console, agent)
    staff_page = console.get(f"/staff/cases/{case.reference}")
    assert 'id="messages"' in staff_page.text and "Why was a fee added?" in staff_page.text
    assert f'href="/staff/cases/{case.reference}/attachments/{attachment.id}"' in staff_page.text
    assert staff_page.text.index('id="messages"') < staff_page.text.index('id="notes"')
    staff_download = console.get(f"/staff/cases/{case.reference}/attachments/{attachment.id}")
    assert staff_download.status_code == 200 and staff_download.content == PDF
    assert db.exec(select(AuditRecord).where(AuditRecord.action == "staff.attachment.download")).one()

    reply = write(console, f"/staff/cases/{case.reference}/messages", "The fee is the reminder fee of 5 euros.")
    assert reply.status_code == 303
    assert reply.headers["location"] == f"/staff/cases/{case.reference}#messages"
    [notice] = db.exec(select(OutboxMessage)).all()
    assert notice.recipient == "mari@example.ee" and "5 euros" not in notice.body_text

    case_page = client.get(f"/cases/{case.reference}")
    assert "You have 1 unread message from us." in case_page.text
    answer = client.get(f"/cases/{case.reference}/messages")
    assert "The fee is the reminder fee of 5 euros." in answer.text
    assert "Accord Collections" in answer.text and agent.display_name not in answer.text
    assert "unread message" not in client.get(f"/cases/{case.reference}").text
    assert db.exec(select(AuditRecord).where(AuditRecord.action == "attachment.download")).one()


REFUSED = [
    ([pdf("invoice.pdf", b"<html>not a pdf</html>")], "“invoice.pdf” is not a PDF, JPEG or PNG file."),
    ([("files", ("page.html", HTML, "text/html"))], "“page.html” is not a PDF, JPEG or PNG file."),
    ([("files", ("logo.svg", SVG, "image/svg+xml"))], "“logo.svg” is not a PDF, JPEG or PNG file."),
    ([pdf("../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n")], "“passwd.pdf” is not a PDF"),
    ([pdf("big.pdf", PDF + b"0" * (5 * 1024 * 1024))], "“big.pdf” is too large. Each file can be at most 5 MB."),
    ([pdf("empty.pdf", b"")], "“empty.pdf” is empty."),
    ([pdf(f"{n}.pdf") for n in range(6)], "You can send at most 5 files with one message."),
]


@pytest.mark.parametrize("files,sentence", REFUSED)
def test_upload_attacks_are_refused_and_nothing_is_kept(
    client: TestClient, db: Session, settings: Settings, case: Case, files: Files, sentence: str
) -> None:
    sign_in(client, db, settings, case)
    response = write(client, f"/cases/{case.reference}/messages", "Here is the proof", files)
    assert response.status_code == 400
    text = response.text
    assert sentence in text and "Nothing was sent. Please check the form." in text
    assert "please choose them again" in text
    assert "Here is the proof</textarea>" in text, "what the person wrote is kept"
    assert 'aria-invalid="true"' in text and 'aria-describedby="write-files-hint write-files-error"' in text
    assert db.exec(select(Message).where(Message.case_id == case.id)).all() == []
    assert db.exec(select(Attachment)).all() == [] and _stored(settings) == []
    assert db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).all() == []


@pytest.mark.parametrize("language", ["et", "fi", "ro"])
def test_a_refusal_is_told_in_the_readers_language(
    client: TestClient, db: Session, settings: Settings, case: Case, language: str
) -> None:
    sign_in(client, db, settings, case, language=language)
    response = write(client, f"/cases/{case.reference}/messages", "", [pdf("x.pdf", HTML)])
    assert response.status_code == 400
    text = response.text
    assert f'<html lang="{language}">' in text and 'role="alert"' in text
    assert text.count('class="field-error"') == 2  # the empty message and the file
    assert db.exec(select(Message)).all() == []


def test_a_path_in_the_file_name_is_dropped(client: TestClient, db: Session, settings: Settings, case: Case) -> None:
    sign_in(client, db, settings, case)
    files = [pdf("../../etc/passwd.pdf"), ("files", ("..\\..\\photo.jpg", JPEG, "image/jpeg"))]
    assert write(client, f"/cases/{case.reference}/messages", "Two files", files).status_code == 303
    rows = db.exec(select(Attachment).order_by(col(Attachment.id))).all()
    assert [row.filename for row in rows] == ["passwd.pdf", "photo.jpg"]
    assert {path.name for path in _stored(settings)} == {row.storage_key for row in rows}
    assert all(path.parent == Path(settings.attachments_dir) for path in _stored(settings))


def test_a_message_without_files_from_an_empty_file_input(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    sign_in(client, db, settings, case)
    path = f"/cases/{case.reference}/messages"
    # What Chromium sends for a file input left empty: a part with an empty file name and no bytes.
    token = csrf_token(client, path)
    boundary = "----AccordBoundary7MA4YWxkTrZu0gW"
    raw = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nJust text\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"
    ).encode()
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    assert client.post(path, content=raw, headers=headers).status_code == 303
    # httpx leaves the file name out altogether, so the part arrives as text: not a file either.
    empty = [("files", ("", b"", "application/octet-stream"))]
    assert write(client, path, "More text", empty).status_code == 303
    assert len(db.exec(select(Message)).all()) == 2 and db.exec(select(Attachment)).all() == []


def test_another_debtor_never_reads_a_thread_or_file(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    message_file = store(db, settings, case, [upload("mine.pdf", PDF)], by_kind="debtor")[0]
    db.add(Message(case_id=case.id, author_kind="debtor", body="Private words", created_at=factories.NOW))  # type: ignore[arg-type]
    db.flush()
    intruder_case = factories.case(db)
    sign_in(client, db, settings, intruder_case)
    for path in (
        f"/cases/{case.reference}/messages",
        f"/cases/{case.reference}/attachments/{message_file.id}",
        f"/cases/{intruder_case.reference}/attachments/{message_file.id}",
        f"/cases/{intruder_case.reference}/attachments/../../{message_file.id}",
        f"/cases/{intruder_case.reference}/attachments/{message_file.storage_key}",
        f"/cases/{intruder_case.reference}/attachments/-1",
        f"/cases/{intruder_case.reference}/attachments/{'9' * 40}",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Private words" not in response.text and response.content != PDF
    token = csrf_token(client, f"/cases/{intruder_case.reference}/messages")
    posted = client.post(f"/cases/{case.reference}/messages", data={"csrf_token": token, "body": "Hi"}, files=[pdf()])
    assert posted.status_code == 404
    assert len(db.exec(select(Message)).all()) == 1
    assert "Private words" not in client.get(f"/cases/{intruder_case.reference}/messages").text


def test_creditor_users_see_only_their_creditors_case_files_and_never_the_messages(
    console: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    message = Message(case_id=case.id, author_kind="debtor", body="Private words", created_at=factories.NOW)  # type: ignore[arg-type]
    db.add(message)
    db.flush()
    in_message = store(db, settings, case, [upload("m.pdf", PDF)], by_kind="debtor", message_id=message.id)[0]
    evidence = store(db, settings, case, [upload("e.pdf", PDF)], by_kind="debtor")[0]

    other_creditor_user = staff_user(db, "creditor")
    sign_in_staff(console, other_creditor_user)
    for attachment in (in_message, evidence):
        assert console.get(f"/staff/cases/{case.reference}/attachments/{attachment.id}").status_code == 404

    own = staff_user(db, "creditor", creditor_id=case.creditor_id)
    console.cookies.clear()
    sign_in_staff(console, own)
    assert console.get(f"/staff/cases/{case.reference}/attachments/{evidence.id}").content == PDF
    assert console.get(f"/staff/cases/{case.reference}/attachments/{in_message.id}").status_code == 404
    page = console.get(f"/staff/cases/{case.reference}")
    assert page.status_code == 200 and "Private words" not in page.text and 'id="messages"' not in page.text
    token = csrf_token(console, f"/staff/cases/{case.reference}")
    refused = console.post(f"/staff/cases/{case.reference}/messages", data={"csrf_token": token, "body": "Pay"})
    assert refused.status_code == 403
    assert len(db.exec(select(Message)).all()) == 1

    admin = staff_user(db, "admin")
    console.cookies.clear()
    sign_in_staff(console, admin)
    assert console.get(f"/staff/cases/{case.reference}/attachments/{evidence.id}").status_code == 403


def test_a_refused_staff_reply_sends_nothing(console: TestClient, db: Session, settings: Settings, case: Case) -> None:
    sign_in_staff(console, staff_user(db, "agent"))
    response = write(console, f"/staff/cases/{case.reference}/messages", "See attached", [pdf("x.pdf", SVG)])
    assert response.status_code == 400
    assert "“x.pdf” is not a PDF, JPEG or PNG file." in response.text
    assert "See attached</textarea>" in response.text
    assert db.exec(select(Message)).all() == [] and db.exec(select(OutboxMessage)).all() == []
    assert db.exec(select(AuditRecord).where(AuditRecord.action == "staff.message.post")).all() == []


def test_a_staff_user_name_never_reaches_the_debtor(
    client: TestClient, console: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    agent = staff_user(db, "agent")
    sign_in_staff(console, agent)
    write(console, f"/staff/cases/{case.reference}/messages", "Hello from us")
    assert db.exec(select(StaffUser).where(StaffUser.id == agent.id)).one()
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}/messages")
    assert "Hello from us" in page.text and agent.display_name not in page.text and agent.username not in page.text


def test_upload_bodies_have_their_own_size_limit(engine: object, db: Session, case: Case, settings: Settings) -> None:
    from portal.app import create_app
    from portal.db import get_session

    small = replace(settings, max_attachment_bytes=100_000, max_attachments=2)
    app = create_app(settings=small, engine=engine)  # type: ignore[arg-type]

    def this_test() -> object:
        yield db
        db.flush()

    app.dependency_overrides[get_session] = this_test
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        sign_in(client, db, small, case)
        path = f"/cases/{case.reference}/messages"
        near = [pdf("a.pdf", PDF + b"0" * 90_000), pdf("b.pdf", PDF + b"0" * 90_000)]
        assert write(client, path, "Two big files", near).status_code == 303
        over = [pdf("a.pdf", PDF + b"0" * 150_000), pdf("b.pdf", PDF + b"0" * 150_000)]
        response = write(client, path, "Too much", over)
        assert response.status_code == 413 and "too large" in response.text
        token = csrf_token(client, path)
        plain = client.post(path, data={"csrf_token": token, "body": "x" * 100_000})
        assert plain.status_code == 413, "forms without files keep the small limit"
    assert len(db.exec(select(Message)).all()) == 1
