"""The rule-pack data model: figures and their dated versions, stages, register, and lookup by date."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

# Packs use this date for figures whose start was not researched ("current" in rules.md).
UNKNOWN_START = date(2000, 1, 1)

FigureValue = int | bool | str | Fraction | tuple[str, ...]


class RulePackError(KeyError):
    """A pack is malformed, or asks for a figure that is not in force."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Figure:
    key: str
    value: FigureValue
    unit: str
    status: str
    sources: tuple[str, ...]
    citation: str | None
    note: str | None
    effective_from: date
    effective_to: date | None

    @property
    def number(self) -> int:
        """The value of a money, days, years, count or basis-point figure."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise RulePackError(f"{self.key} is a {self.unit} figure, not a whole number")
        return self.value

    @property
    def start_known(self) -> bool:
        return self.effective_from != UNKNOWN_START

    def in_force_on(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Stage:
    code: str
    cost_bearing: bool
    collection_may_act: bool
    next_kind: str
    note: str | None = None


@dataclass(frozen=True)
class Register:
    operator: str
    url: str
    retention_keys: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, eq=False)
class RulePack:
    country: str
    currency: str
    timezone: str
    register: Register
    stages: tuple[Stage, ...]
    versions: Mapping[str, tuple[Figure, ...]]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(self.versions))

    def has(self, key: str) -> bool:
        return key in self.versions

    def history(self, key: str) -> tuple[Figure, ...]:
        try:
            return self.versions[key]
        except KeyError:
            raise RulePackError(f"{self.country}: no figure {key!r}") from None

    def figure(self, key: str, on: date) -> Figure:
        for version in self.history(key):
            if version.in_force_on(on):
                return version
        raise RulePackError(f"{self.country}: no version of {key!r} in force on {on.isoformat()}")

    def stage(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise RulePackError(f"{self.country}: unknown stage {code!r}")
