"""Helpers for driving the pages through the test client like a browser would."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from httpx2 import Response


def csrf_token(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client: TestClient, path: str, data: dict[str, str], *, form_page: str | None = None) -> Response:
    token = csrf_token(client, form_page or path)
    return client.post(path, data={"csrf_token": token, **data})


def main_text(response: Response) -> str:
    """The page's <main> without tokens, to compare what two answers say."""
    body = response.text.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r'value="[^"]*"', "", re.sub(r"/l/[A-Za-z0-9_\-%]+", "/l/…", body))
