"""Translations that show which language a text was written in, before the catalogs have the new sentences."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal import i18n


class Marked:
    def __init__(self, language: str) -> None:
        self.language = language

    def ugettext(self, message: str) -> str:
        return f"[{self.language}] {message}"

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return f"[{self.language}] {singular if n == 1 else plural}"


@pytest.fixture
def marked_languages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(i18n, "translations", Marked)
    yield
