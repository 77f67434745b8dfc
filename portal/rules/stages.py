"""The next step of a collection case and its date, from the case facts and the country's rule pack."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from portal.rules.basis import basis_of
from portal.rules.codes import CLOSED, UNLESS_DISPUTED, UNLESS_PAID, UNLESS_PLAN, weakest
from portal.rules.figures import Figure, RulePack, Stage
from portal.rules.register import RegisterDate, register_entry_on

UNLESS = (UNLESS_PAID, UNLESS_DISPUTED, UNLESS_PLAN)


@dataclass(frozen=True, kw_only=True)
class CaseFacts:
    """What the engine knows about a case. A date a stage depends on falls back to `stage_entered_on`:
    entering `register_notice`/`bureau_notice` means the notice went out, entering `formal_notice` means the
    somație was received, entering `payment_demand` means the first demand was sent."""

    country: str
    stage: str
    stage_entered_on: date
    oldest_due_on: date
    balance_minor: int
    principal_minor: int
    is_consumer: bool
    is_disputed: bool = False
    has_active_plan: bool = False
    is_closed: bool = False
    register_notice_sent_on: date | None = None
    register_entered_on: date | None = None
    last_cost_letter_on: date | None = None
    last_reminder_on: date | None = None
    payment_demands_sent: int = 0
    title_on: date | None = None
    # Days collection stood frozen in this stage: every wait of the stage is that much longer.
    paused_days: int = 0
    # The debtor told us of illness, bereavement, job loss or the like: every wait is longer by the pack's grace.
    has_support_need: bool = False


@dataclass(frozen=True)
class NextStep:
    """`on` is the earliest day the step may happen, never before today; None when it waits on an event.

    `status` is the weakest status of the figures the decision used; a decision on facts alone (closed,
    awaiting a judgment) is "C". `conditions` name what stops the step, for the page to spell out.
    """

    kind: str
    on: date | None
    reason: str
    citation: str | None
    status: str
    conditions: tuple[str, ...] = ()


Handler = Callable[[RulePack, CaseFacts, date, Stage], NextStep]


def next_step(pack: RulePack, facts: CaseFacts, today: date) -> NextStep:
    if facts.country.upper() != pack.country:
        raise ValueError(f"facts are for {facts.country}, the pack is {pack.country}")
    if facts.is_closed or facts.stage == CLOSED:
        return _wait("closed")
    if facts.is_disputed:
        freeze = pack.figure("dispute_freezes_collection", today)
        if freeze.value:
            return _stop("frozen_dispute", freeze)
    if facts.has_active_plan:
        protect = pack.figure("plan_suspends_collection", today)
        if protect.value:
            return _stop("plan_protects", protect)
    if facts.balance_minor <= 0:
        return _wait("nothing_owed")
    stage = pack.stage(facts.stage)
    handler = _HANDLERS.get((pack.country, stage.code), _no_further_step)
    if not facts.has_support_need:
        return handler(pack, _waits_resumed(facts), today, stage)
    grace = pack.figure("support_grace_days", today)
    step = handler(pack, _waits_resumed(replace(facts, paused_days=facts.paused_days + grace.number)), today, stage)
    return replace(step, status=weakest([step.status, grace.status])) if step.on else step


def _waits_resumed(facts: CaseFacts) -> CaseFacts:
    """After a freeze the stage's waits start again where they stood: each anchor moves by the days frozen."""
    if facts.paused_days <= 0:
        return facts
    shift = timedelta(days=facts.paused_days)
    return replace(
        facts,
        stage_entered_on=facts.stage_entered_on + shift,
        register_notice_sent_on=facts.register_notice_sent_on and facts.register_notice_sent_on + shift,
        register_entered_on=facts.register_entered_on and facts.register_entered_on + shift,
        last_cost_letter_on=facts.last_cost_letter_on and facts.last_cost_letter_on + shift,
        last_reminder_on=facts.last_reminder_on and facts.last_reminder_on + shift,
        title_on=facts.title_on and facts.title_on + shift,
        paused_days=0,
    )


# --- building blocks -----------------------------------------------------------------------------------


def _dated(kind: str, on: date, reason: str, *figures: Figure) -> NextStep:
    basis = basis_of(*figures)
    return NextStep(kind, on, reason, basis.citation, basis.status, UNLESS)


def _stop(reason: str, *figures: Figure) -> NextStep:
    basis = basis_of(*figures)
    return NextStep("none", None, reason, basis.citation, basis.status)


def _wait(reason: str, kind: str = "none") -> NextStep:
    return NextStep(kind, None, reason, None, "C")


def _days(figure: Figure) -> timedelta:
    return timedelta(days=figure.number)


