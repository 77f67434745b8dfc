"""What a debtor tells us makes paying hard (pure): reading the form, and how much more time it earns them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.rules.pack import RulePack
from portal.support.models import KINDS

MAX_NOTE = 1000
GRACE_FIGURE = "support_grace_days"


@dataclass(frozen=True)
class Telling:
    kinds: tuple[str, ...]  # in the order of KINDS, each once
    note: str | None


def parse_telling(kinds: list[str], note: str) -> tuple[Telling | None, dict[str, str]]:
    """At least one known kind; the note is optional and short (special-category data: the less the better)."""
    errors: dict[str, str] = {}
    chosen = tuple(kind for kind in KINDS if kind in kinds)
    if not chosen or len(set(kinds) - set(KINDS)) > 0:
        errors["kinds"] = "choose_kind"
    text = note.strip()
    if len(text) > MAX_NOTE:
        errors["note"] = "too_long"
    if errors:
        return None, errors
    return Telling(chosen, text or None), {}


def grace_days(packs: list[RulePack], today: date) -> int | None:
    """The extra days we promise while a need is open: the smallest of the debtor's countries, so it holds in each."""
    days = [pack.figure(GRACE_FIGURE, today).number for pack in packs]
    return min(days) if days else None
