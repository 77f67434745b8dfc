"""Rule packs: loading, validation of broken packs, and picking the figure version in force on a date."""

import re
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from portal.rules import RulePackError, bundled_packs, load_packs, pack_for
from portal.rules.codes import STAGE_CODES, STATUSES
from portal.rules.pack import PACKS_DIR

EE_TOML = (PACKS_DIR / "ee.toml").read_text(encoding="utf-8")


def test_bundled_packs_load_with_country_settings() -> None:
    packs = load_packs()
    assert dict(bundled_packs()).keys() == packs.keys()
    assert {country: (pack.currency, pack.timezone) for country, pack in packs.items()} == {
        "EE": ("EUR", "Europe/Tallinn"),
        "FI": ("EUR", "Europe/Helsinki"),
        "RO": ("RON", "Europe/Bucharest"),
    }
    assert packs["EE"].register.operator == "Creditinfo Eesti AS"
    assert packs["FI"].register.operator == "Suomen Asiakastieto Oy"
    assert packs["RO"].register.operator == "Biroul de Credit SA"


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
def test_stage_catalogue_has_the_translated_codes_in_order(country: str) -> None:
    assert tuple(stage.code for stage in pack_for(country).stages) == STAGE_CODES[country]


def test_stage_lookup_and_flags() -> None:
    assert pack_for("EE").stage("court").collection_may_act is False
    assert pack_for("RO").stage("amicable").cost_bearing is False
    assert pack_for("FI").stage("reminder").next_kind == "payment_demand"
    with pytest.raises(RulePackError, match="unknown stage"):
        pack_for("EE").stage("payment_demand")


def test_pack_for_is_case_insensitive_and_rejects_unknown_countries() -> None:
    assert pack_for("ee") is pack_for("EE")
    with pytest.raises(RulePackError, match="SE"):
        pack_for("SE")


@pytest.mark.parametrize(
    ("country", "key", "on", "value", "status"),
    [
        ("EE", "minimum_wage_monthly", date(2024, 12, 31), 82000, "S"),
        ("EE", "minimum_wage_monthly", date(2025, 1, 1), 88600, "S"),
        ("EE", "minimum_wage_monthly", date(2026, 3, 31), 88600, "U"),
        ("EE", "minimum_wage_monthly", date(2026, 4, 1), 94600, "U"),
        ("EE", "protected_income_per_dependant_ratio", date(2026, 4, 1), Fraction(1, 3), "C"),
        ("FI", "protected_income_debtor_daily", date(2024, 6, 1), 3256, "C"),
        ("FI", "protected_income_debtor_daily", date(2025, 6, 1), 3288, "C"),
        ("FI", "protected_income_debtor_daily", date(2026, 6, 1), 3288, "U"),
        ("FI", "statutory_interest_base_bp", date(2025, 6, 30), 350, "S"),
        ("FI", "statutory_interest_base_bp", date(2025, 7, 1), 250, "U"),
        ("FI", "statutory_interest_base_bp", date(2026, 1, 1), 250, "C"),
        ("RO", "minimum_gross_wage_monthly", date(2026, 6, 30), 405000, "S"),
        ("RO", "minimum_gross_wage_monthly", date(2026, 7, 1), 432500, "S"),
        ("RO", "seizure_floor_monthly", date(2026, 7, 1), 134950, "D"),
    ],
)
def test_figure_history_picks_the_version_in_force(
    country: str, key: str, on: date, value: object, status: str
) -> None:
    figure = pack_for(country).figure(key, on)
    assert (figure.value, figure.status) == (value, status)
    assert figure.effective_from <= on


def test_no_version_in_force_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="minimum_wage_monthly"):
        pack_for("EE").figure("minimum_wage_monthly", date(2023, 12, 31))
    with pytest.raises(RulePackError, match="no figure"):
        pack_for("EE").figure("no_such_figure", date(2026, 1, 1))


def test_start_not_researched_is_visible() -> None:
    assert pack_for("EE").figure("register_min_amount", date(2026, 1, 1)).start_known is False
    assert pack_for("EE").figure("b2b_flat_compensation", date(2026, 1, 1)).start_known is True


