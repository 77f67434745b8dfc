"""Which files may be kept (by their first bytes, never their name) and the names they are shown with."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.attachments.files import (
    MAX_FILENAME,
    Refusal,
    clean_filename,
    count_refusal,
    file_refusal,
    sniff,
)

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
LIMIT = 5 * 1024 * 1024


@pytest.mark.parametrize(
    "head,expected",
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (b"<!DOCTYPE html><script>alert(1)</script>", None),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', None),
        (b"<?xml version='1.0'?><svg/>", None),
        (b"PK\x03\x04\x14\x00", None),  # zip, docx
        (b"#!/bin/sh\nrm -rf /", None),
        (b"MZ\x90\x00", None),  # a Windows program
        (b"GIF89a", None),
        (b" %PDF-1.4", None),  # the mark must be at the very start
        (b"%PDF", None),  # cut short
        (b"\x89PNG\r\n", None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_the_type_comes_from_the_first_bytes(head: bytes, expected: str | None) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize(
    "head,size,expected",
    [
        (PDF, 1_000, None),
        (JPEG, LIMIT, None),
        (PNG, LIMIT + 1, Refusal.TOO_LARGE),
        (b"", 0, Refusal.EMPTY),
        (b"<html>", 100, Refusal.NOT_ALLOWED_TYPE),
        (b"<html>", LIMIT + 1, Refusal.TOO_LARGE),  # size first: a huge file is never sniffed further
    ],
)
def test_file_refusals(head: bytes, size: int, expected: Refusal | None) -> None:
    assert file_refusal(head, size, max_bytes=LIMIT) == expected


@pytest.mark.parametrize("count,expected", [(0, None), (5, None), (6, Refusal.TOO_MANY)])
def test_how_many_files(count: int, expected: Refusal | None) -> None:
    assert count_refusal(count, max_files=5) == expected


@pytest.mark.parametrize(
    "name,content_type,expected",
    [
        ("invoice.pdf", "application/pdf", "invoice.pdf"),
        ("Invoice.PDF", "application/pdf", "Invoice.pdf"),
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini", "application/pdf", "win.pdf"),
        ("C:\\Users\\mari\\scan 1.jpeg", "image/jpeg", "scan 1.jpeg"),
        ("photo.JPG", "image/jpeg", "photo.jpg"),
        ("photo.png", "image/jpeg", "photo.jpg"),  # named PNG, but its bytes are JPEG
        ("report.html", "application/pdf", "report.pdf"),
        ("payload.svg", "image/png", "payload.png"),
        ("archive.tar.gz", "application/pdf", "archive.tar.pdf"),
        ("noextension", "image/png", "noextension.png"),
        (".htaccess", "application/pdf", "htaccess.pdf"),
        ("...", "application/pdf", "attachment.pdf"),
        ("", "application/pdf", "attachment.pdf"),
        (None, "image/png", "attachment.png"),
        ("a\x00b\r\nc.pdf", "application/pdf", "ab c.pdf"),
        ("evil\u202efdp.exe", "application/pdf", "evilfdp.pdf"),  # no right-to-left trick
        ('a<b>:"c"|?*.pdf', "application/pdf", "a_b___c____.pdf"),
        ("Arve   nr\t7.pdf", "application/pdf", "Arve nr 7.pdf"),
        ("Õunapuu ärikiri.pdf", "application/pdf", "Õunapuu ärikiri.pdf"),
        ("x" * 300 + ".pdf", "application/pdf", "x" * (MAX_FILENAME - 4) + ".pdf"),
        ("../../etc/passwd", None, "passwd"),  # a refused file is named as it was sent, path removed
        ("page.html", None, "page.html"),
    ],
)
def test_clean_filename(name: str | None, content_type: str | None, expected: str) -> None:
    assert clean_filename(name, content_type) == expected


TYPES = st.sampled_from(["application/pdf", "image/jpeg", "image/png"])


@given(st.text(max_size=400), TYPES)
def test_a_cleaned_name_is_always_safe(name: str, content_type: str) -> None:
    cleaned = clean_filename(name, content_type)
    assert 1 <= len(cleaned) <= MAX_FILENAME
    assert "/" not in cleaned and "\\" not in cleaned
    assert not cleaned.startswith(".") and not cleaned.startswith(" ")
    assert not any(unicodedata.category(char).startswith("C") for char in cleaned)
    assert cleaned.lower().endswith(
        {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}[content_type]
    )
    assert len(cleaned) > 4  # never just an extension


@given(st.text(max_size=400), st.one_of(st.none(), TYPES))
def test_cleaning_twice_changes_nothing(name: str, content_type: str | None) -> None:
    once = clean_filename(name, content_type)
    assert clean_filename(once, content_type) == once


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="/\\"), max_size=20), min_size=1, max_size=6))
def test_only_the_last_path_part_is_kept(parts: list[str]) -> None:
    path = "/".join(parts)
    assert clean_filename(path, "application/pdf") == clean_filename(parts[-1], "application/pdf")
