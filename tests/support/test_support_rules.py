"""Reading what a debtor tells us, the grace days we promise, and where the packs send people for advice."""

from __future__ import annotations

from datetime import date

import pytest

from portal.rules import pack_for
from portal.support.advice import advice_for
from portal.support.needs import MAX_NOTE, Telling, grace_days, parse_telling

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("kinds", "note", "expected"),
    [
        (["illness"], "", Telling(("illness",), None)),
        (["job_loss", "illness", "job_loss"], "  ", Telling(("illness", "job_loss"), None)),
        (["reading_help"], " Please call my daughter. ", Telling(("reading_help",), "Please call my daughter.")),
        (["other"], "x" * MAX_NOTE, Telling(("other",), "x" * MAX_NOTE)),
    ],
)
def test_a_telling_is_read(kinds: list[str], note: str, expected: Telling) -> None:
    assert parse_telling(kinds, note) == (expected, {})


@pytest.mark.parametrize(
    ("kinds", "note", "errors"),
    [
        ([], "I am ill", {"kinds": "choose_kind"}),
        (["illness", "debt"], "", {"kinds": "choose_kind"}),
        (["<script>"], "", {"kinds": "choose_kind"}),
        (["illness"], "x" * (MAX_NOTE + 1), {"note": "too_long"}),
        ([], "x" * (MAX_NOTE + 1), {"kinds": "choose_kind", "note": "too_long"}),
    ],
)
def test_a_bad_telling_is_refused(kinds: list[str], note: str, errors: dict[str, str]) -> None:
    assert parse_telling(kinds, note) == (None, errors)


def test_grace_days_come_from_the_packs_and_are_marked_as_policy() -> None:
    assert grace_days([pack_for("EE"), pack_for("FI"), pack_for("RO")], TODAY) == 30
    assert grace_days([], TODAY) is None
    for country in ("EE", "FI", "RO"):
        figure = pack_for(country).figure("support_grace_days", TODAY)
        assert (figure.unit, figure.status, figure.sources) == ("days", "U", ())
        assert "agency policy; configure" in (figure.note or "").lower()


def test_finland_has_confirmed_free_debt_advice() -> None:
    advice = advice_for(pack_for("FI"), TODAY)
    assert advice.advice is not None and advice.complaints is None
    assert (advice.advice.name, advice.advice.url) == (
        "Talous- ja velkaneuvonta",
        "https://oikeus.fi/talousjavelkaneuvonta/",
    )
    assert advice.advice.is_confirmed
    sources = pack_for("FI").figure("debt_advice_name", TODAY).sources
    assert sources == ("https://oikeus.fi/talousjavelkaneuvonta/fi/index/laskutmyohassa/velkojenvanhentuminen.html",)


def test_estonia_is_unconfirmed_and_has_no_address() -> None:
    advice = advice_for(pack_for("EE"), TODAY).advice
    assert advice is not None and advice.url is None and not advice.is_confirmed
    assert "võlanõustamisteenus" in advice.name


def test_romania_has_a_complaint_body_and_no_advice() -> None:
    advice = advice_for(pack_for("RO"), TODAY)
    assert advice.advice is None
    assert advice.complaints is not None and advice.complaints.url == "https://anpc.ro"
    assert "ANPC" in advice.complaints.name and not advice.complaints.is_confirmed
    note = pack_for("RO").figure("consumer_complaints_name", TODAY).note or ""
    assert "complaint body, not debt advice" in note
