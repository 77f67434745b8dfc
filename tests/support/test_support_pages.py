"""Telling us what makes paying hard: one work item per telling, no details on the timeline, staff end a need."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.cases.models import Case, CaseEvent
from portal.config import Settings
from portal.debtors.models import Debtor
from portal.support.models import SupportNeed
from portal.support.service import active_support_needs, is_vulnerable
from portal.work.models import WorkItem
from portal.work.types import work_type
from tests import factories
from tests.cases.test_case_pages import sign_in
from tests.pages import csrf_token, post_form
from tests.staff.helpers import sign_in_staff, staff_user

NOTE = "My husband died in October and I handle the bills alone now."


def tell(client: TestClient, kinds: list[str], note: str = "") -> object:
    token = csrf_token(client, "/support")
    return client.post("/support", data={"csrf_token": token, "kinds": kinds, "note": note})


def items(db: Session) -> list[WorkItem]:
    return list(db.exec(select(WorkItem).where(WorkItem.kind == "support_review")).all())


@pytest.fixture
def case(db: Session) -> Case:
    return factories.case(db)


def test_signed_out_the_page_is_refused(client: TestClient) -> None:
    assert client.get("/support").status_code == 401


def test_telling_creates_one_work_item_needs_and_events_without_details(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    debtor_id = case.debtor_id
    person = db.get(Debtor, debtor_id)
    other_open = factories.case(db, debtor_row=person)
    closed = factories.case(db, debtor_row=person, closed_on=factories.TODAY)
    sign_in(client, db, settings, case)
    assert not is_vulnerable(db, debtor_id)

    response = tell(client, ["job_loss", "bereavement"], NOTE)
    assert response.status_code == 303 and response.headers["location"] == "/support?told=1"  # type: ignore[attr-defined]
    (item,) = items(db)
    assert (item.priority, item.state, item.due_at - item.created_at) == (1, "open", timedelta(days=1))
    assert work_type(item.kind).queue == "review"
    assert item.case_id in (case.id, other_open.id) and NOTE not in item.summary and NOTE not in str(item.data)
    needs = active_support_needs(db, debtor_id)
    assert [need.kind for need in needs] == ["bereavement", "job_loss"]
    assert {need.work_item_id for need in needs} == {item.id}
    assert [need.note for need in needs] == [NOTE, None], "the note is kept once"
    assert is_vulnerable(db, debtor_id)
    told = db.exec(select(CaseEvent).where(CaseEvent.kind == "support_need_told")).all()
    assert sorted(event.case_id for event in told) == sorted([case.id, other_open.id])  # type: ignore[type-var]
    assert closed.id not in {event.case_id for event in told}
    assert all(event.data == {} for event in told), "no details on the timeline"
    (audit,) = db.exec(select(AuditRecord).where(AuditRecord.action == "support.told")).all()
    assert audit.detail["kinds"] == ["bereavement", "job_loss"] and NOTE not in str(audit.detail)

    page = client.get("/support?told=1").text
    assert "Thank you for telling us." in page and "Someone close to me has died" in page
    assert "You told us that something makes paying hard." in client.get(f"/cases/{case.reference}").text

    tell(client, ["other"])
    assert len(items(db)) == 2, "each telling is one work item"
    assert len(active_support_needs(db, debtor_id)) == 3


@pytest.mark.parametrize(
    ("kinds", "note", "message"),
    [
        ([], "I cannot pay", "Please choose at least one thing from the list."),
        (["debt"], "", "Please choose at least one thing from the list."),
        (["illness"], "x" * 1001, "What you wrote can be at most 1000 characters long."),
    ],
)
def test_bad_input_creates_nothing(
    client: TestClient, db: Session, settings: Settings, case: Case, kinds: list[str], note: str, message: str
) -> None:
    sign_in(client, db, settings, case)
    response = tell(client, kinds, note)
    assert response.status_code == 400 and message in response.text  # type: ignore[attr-defined]
    assert items(db) == [] and db.exec(select(SupportNeed)).all() == []
    assert db.exec(select(CaseEvent).where(CaseEvent.kind == "support_need_told")).all() == []


def test_the_page_promises_what_happens_and_shows_advice_for_each_country(
    client: TestClient, db: Session, settings: Settings
) -> None:
    person = factories.debtor(db, address_country="EE")
    fi = factories.creditor(db, country="FI", reference_scheme="fi_viite")
    ro = factories.creditor(db, country="RO", currency="RON", reference_scheme="ro_creditor")
    first = factories.case(db, debtor_row=person, creditor_row=fi, stage="payment_demand")
    factories.case(db, debtor_row=person, creditor_row=ro, stage="amicable")
    sign_in(client, db, settings, first)
    page = client.get("/support").text
    assert "we do not phone you about your debts" in page and "at least 30 more days" in page
    assert "You do not need to tell us about your health or give any medical details." in page
    advice = page.split('id="advice"', 1)[1]
    assert '<a href="https://oikeus.fi/talousjavelkaneuvonta/">Talous- ja velkaneuvonta</a>' in advice
    assert "Autoritatea Națională pentru Protecția Consumatorilor (ANPC)" in advice
    assert "it does not give debt advice" in advice and "https://anpc.ro" in advice
    assert "võlanõustamisteenus" in advice, "where they live counts too"
    assert advice.count("We have not yet confirmed this information.") == 2  # EE and RO, not FI
    assert advice.index("Finland") < advice.index("Romania") < advice.index("Estonia")


def test_the_case_pages_link_to_the_support_page(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    sign_in(client, db, settings, case)
    assert 'href="/support"' in client.get("/cases").text
    assert 'href="/support"' in client.get(f"/cases/{case.reference}").text


def test_staff_see_the_flags_and_end_a_need(client: TestClient, db: Session, settings: Settings, case: Case) -> None:
    sign_in(client, db, settings, case)
    tell(client, ["illness"], NOTE)
    client.cookies.clear()
    agent = staff_user(db, "agent")
    sign_in_staff(client, agent)
    page = client.get(f"/staff/cases/{case.reference}").text
    debtor_section = page.split('id="debtor"', 1)[1].split('id="work"', 1)[0]
    assert "The debtor told us that something makes paying hard" in debtor_section
    assert "Illness" in debtor_section and NOTE in debtor_section
    assert "Letter by post" in debtor_section, "the preferred channel"
    (need,) = active_support_needs(db, case.debtor_id)
    response = post_form(
        client, f"/staff/cases/{case.reference}/support/{need.id}/end", {}, form_page=f"/staff/cases/{case.reference}"
    )
    assert response.status_code == 303
    db.refresh(need)
    assert need.ended_at is not None and not is_vulnerable(db, case.debtor_id)
    (ended,) = db.exec(select(CaseEvent).where(CaseEvent.kind == "support_need_ended")).all()
    assert ended.case_id == case.id and ended.actor_kind == "staff" and ended.data == {}
    (audit,) = db.exec(select(AuditRecord).where(AuditRecord.action == "staff.case.support_ended")).all()
    assert audit.debtor_id == case.debtor_id and audit.actor_id == agent.id
    assert "makes paying hard" not in client.get(f"/staff/cases/{case.reference}").text.split('id="work"', 1)[0]


def test_another_debtors_need_cannot_be_ended_from_this_case(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    other = factories.case(db)
    db.add(SupportNeed(debtor_id=other.debtor_id, kind="illness"))
    db.flush()
    (need,) = db.exec(select(SupportNeed)).all()
    sign_in_staff(client, staff_user(db, "agent"))
    path = f"/staff/cases/{case.reference}/support/{need.id}/end"
    response = post_form(client, path, {}, form_page=f"/staff/cases/{case.reference}")
    assert response.status_code == 404
    db.refresh(need)
    assert need.ended_at is None


def test_creditor_users_see_that_support_was_asked_but_no_details(
    client: TestClient, db: Session, settings: Settings, case: Case
) -> None:
    db.add(SupportNeed(debtor_id=case.debtor_id, kind="illness", note=NOTE))
    db.flush()
    (need,) = db.exec(select(SupportNeed)).all()
    sign_in_staff(client, staff_user(db, "creditor", creditor_id=case.creditor_id))
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "The debtor told us that something makes paying hard" in page
    assert "Illness" not in page and NOTE not in page and "/support/" not in page
    path = f"/staff/cases/{case.reference}/support/{need.id}/end"
    assert post_form(client, path, {}, form_page=f"/staff/cases/{case.reference}").status_code == 403
    db.refresh(need)
    assert need.ended_at is None
