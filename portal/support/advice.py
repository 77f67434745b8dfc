"""Where a debtor can find free debt advice, or at least where to complain, per country (pure, from the rule pack)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.rules.codes import weakest
from portal.rules.pack import RulePack


@dataclass(frozen=True)
class Service:
    name: str
    url: str | None
    status: str  # C/S/D/U as in the pack: U is shown as not yet confirmed

    @property
    def is_confirmed(self) -> bool:
        return self.status != "U"


@dataclass(frozen=True)
class CountryAdvice:
    country: str
    advice: Service | None  # free debt advice; None: we know of none to point to
    complaints: Service | None  # a body that takes complaints about collection, which is not advice


def _service(pack: RulePack, prefix: str, today: date) -> Service | None:
    if not pack.has(f"{prefix}_name"):
        return None
    name = pack.figure(f"{prefix}_name", today)
    url = pack.figure(f"{prefix}_url", today) if pack.has(f"{prefix}_url") else None
    statuses = [name.status] + ([url.status] if url else [])
    return Service(str(name.value), str(url.value) if url else None, weakest(statuses))


def advice_for(pack: RulePack, today: date) -> CountryAdvice:
    return CountryAdvice(
        pack.country, _service(pack, "debt_advice", today), _service(pack, "consumer_complaints", today)
    )
