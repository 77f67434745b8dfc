"""National identifiers of people and companies, validated with python-stdnum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.ee import ik, registrikood
from stdnum.fi import hetu, ytunnus
from stdnum.ro import cnp, onrc
from stdnum.ro import cui as ro_cui

_PERSON = {"EE": ik, "FI": hetu, "RO": cnp}
_COMPANY = {"EE": (registrikood,), "FI": (ytunnus,), "RO": (ro_cui, onrc)}


class InvalidIdentity(ValueError):
    """`reason` is a code the edge translates: unknown_country, invalid."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Identity:
    country: str
    kind: str
    compact: str
    birth_date: date | None


def _birth_date(country: str, compact: str) -> date:
    if country == "FI":
        # henkilötunnus: DDMMYY, then the century sign (+ 1800s, - and Y–U 1900s, A–F 2000s).
        century = 1800 if compact[6] == "+" else 2000 if compact[6] in "ABCDEF" else 1900
        return date(century + int(compact[4:6]), int(compact[2:4]), int(compact[0:2]))
    return _PERSON[country].get_birth_date(compact)  # type: ignore[no-any-return]


def validate_identity(country: str, kind: str, value: str) -> Identity:
    if kind == "person":
        module = _PERSON.get(country)
        if module is None:
            raise InvalidIdentity("unknown_country")
        try:
            compact = module.validate(value)
        except stdnum_errors.ValidationError as error:
            raise InvalidIdentity("invalid") from error
        return Identity(country, kind, compact, _birth_date(country, compact))
    for module in _COMPANY.get(country, ()):
        try:
            return Identity(country, kind, module.validate(value), None)
        except stdnum_errors.ValidationError:
            continue
    raise InvalidIdentity("invalid" if country in _COMPANY else "unknown_country")
