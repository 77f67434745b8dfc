"""Register eligibility and dates: EE 45 days and 30 EUR, FI consumer credit, RO 30 days and 15-day notice."""

from datetime import date, timedelta

import pytest

from portal.rules import days_overdue, pack_for, register_entry_on

DUE = date(2026, 10, 11)


def _ee(balance_minor: int = 10000, notice_sent_on: date | None = None, today: date = DUE):
    return register_entry_on(
        pack_for("EE"), due_on=DUE, balance_minor=balance_minor, notice_sent_on=notice_sent_on, today=today
    )


def test_days_overdue_counts_from_the_day_after_the_due_date() -> None:
    assert days_overdue(DUE, DUE) == 0
    assert days_overdue(DUE, DUE + timedelta(days=1)) == 1
    assert days_overdue(DUE, DUE + timedelta(days=45)) == 45
    assert days_overdue(DUE, DUE - timedelta(days=3)) == 0


@pytest.mark.parametrize(("day", "notice_on"), [(44, 46), (45, 46), (46, 46), (60, 60)])
def test_ee_notice_only_once_more_than_45_days_overdue(day: int, notice_on: int) -> None:
    result = _ee(today=DUE + timedelta(days=day))
    assert result.reason == "eligible_on"
    assert result.eligible_from == DUE + timedelta(days=46)
    assert result.notice_on == DUE + timedelta(days=notice_on)
    assert result.on == DUE + timedelta(days=notice_on + 7)


@pytest.mark.parametrize(("balance_minor", "eligible"), [(2999, False), (3000, True), (3001, True)])
def test_ee_amount_threshold_is_30_eur_inclusive(balance_minor: int, eligible: bool) -> None:
    result = _ee(balance_minor=balance_minor)
    assert (result.on is not None) is eligible
    assert result.reason == ("eligible_on" if eligible else "not_eligible_amount")


def test_ee_publication_on_the_7th_day_after_the_notice() -> None:
    notice = date(2026, 11, 26)
    result = _ee(notice_sent_on=notice, today=notice)
    assert (result.on, result.notice_on, result.reason) == (date(2026, 12, 3), None, "after_notice")
    # The weakest figure used is the derived notice rule (D); the 7 days themselves are S.
    assert result.status == "D"
    assert "https://www.creditinfo.ee/maksehaireregister/ettevotte-maksehaire-sisestamine/" in result.sources


def test_ee_entry_date_is_never_in_the_past() -> None:
    result = _ee(notice_sent_on=date(2026, 11, 26), today=date(2026, 12, 20))
    assert result.on == date(2026, 12, 20)


def test_ee_a_notice_sent_before_day_46_does_not_count() -> None:
    early = DUE + timedelta(days=45)
    result = _ee(notice_sent_on=early, today=early)
    assert result.reason == "notice_before_eligible"
    assert result.notice_on == DUE + timedelta(days=46)
    assert result.on == DUE + timedelta(days=53)


def test_nothing_owed_is_never_reported_even_without_an_amount_threshold() -> None:
    result = register_entry_on(pack_for("RO"), due_on=DUE, balance_minor=0, notice_sent_on=None, today=DUE)
    assert (result.on, result.reason) == (None, "nothing_owed")


@pytest.mark.parametrize(("notice_day", "report_day"), [(31, 46), (40, 55)])
def test_ro_report_15_days_after_the_notice(notice_day: int, report_day: int) -> None:
    notice = DUE + timedelta(days=notice_day)
    result = register_entry_on(pack_for("RO"), due_on=DUE, balance_minor=1, notice_sent_on=notice, today=notice)
    assert result.reason == "after_notice"
    assert result.on == DUE + timedelta(days=report_day)
    assert result.on - notice == timedelta(days=15)


def test_ro_reporting_needs_more_than_30_days() -> None:
    result = register_entry_on(pack_for("RO"), due_on=DUE, balance_minor=1, notice_sent_on=None, today=DUE)
    assert result.eligible_from == DUE + timedelta(days=31)
    assert result.notice_on == DUE + timedelta(days=31)
    assert result.status == "U"  # sending the notice only from day 31 is agency policy


def test_fi_consumer_credit_entry_after_60_days_and_a_21_day_warning() -> None:
    due = date(2026, 1, 1)
    early_warning = register_entry_on(
        pack_for("FI"), due_on=due, balance_minor=1, notice_sent_on=date(2026, 1, 5), today=date(2026, 1, 5)
    )
    assert early_warning.on == date(2026, 3, 3)  # 61st day after the due date
    late_warning = register_entry_on(
        pack_for("FI"), due_on=due, balance_minor=1, notice_sent_on=date(2026, 3, 1), today=date(2026, 3, 1)
    )
    assert late_warning.on == date(2026, 3, 22)
