"""When a claim becomes time-barred: the general period, interruptions, titles and final limitation."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from portal.rules.basis import basis_of
from portal.rules.figures import RulePack
from portal.rules.periods import add_years


@dataclass(frozen=True)
class Limitation:
    on: date
    started_on: date
    years: int
    final_on: date | None
    reason: str
    citation: str | None
    status: str
    sources: tuple[str, ...]


def limitation_on(
    pack: RulePack,
    *,
    due_on: date,
    interruptions: Sequence[date] = (),
    has_enforceable_title: bool = False,
    title_on: date | None = None,
    creditor_is_private_person: bool = False,
) -> Limitation:
    """The last day of the limitation period; the claim is time-barred from the next day.

    The period runs from the due date, or from the title once there is one. Each interruption on or before
    the current end (acknowledgement, part payment, and in FI also a reminder or demand) starts a new period
    of the same length; one after the end does not revive the claim. Where the pack has a final limitation
    (FI), it caps the result and cannot be interrupted. Figures are those in force when the period began.
    """
    if has_enforceable_title:
        if title_on is None:
            raise ValueError("title_on is required when has_enforceable_title is true")
        start, prefix, period_key = title_on, "title_", "limitation_title_years"
    else:
        start, prefix, period_key = due_on, "", "limitation_years"
    period = pack.figure(period_key, start)
    years = period.number

    end, started_on = add_years(start, years), start
    for interruption in sorted(set(interruptions)):
        if interruption < start:
            continue
        if interruption > end:
            break
        if (restarted := add_years(interruption, years)) > end:
            end, started_on = restarted, interruption
    reason = f"{prefix}interrupted" if started_on != start else ("from_title" if prefix else "from_due_date")

    figures = [period]
    final_on = None
    final_key = f"final_limitation_{prefix}years"
    private_key = f"final_limitation_{prefix}private_creditor_years"
    if creditor_is_private_person and pack.has(private_key):
        final_key = private_key
    if pack.has(final_key):
        final = pack.figure(final_key, start)
        figures.append(final)
        final_on = add_years(start, final.number)
        if final_on < end:
            end, reason = final_on, f"{prefix}final_limitation"

    basis = basis_of(*figures)
    return Limitation(
        on=end,
        started_on=started_on,
        years=years,
        final_on=final_on,
        reason=reason,
        citation=basis.citation,
        status=basis.status,
        sources=basis.sources,
    )