@pytest.mark.parametrize("country", ["EE", "FI", "RO"])
def test_every_claimed_figure_is_sourced_and_every_placeholder_explained(country: str) -> None:
    pack = pack_for(country)
    for key in pack.keys:
        for figure in pack.history(key):
            assert figure.status in STATUSES
            if figure.status in {"C", "S"}:
                assert figure.sources, key
            if figure.status == "U":
                assert figure.note, key


def test_policy_delays_are_marked_unconfirmed() -> None:
    for country, key in [
        ("EE", "pre_collection_after_reminder_days"),
        ("EE", "court_after_register_entry_days"),
        ("FI", "legal_collection_extra_wait_days"),
        ("RO", "formal_notice_after_report_days"),
    ]:
        figure = pack_for(country).figure(key, date(2026, 11, 22))
        assert figure.status == "U"
        assert "agency policy; configure" in (figure.note or "").lower()


# --- broken packs go through the same loader -------------------------------------------------------------


def _extra(status: str = "S", sources: str = '["https://example.org"]', note: str = "") -> str:
    return f"""
[[figures.extra_figure]]
value = 1
unit = "days"
effective_from = 2020-01-01
status = "{status}"
sources = {sources}
{note}
"""


def _versions(*ranges: tuple[str, str | None]) -> str:
    text = ""
    for start, end in ranges:
        until = f"effective_to = {end}" if end else ""
        text += f"""
[[figures.extra_figure]]
value = 1
unit = "days"
effective_from = {start}
{until}
status = "C"
sources = ["https://example.org"]
"""
    return text


def _drop_stage(text: str, code: str) -> str:
    return re.sub(rf'\[\[stages\]\]\ncode = "{code}"\n(?:[^\[\n].*\n|\n)*', "", text, count=1)


BROKEN = {
    "unknown status": (EE_TOML.replace('status = "C"', 'status = "Q"', 1), "unknown status 'Q'"),
    "missing source for S": (EE_TOML + _extra(sources="[]"), "needs at least one source"),
    "U without a note": (EE_TOML + _extra(status="U", sources="[]"), "needs a note"),
    "overlapping ranges": (
        EE_TOML + _versions(("2020-01-01", "2021-06-30"), ("2021-06-30", None)),
        "overlap",
    ),
    "open range followed by another": (
        EE_TOML + _versions(("2020-01-01", None), ("2022-01-01", None)),
        "overlap",
    ),
    "unsorted ranges": (EE_TOML + _versions(("2022-01-01", "2022-12-31"), ("2020-01-01", None)), "unsorted"),
    "unknown unit": (EE_TOML.replace('unit = "count"', 'unit = "widgets"', 1), "unknown unit 'widgets'"),
    "money in the wrong currency": (
        EE_TOML.replace('unit = "EUR_minor"', 'unit = "RON_minor"', 1),
        "currency",
    ),
    "missing stage code": (_drop_stage(EE_TOML, "court"), r"missing stage codes \['court'\]"),
    "unknown stage code": (EE_TOML.replace('code = "court"', 'code = "tribunal"'), "court"),
    "unknown next kind": (EE_TOML.replace('next_kind = "register_entry"', 'next_kind = "jail"'), "next_kind"),
    "missing required figure": (
        EE_TOML.replace("[[figures.limitation_years]]", "[[figures.limitation_yrs]]"),
        "missing figures",
    ),
    "date written as text": (
        EE_TOML.replace("effective_from = 2013-04-15", 'effective_from = "2013-04-15"'),
        "dates",
    ),
    "ratio not a fraction": (EE_TOML.replace('value = "1/3"', 'value = "a third"'), "ratio"),
    "not TOML": (EE_TOML + "\n[[figures.oops\n", "not valid TOML"),
}


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "ee.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_an_unbroken_copy_loads_through_the_same_loader(tmp_path: Path) -> None:
    packs = load_packs(_write(tmp_path, EE_TOML))
    assert list(packs) == ["EE"]


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_pack_is_rejected_with_a_clear_error(tmp_path: Path, case: str) -> None:
    text, message = BROKEN[case]
    assert text != EE_TOML
    with pytest.raises(RulePackError, match=message):
        load_packs(_write(tmp_path, text))


def test_a_pack_must_be_named_after_its_country(tmp_path: Path) -> None:
    (tmp_path / "fi.toml").write_text(EE_TOML, encoding="utf-8")
    with pytest.raises(RulePackError, match="ee.toml"):
        load_packs(tmp_path)


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="no rule packs"):
        load_packs(tmp_path)
