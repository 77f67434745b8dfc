"""Disputing from the case page freezes collection at once; an agent upholds or rejects it; nobody else sees it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.attachments.models import Attachment
from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent, ClaimLine, LedgerEntry
from portal.collection.guard import Action
from portal.collection.service import CollectionFrozen, ensure_allowed
from portal.config import Settings
from portal.disputes.models import Dispute
from portal.messages.models import Message
from portal.notices.models import OutboxMessage
from portal.work.models import WorkItem
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.conftest import test_settings as base_settings
from tests.pages import csrf_token, post_form
from tests.staff.helpers import sign_in_staff, staff_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {"reason": "already_paid", "target": "case", "explanation": "I paid this invoice on 3 October by transfer."}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(base_settings(), attachments_dir=tmp_path / "attachments")


def fi_case(db: Session) -> Case:
    creditor = factories.creditor(db, country="FI", currency="EUR", reference_scheme="fi_viite", name="Revontuli Oy")
    debtor = factories.debtor(db, id_country="FI", email="liisa@example.fi", preferred_language="en")
    return factories.case(db, creditor_row=creditor, debtor_row=debtor, principal_minor=20_000, stage="payment_demand")


def file(client: TestClient, case: Case, data: dict[str, str], files: list[tuple[str, bytes]] = ()) -> object:
    token = csrf_token(client, f"/cases/{case.reference}/dispute")
    parts = [("files", (name, content, "application/octet-stream")) for name, content in files]
    return client.post(f"/cases/{case.reference}/dispute", data={"csrf_token": token, **data}, files=parts or None)


def disputes(db: Session, case: Case) -> list[Dispute]:
    return list(db.exec(select(Dispute).where(Dispute.case_id == case.id)).all())


def test_filing_freezes_collection_at_once_and_hands_it_to_a_person(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = fi_case(db)
    sign_in(client, db, settings, case)
    ensure_allowed(db, case, Action.PAYMENT_DEMAND, today=factories.TODAY)  # allowed before
    response = file(client, case, FORM, [("kuitti.pdf", PDF)])
    assert response.status_code == 303 and response.headers["location"].endswith("?disputed=1#dispute")
    db.refresh(case)
    (dispute,) = disputes(db, case)
    assert case.is_disputed and dispute.state == "open" and dispute.frozen_on == factories.TODAY
    for action in Action:
        with pytest.raises(CollectionFrozen):
            ensure_allowed(db, case, action, today=factories.TODAY)
    item = db.exec(select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.kind == "dispute_review")).one()
    assert item.priority == 1 and item.data["dispute_id"] == dispute.id
    (attachment,) = db.exec(select(Attachment).where(Attachment.dispute_id == dispute.id)).all()
    assert attachment.content_type == "application/pdf"
    assert (settings.attachments_dir / attachment.storage_key).read_bytes() == PDF
    assert db.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "dispute_filed")).one()
    assert db.exec(
        select(AuditRecord).where(AuditRecord.action == "disputes.filed", AuditRecord.case_id == case.id)
    ).one()
    page = client.get(response.headers["location"])
    assert "Collection is paused" in page.text
    assert "perintälaki 4 b §" in page.text
    assert "no entry in the payment default register" in page.text
    assert "Collection is paused while your dispute is being looked at." in page.text  # the next step says so too
    assert "Something wrong with this claim?" not in page.text
    download = client.get(f"/cases/{case.reference}/attachments/{attachment.id}")
    assert download.status_code == 200 and download.content == PDF
    assert f"/cases/{case.reference}/attachments/{attachment.id}" in page.text


def test_one_claim_line_can_be_disputed_and_the_rest_still_paid(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = factories.case(db, principal_minor=10_000)
    fee = ClaimLine(
        case_id=case.id, kind="reminder_fee", description="Reminder fee", due_on=factories.TODAY, amount_minor=500
    )
    db.add(fee)
    db.flush()
    sign_in(client, db, settings, case)
    assert file(client, case, {**FORM, "reason": "amount_wrong", "target": str(fee.id)}).status_code == 303
    (dispute,) = disputes(db, case)
    assert dispute.claim_line_id == fee.id
    page = client.get(f"/cases/{case.reference}").text
    assert "you disputed “Reminder fee”" in page and "You can still pay the part you do not dispute." in page


def test_i_cannot_pay_is_guided_to_paying_over_time_and_files_nothing(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = fi_case(db)
    sign_in(client, db, settings, case)
    response = file(client, case, {**FORM, "reason": "cannot_pay"})
    assert response.status_code == 200
    assert "Not being able to pay is not a reason to dispute a claim" in response.text
    assert "Go back to the dispute form" in response.text
    db.refresh(case)
    assert disputes(db, case) == [] and not case.is_disputed


@pytest.mark.parametrize(
    ("data", "files", "message"),
    [
        ({**FORM, "reason": ""}, [], "Valitse, mikä saatavassa on väärin."),
        ({**FORM, "explanation": ""}, [], "Kerro omin sanoin, mikä on väärin."),
        (FORM, [("kuitti.pdf", b"<html><script>alert(1)</script></html>")], "kuitti.pdf"),
        (FORM, [("kuva.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')], "kuva"),
        (FORM, [("../../etc/passwd.pdf", b"root:x:0:0")], "passwd"),
    ],
)
def test_bad_input_is_refused_in_the_debtors_language_and_changes_nothing(
    client: TestClient,
    db: Session,
    settings: Settings,
    data: dict[str, str],
    files: list[tuple[str, bytes]],
    message: str,
) -> None:
    case = fi_case(db)
    sign_in(client, db, settings, case, language="fi")
    response = file(client, case, data, files)
    assert response.status_code == 400
    assert "Mitään ei lähetetty." in response.text
    assert message in response.text
    assert "../" not in response.text.split("<main", 1)[1]
    db.refresh(case)
    assert disputes(db, case) == [] and not case.is_disputed
    assert db.exec(select(WorkItem).where(WorkItem.case_id == case.id)).all() == []
    assert not settings.attachments_dir.exists() or list(settings.attachments_dir.iterdir()) == []


def test_a_second_dispute_of_the_same_thing_is_refused(client: TestClient, db: Session, settings: Settings) -> None:
    case = fi_case(db)
    sign_in(client, db, settings, case)
    assert file(client, case, FORM).status_code == 303
    again = file(client, case, FORM)
    assert again.status_code == 400 and "You have already disputed this." in again.text
    assert len(disputes(db, case)) == 1


def test_another_debtor_cannot_open_or_file_a_dispute_on_my_case(
    client: TestClient, db: Session, settings: Settings
) -> None:
    mine, theirs = fi_case(db), fi_case(db)
    sign_in(client, db, settings, mine)
    assert client.get(f"/cases/{theirs.reference}/dispute").status_code == 404
    token = csrf_token(client, f"/cases/{mine.reference}/dispute")
    response = client.post(f"/cases/{theirs.reference}/dispute", data={"csrf_token": token, **FORM})
    assert response.status_code == 404 and disputes(db, theirs) == []


def _filed(client: TestClient, db: Session, settings: Settings, case: Case) -> Dispute:
    sign_in(client, db, settings, case)
    assert file(client, case, FORM).status_code == 303
    client.cookies.clear()
    (dispute,) = disputes(db, case)
    return dispute


def test_an_agent_upholds_a_dispute_by_a_credit_note_and_collection_ends(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = fi_case(db)
    dispute = _filed(client, db, settings, case)
    sign_in_staff(client, staff_user(db, "agent"))
    page = client.get(f"/staff/disputes/{dispute.id}")
    assert page.status_code == 200 and "I paid this invoice on 3 October" in page.text
    response = post_form(
        client,
        f"/staff/disputes/{dispute.id}/uphold",
        {"amount": "200,00", "text": "Payment found."},
        form_page=f"/staff/disputes/{dispute.id}",
    )
    assert response.status_code == 303
    db.refresh(dispute)
    db.refresh(case)
    assert dispute.state == "upheld" and dispute.decision_text == "Payment found."
    credit = db.exec(select(LedgerEntry).where(LedgerEntry.case_id == case.id)).one()
    assert (credit.kind, credit.amount_minor, credit.source) == ("credit_note", 20_000, "dispute")
    assert not case.is_disputed
    item = db.get(WorkItem, dispute.work_item_id)
    assert item is not None and item.state == "closed"
    kinds = db.exec(select(CaseEvent.kind).where(CaseEvent.case_id == case.id)).all()
    assert "dispute_upheld" in kinds and "credit_note_received" in kinds
    again = post_form(
        client, f"/staff/disputes/{dispute.id}/reject", {"text": "No."}, form_page=f"/staff/disputes/{dispute.id}"
    )
    assert again.status_code == 404 or "already been decided" in again.text


def test_an_agent_rejects_with_reasons_and_collection_resumes_with_the_days_given_back(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = fi_case(db)
    dispute = _filed(client, db, settings, case)
    dispute.frozen_on = factories.TODAY.replace(day=1) if factories.TODAY.day > 5 else factories.TODAY
    db.flush()
    sign_in_staff(client, staff_user(db, "agent"))
    refused = post_form(
        client, f"/staff/disputes/{dispute.id}/reject", {"text": " "}, form_page=f"/staff/disputes/{dispute.id}"
    )
    assert refused.status_code == 400 and "Please write the reason for the decision." in refused.text
    db.refresh(dispute)
    assert dispute.state == "open"
    response = post_form(
        client,
        f"/staff/disputes/{dispute.id}/reject",
        {"text": "The invoice is unpaid."},
        form_page=f"/staff/disputes/{dispute.id}",
    )
    assert response.status_code == 303
    db.refresh(case)
    db.refresh(dispute)
    assert dispute.state == "rejected" and not case.is_disputed
    assert case.paused_days == (factories.TODAY - dispute.frozen_on).days
    ensure_allowed(db, case, Action.PAYMENT_DEMAND, today=factories.TODAY)
    (message,) = db.exec(select(Message).where(Message.dispute_id == dispute.id)).all()
    assert "The invoice is unpaid." in message.body
    assert "given back to you in full" in message.body  # the debtor's language: English here
    notice = db.exec(select(OutboxMessage).where(OutboxMessage.dedupe_key == f"message:{message.id}")).one()
    assert "The invoice is unpaid." not in notice.body_text  # a notification never carries the content
    client.cookies.clear()
    sign_in(client, db, settings, case)
    page = client.get(f"/cases/{case.reference}").text
    assert "We did not agree with your dispute" in page and "The invoice is unpaid." in page
    assert "Something wrong with this claim? Dispute it" in page


def test_a_creditor_user_reads_their_own_disputes_only_and_cannot_decide(
    client: TestClient, db: Session, settings: Settings
) -> None:
    case = fi_case(db)
    dispute = _filed(client, db, settings, case)
    other = staff_user(db, "creditor")
    own = staff_user(db, "creditor", creditor_id=case.creditor_id)
    sign_in_staff(client, other)
    assert client.get(f"/staff/disputes/{dispute.id}").status_code == 404
    client.cookies.clear()
    sign_in_staff(client, own)
    page = client.get(f"/staff/disputes/{dispute.id}")
    assert page.status_code == 200 and "Uphold the dispute" not in page.text
    token = csrf_token(client, f"/staff/disputes/{dispute.id}")
    response = client.post(f"/staff/disputes/{dispute.id}/reject", data={"csrf_token": token, "text": "No."})
    assert response.status_code == 403
    db.refresh(dispute)
    assert dispute.state == "open"


def test_an_agent_asks_for_more_and_the_debtor_sees_it(client: TestClient, db: Session, settings: Settings) -> None:
    case = fi_case(db)
    dispute = _filed(client, db, settings, case)
    sign_in_staff(client, staff_user(db, "agent"))
    response = post_form(
        client,
        f"/staff/disputes/{dispute.id}/ask",
        {"question": "Please send the bank statement."},
        form_page=f"/staff/disputes/{dispute.id}",
    )
    assert response.status_code == 303
    db.refresh(dispute)
    assert dispute.info_requested_at is not None and dispute.state == "open"
    client.cookies.clear()
    sign_in(client, db, settings, case)
    assert "We have asked you for more information." in client.get(f"/cases/{case.reference}").text
