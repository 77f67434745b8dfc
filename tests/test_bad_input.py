"""Bad input gets a clear, localised page and changes nothing — never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from portal.auth.models import SignInAttempt
from tests.pages import csrf_token, post_form


@pytest.mark.parametrize(
    "path",
    [
        "/l/",
        "/l/%00",
        "/l/" + "A" * 5000,
        "/l/../../etc/passwd",
        "/l/<script>",
        "/nope",
        "/cases/",
        "/static/../../pyproject.toml",
    ],
)
def test_malformed_paths(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 307, 404), path
    if response.status_code == 307:
        assert response.headers["location"].startswith(("/", "https://testserver/"))
    else:
        assert "<html" in response.text or response.status_code == 404


@pytest.mark.parametrize(
    "day,month,year,message",
    [
        ("31", "2", "1985", "This is not a date that exists"),
        ("1", "1", "1066", "Check the year"),
        ("1", "1", "2999", "Check the year"),
        ("x", "y", "z", "This is not a date that exists"),
        ("", "", "", "Please fill in this field"),
        ("99999", "1", "1990", "This is not a date that exists"),
    ],
)
def test_absurd_dates_get_a_message_and_are_not_counted(
    client: TestClient, db: Session, day: str, month: str, year: str, message: str
) -> None:
    response = post_form(client, "/l/AAAAAAAAAAAAAAAAAAAAAA", {"day": day, "month": month, "year": year})
    assert response.status_code == 400
    assert message in response.text
    assert db.exec(select(SignInAttempt)).all() == []


def test_messages_are_localised(client: TestClient) -> None:
    client.cookies.set("accord_lang", "fi")
    response = post_form(client, "/l/AAAAAAAAAAAAAAAAAAAAAA", {"day": "31", "month": "2", "year": "1985"})
    assert response.status_code == 400 and 'lang="fi"' in response.text
    assert "This is not a date that exists" not in response.text


def test_huge_form_fields(client: TestClient, db: Session) -> None:
    token = csrf_token(client, "/sign-in")
    big = client.post("/sign-in", data={"csrf_token": token, "reference": "E" * 100_000})
    assert big.status_code == 413 and "too large" in big.text
    long = client.post("/sign-in", data={"csrf_token": token, "reference": "E" * 3_000, "code": "x"})
    assert long.status_code == 400
    assert db.exec(select(SignInAttempt)).all() == []


def test_unknown_language_code(client: TestClient) -> None:
    response = client.get("/lang/xx?next=/verify")
    assert response.status_code == 404
    assert "We do not have that language" in response.text


def test_language_switch_never_redirects_elsewhere(client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.get("/lang/et", params={"next": target})
        assert response.status_code == 303 and response.headers["location"] == "/"
    assert client.get("/lang/et", params={"next": "/verify"}).headers["location"] == "/verify"


def test_security_headers_on_every_page(client: TestClient) -> None:
    for path in ("/", "/verify", "/sign-in", "/nope"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "object-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["cache-control"] == "no-store"
        assert "server" not in headers
