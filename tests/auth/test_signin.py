"""Signing in from a link or a typed code: second factor, sessions, lock-outs and the same answer for every failure."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.audit.models import AuditRecord
from portal.auth.models import DebtorSession, SignInAttempt, SignInLink
from portal.auth.service import issue_link
from portal.config import Settings
from portal.db import utcnow
from tests import factories
from tests.pages import main_text, post_form

DOB = {"day": "12", "month": "3", "year": "1985"}
WRONG_DOB = {"day": "13", "month": "3", "year": "1985"}


def _link(db: Session, settings: Settings, language: str = "en", **case_overrides: object) -> tuple[str, str, object]:
    case = factories.case(db, **case_overrides)
    issued = issue_link(db, case, channel="letter", language=language, now=utcnow(), settings=settings)
    return issued.url.removeprefix(settings.base_url), issued.code, case


def test_opening_the_link_signs_nobody_in_and_consumes_nothing(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings)
    for _ in range(3):  # link scanners and a person may open it several times
        page = client.get(path)
        assert page.status_code == 200
        assert 'name="day"' in page.text
    assert db.exec(select(DebtorSession)).all() == []
    assert client.get("/cases").status_code == 401
    assert post_form(client, path, DOB).status_code == 303


def test_link_page_speaks_the_notice_language_unless_the_person_chose_another(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings, language="fi")
    assert 'lang="fi"' in client.get(path).text
    client.cookies.set("accord_lang", "ro")
    assert 'lang="ro"' in client.get(path).text


def test_right_date_of_birth_opens_a_server_side_session(client: TestClient, db: Session, settings: Settings) -> None:
    path, _, case = _link(db, settings)
    response = post_form(client, path, DOB)
    assert response.status_code == 303 and response.headers["location"] == "/cases"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("__Host-accord_session="))
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    token = cookie.split("=", 1)[1].split(";")[0]
    assert len(token) >= 43
    stored = db.exec(select(DebtorSession)).one()
    assert stored.token_hash != token and stored.debtor_id == case.debtor_id  # type: ignore[attr-defined]
    assert client.get("/cases").status_code == 200
    actions = [r.action for r in db.exec(select(AuditRecord)).all()]
    assert "signin.succeeded" in actions and "cases.list" in actions


def test_every_sign_in_gets_a_new_session_id(client: TestClient, db: Session, settings: Settings) -> None:
    path, _, _ = _link(db, settings)
    first = post_form(client, path, DOB).cookies.get("__Host-accord_session")
    second = post_form(client, path, DOB).cookies.get("__Host-accord_session")
    assert first and second and first != second


def test_unknown_expired_and_wrong_factor_get_the_same_answer(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings)
    expired_path, _, _ = _link(db, settings)
    newest = db.exec(select(SignInLink).order_by(SignInLink.id.desc())).first()  # type: ignore[union-attr]
    newest.expires_at = utcnow() - timedelta(minutes=1)  # type: ignore[union-attr]
    db.flush()
    answers = [
        post_form(client, path, WRONG_DOB),
        post_form(client, "/l/AAAAAAAAAAAAAAAAAAAAAA", DOB),
        post_form(client, expired_path, DOB),
    ]
    assert {a.status_code for a in answers} == {400}
    texts = {main_text(a) for a in answers}
    assert len(texts) == 1, "the answers differ and would tell an attacker why"
    assert "We could not confirm your details" in answers[0].text
    assert db.exec(select(DebtorSession)).all() == []


def test_five_wrong_answers_pause_the_link_even_for_the_right_answer(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings)
    statuses = [post_form(client, path, WRONG_DOB).status_code for _ in range(settings.signin_failures_per_subject)]
    assert statuses[-1] == 429 and statuses[:-1] == [400] * (settings.signin_failures_per_subject - 1)
    locked = post_form(client, path, DOB)
    assert locked.status_code == 429
    assert "paused sign-in until" in locked.text
    assert db.exec(select(DebtorSession)).all() == []


def test_guessing_tokens_from_one_address_hits_the_address_limit(
    client: TestClient, db: Session, settings: Settings
) -> None:
    codes = []
    for n in range(settings.signin_failures_per_address):
        codes.append(post_form(client, f"/l/guess{n:017d}", DOB).status_code)
    assert codes[-1] == 429
    path, _, _ = _link(db, settings)
    assert post_form(client, path, DOB).status_code == 429
    assert len(db.exec(select(SignInAttempt)).all()) == settings.signin_failures_per_address


def test_typed_reference_and_code_sign_in(client: TestClient, db: Session, settings: Settings) -> None:
    _, code, case = _link(db, settings)
    form = {"reference": case.reference[:2] + "-" + case.reference[2:], "code": code.lower(), **DOB}  # type: ignore[attr-defined]
    assert post_form(client, "/sign-in", form).status_code == 303
    assert client.get("/cases").status_code == 200


def test_typed_code_refused_when_wrong(client: TestClient, db: Session, settings: Settings) -> None:
    _, code, case = _link(db, settings)
    wrong = "0000000000" if code.replace("-", "") != "0000000000" else "1111111111"
    response = post_form(client, "/sign-in", {"reference": case.reference, "code": wrong, **DOB})  # type: ignore[attr-defined]
    assert response.status_code == 400 and "We could not confirm your details" in response.text


def test_company_signs_in_with_its_registry_code(client: TestClient, db: Session, settings: Settings) -> None:
    company = factories.debtor(db, kind="company", name="Firma OÜ", national_id="12345603", birth_date=None)
    path, _, _ = _link(db, settings, debtor_row=company)
    page = client.get(path)
    assert 'name="factor_text"' in page.text and 'name="day"' not in page.text
    assert post_form(client, path, {"factor_text": "1234 5603"}).status_code == 303


def test_form_without_csrf_token_is_refused_and_changes_nothing(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings)
    client.get(path)
    response = client.post(path, data=DOB)
    assert response.status_code == 403
    forged = client.post(path, data={**DOB, "csrf_token": "0" * 64})
    assert forged.status_code == 403
    assert db.exec(select(SignInAttempt)).all() == [] and db.exec(select(DebtorSession)).all() == []


def test_sign_out_ends_the_session(client: TestClient, db: Session, settings: Settings) -> None:
    path, _, _ = _link(db, settings)
    post_form(client, path, DOB)
    assert post_form(client, "/sign-out", {}, form_page="/cases").status_code == 303
    assert client.get("/cases").status_code == 401
    assert db.exec(select(DebtorSession)).one().ended_at is not None


def test_idle_and_absolute_timeouts(client: TestClient, db: Session, settings: Settings) -> None:
    path, _, _ = _link(db, settings)
    post_form(client, path, DOB)
    stored = db.exec(select(DebtorSession)).one()
    stored.last_seen_at = utcnow() - timedelta(minutes=settings.session_idle_minutes + 1)
    db.flush()
    ended = client.get("/cases")
    assert ended.status_code == 401 and "Please sign in again" in ended.text
    post_form(client, path, DOB)
    newest = db.exec(select(DebtorSession).order_by(DebtorSession.id.desc())).first()  # type: ignore[union-attr]
    newest.expires_at = utcnow() - timedelta(seconds=1)  # type: ignore[union-attr]
    db.flush()
    assert client.get("/cases").status_code == 401


def test_the_notice_language_stays_after_sign_in_unless_one_was_chosen(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings, language="fi")
    response = post_form(client, path, DOB)
    assert response.cookies.get("accord_lang") == "fi"
    assert 'lang="fi"' in client.get("/cases").text
    client.cookies.set("accord_lang", "ro")
    response = post_form(client, path, DOB)
    assert "accord_lang" not in response.cookies
    assert 'lang="ro"' in client.get("/cases").text


def test_failures_on_one_case_add_up_across_its_link_and_its_typed_code(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, code, case = _link(db, settings)
    wrong = "ZZZZZZZZZZ" if code.replace("-", "") != "ZZZZZZZZZZ" else "YYYYYYYYYY"
    for _ in range(settings.signin_failures_per_subject):
        post_form(client, "/sign-in", {"reference": case.reference, "code": wrong, **DOB})  # type: ignore[attr-defined]
    assert post_form(client, path, DOB).status_code == 429
    attempts = db.exec(select(SignInAttempt)).all()
    assert {a.case_id for a in attempts} == {case.id}  # type: ignore[attr-defined]


def test_answers_to_the_link_form_stay_in_the_notice_language(
    client: TestClient, db: Session, settings: Settings
) -> None:
    path, _, _ = _link(db, settings, language="ro")
    malformed = post_form(client, path, {"day": "31", "month": "2", "year": "1985"})
    assert malformed.status_code == 400 and 'lang="ro"' in malformed.text
    refused = post_form(client, path, WRONG_DOB)
    assert refused.status_code == 400 and 'lang="ro"' in refused.text
