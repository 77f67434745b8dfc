"""The i18n gate: catalogs match the code's strings, and every language is complete, not fuzzy, placeholder-true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.config import PROJECT_ROOT
from portal.i18n import LANGUAGES

LOCALES = PROJECT_ROOT / "locales"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _ids(path: Path) -> set[str]:
    with path.open("rb") as fp:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fp) if m.id}


def test_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--mapping-file=babel.cfg",
            f"--output-file={fresh}",
            "--no-location",
            "--sort-output",
            ".",
        ],
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    code, committed = _ids(fresh), _ids(LOCALES / "messages.pot")
    assert not code - committed, (
        f"strings missing from the catalogs, run `make extract`: {sorted(code - committed)[:10]}"
    )
    assert not committed - code, f"stale strings in the catalogs, run `make extract`: {sorted(committed - code)[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_is_complete(language: str) -> None:
    path = LOCALES / language / "LC_MESSAGES" / "messages.po"
    assert _ids(path) == _ids(LOCALES / "messages.pot"), f"{language} catalog differs from the template"
    with path.open("rb") as fp:
        catalog = read_po(fp)
    assert not catalog.fuzzy, f"{language}: the catalog header is fuzzy, so nothing would be compiled"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]}")
        for text in strings:
            if not text:
                problems.append(f"untranslated: {ids[0]}")
            elif set(PLACEHOLDER.findall(text)) - wanted or (
                len(ids) == 1 and set(PLACEHOLDER.findall(text)) != wanted
            ):
                problems.append(f"placeholders differ: {ids[0]} -> {text}")
    assert not problems, f"{language}: " + "\n".join(problems[:20])


def test_romanian_uses_comma_below_diacritics() -> None:
    text = (LOCALES / "ro" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert not set("şţŞŢ") & set(text)