def _after_wait(key: str, reason: str, start: Callable[[CaseFacts], date | None]) -> Handler:
    """The stage's next step `key` days after the start date (agency-policy waits)."""

    def handler(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
        wait = pack.figure(key, today)
        begins = start(facts) or facts.stage_entered_on
        return _dated(stage.next_kind, max(begins + _days(wait), today), reason, wait)

    return handler


def _register_step(rd: RegisterDate, kind: str, reason: str, on: date | None) -> NextStep:
    if on is None:
        return NextStep("none", None, rd.reason, rd.citation, rd.status)
    return NextStep(kind, on, reason, rd.citation, rd.status, UNLESS)


def _notice_step(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Register (EE) or bureau (RO) notice as soon as the overdue condition and the amount allow."""
    rd = register_entry_on(
        pack, due_on=facts.oldest_due_on, balance_minor=facts.balance_minor, notice_sent_on=None, today=today
    )
    return _register_step(rd, stage.next_kind, "register_eligible", rd.notice_on)


def _entry_after_notice(pack: RulePack, facts: CaseFacts, today: date, kind: str, notice_kind: str) -> NextStep:
    notice_on = facts.register_notice_sent_on or facts.stage_entered_on
    rd = register_entry_on(
        pack,
        due_on=facts.oldest_due_on,
        balance_minor=facts.balance_minor,
        notice_sent_on=notice_on,
        today=today,
    )
    if rd.reason == "notice_before_eligible":
        return _register_step(rd, notice_kind, rd.reason, rd.notice_on)
    return _register_step(rd, kind, rd.reason, rd.on)


def _after_title(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    if facts.title_on is None:
        return _wait("awaiting_title", stage.next_kind)
    return NextStep(stage.next_kind, max(facts.title_on, today), "title_obtained", None, "C", UNLESS)


def _no_further_step(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    return _wait(f"{stage.code}_in_progress")


# --- Estonia -------------------------------------------------------------------------------------------


def _ee_register_notice(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    return _entry_after_notice(pack, facts, today, stage.next_kind, "register_notice")


def _ee_register_entry(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Court after the policy wait: a payment order up to the limit, otherwise an ordinary action."""
    wait = pack.figure("court_after_register_entry_days", today)
    limit = pack.figure("payment_order_max_claim", today)
    begins = facts.register_entered_on or facts.stage_entered_on
    reason = "payment_order" if facts.balance_minor <= limit.number else "ordinary_action"
    return _dated(stage.next_kind, max(begins + _days(wait), today), reason, wait, limit)


# --- Finland -------------------------------------------------------------------------------------------


def _fi_reminder(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Payment demand after 14 FULL days: a reminder on the 1st allows a demand on the 16th."""
    gap = pack.figure("paid_letters_min_full_days_between", today)
    sent = facts.last_reminder_on or facts.stage_entered_on
    on = max(sent + _days(gap) + timedelta(days=1), today)
    return _dated(stage.next_kind, on, "after_reminder_interval", gap)


def _fi_payment_demand(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Another demand, or legal collection once the allowed demands are used, after the payment window.

    The window (>= 10 days) runs from when the demand is deemed received; its last day is still the debtor's.
    """
    gap = pack.figure("paid_letters_min_full_days_between", today)
    window = pack.figure("payment_window_days", today)
    deemed = pack.figure("letter_deemed_received_days", today)
    most = pack.figure("max_payment_demands", today)
    sent_on = facts.last_cost_letter_on or facts.stage_entered_on
    window_ends = sent_on + _days(deemed) + _days(window)
    if max(facts.payment_demands_sent, 1) < most.number:
        on = max(sent_on + _days(gap) + timedelta(days=1), window_ends + timedelta(days=1), today)
        return _dated("second_payment_demand", on, "after_payment_window", gap, window, deemed, most)
    wait = pack.figure("legal_collection_extra_wait_days", today)
    on = max(window_ends + timedelta(days=1) + _days(wait), today)
    return _dated(stage.next_kind, on, "after_payment_window", window, deemed, most, wait)


# --- Romania -------------------------------------------------------------------------------------------


def _ro_bureau_notice(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Report 15 days after the notice; once reported, the formal notice after the policy wait."""
    if facts.register_entered_on is None:
        return _entry_after_notice(pack, facts, today, stage.next_kind, "bureau_notice")
    wait = pack.figure("formal_notice_after_report_days", today)
    on = max(facts.register_entered_on + _days(wait), today)
    return _dated("formal_notice", on, "after_bureau_report", wait)


def _ro_formal_notice(pack: RulePack, facts: CaseFacts, today: date, stage: Stage) -> NextStep:
    """Court once the somație's 15 days have passed; the stage is entered when the somație is received."""
    term = pack.figure("formal_notice_days", today)
    on = max(facts.stage_entered_on + _days(term) + timedelta(days=1), today)
    return _dated(stage.next_kind, on, "after_formal_notice", term)


_HANDLERS: dict[tuple[str, str], Handler] = {
    ("EE", "reminder"): _after_wait(
        "pre_collection_after_reminder_days", "after_reminder", lambda facts: facts.last_reminder_on
    ),
    ("EE", "pre_collection"): _notice_step,
    ("EE", "register_notice"): _ee_register_notice,
    ("EE", "register_entry"): _ee_register_entry,
    ("EE", "court"): _after_title,
    ("FI", "reminder"): _fi_reminder,
    ("FI", "payment_demand"): _fi_payment_demand,
    ("FI", "legal_collection"): _after_title,
    ("RO", "reminder"): _after_wait(
        "amicable_after_reminder_days", "after_reminder", lambda facts: facts.last_reminder_on
    ),
    ("RO", "amicable"): _notice_step,
    ("RO", "bureau_notice"): _ro_bureau_notice,
    ("RO", "formal_notice"): _ro_formal_notice,
    ("RO", "court"): _after_title,
}
