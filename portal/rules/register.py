"""When a debt may be entered in the payment-default register or credit bureau: eligibility, notice, date."""

from dataclasses import dataclass
from datetime import date, timedelta

from portal.rules.basis import basis_of
from portal.rules.figures import Figure, RulePack


@dataclass(frozen=True)
class RegisterDate:
    on: date | None
    notice_on: date | None
    eligible_from: date | None
    reason: str
    citation: str | None
    status: str
    sources: tuple[str, ...]


def days_overdue(due_on: date, on: date) -> int:
    """Days the breach has lasted on `on`, counting the day after the due date as day 1."""
    return max(0, (on - due_on).days)


def eligible_from(pack: RulePack, *, due_on: date, today: date) -> date:
    """The first day the debt is MORE than `register_min_days_overdue` days overdue (EE 45 → due + 46)."""
    return due_on + timedelta(days=pack.figure("register_min_days_overdue", today).number + 1)


def register_entry_on(
    pack: RulePack,
    *,
    due_on: date,
    balance_minor: int,
    notice_sent_on: date | None,
    today: date,
) -> RegisterDate:
    """The earliest day the entry may be published or reported, never before today.

    The entry needs the overdue condition and a notice `register_notice_days` before it. A notice sent before
    the pack allows one (`register_notice_min_days_overdue`) does not count: in EE Creditinfo sends the notice
    when the default is entered, which already needs the 45 days, so an earlier letter is not that notice.
    """
    min_days = pack.figure("register_min_days_overdue", today)
    notice_days = pack.figure("register_notice_days", today)
    figures = [min_days, notice_days]
    first_eligible = eligible_from(pack, due_on=due_on, today=today)
    if pack.has("register_min_amount"):
        min_amount = pack.figure("register_min_amount", today)
        figures.append(min_amount)
        if balance_minor < min_amount.number:
            return _result(None, None, first_eligible, "not_eligible_amount", figures)
    if balance_minor <= 0:
        return _result(None, None, first_eligible, "nothing_owed", figures)

    notice_from = due_on + timedelta(days=1)
    if pack.has("register_notice_min_days_overdue"):
        notice_min = pack.figure("register_notice_min_days_overdue", today)
        figures.append(notice_min)
        notice_from = due_on + timedelta(days=notice_min.number + 1)

    wait = timedelta(days=notice_days.number)
    if notice_sent_on is not None and notice_sent_on >= notice_from:
        on = max(notice_sent_on + wait, first_eligible, today)
        return _result(on, None, first_eligible, "after_notice", figures)
    notice_on = max(notice_from, today)
    on = max(notice_on + wait, first_eligible)
    reason = "eligible_on" if notice_sent_on is None else "notice_before_eligible"
    return _result(on, notice_on, first_eligible, reason, figures)


def _result(
    on: date | None, notice_on: date | None, first_eligible: date, reason: str, figures: list[Figure]
) -> RegisterDate:
    basis = basis_of(*figures)
    return RegisterDate(
        on=on,
        notice_on=notice_on,
        eligible_from=first_eligible,
        reason=reason,
        citation=basis.citation,
        status=basis.status,
        sources=basis.sources,
    )
