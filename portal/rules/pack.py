"""Loading and validating the per-country rule packs (law as data) from TOML; the bundled packs, cached."""

import re
import tomllib
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from portal.rules.codes import (
    COMPONENTS,
    MONEY_UNITS,
    REQUIRED_FIGURES,
    STAGE_CODES,
    STATUSES,
    STATUSES_NEEDING_SOURCES,
    STEP_KINDS,
    UNITS,
)
from portal.rules.figures import (
    UNKNOWN_START,
    Figure,
    FigureValue,
    Register,
    RulePack,
    RulePackError,
    Stage,
)

PACKS_DIR = Path(__file__).parent / "packs"

__all__ = [
    "PACKS_DIR",
    "UNKNOWN_START",
    "Figure",
    "Register",
    "RulePack",
    "RulePackError",
    "Stage",
    "bundled_packs",
    "load_pack",
    "load_packs",
    "pack_for",
]

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION_FIELDS = {"value", "unit", "effective_from", "effective_to", "status", "sources", "citation", "note"}
_STAGE_FIELDS = {"code", "cost_bearing", "collection_may_act", "next_kind", "note"}
_PACK_FIELDS = {"country", "currency", "timezone", "register", "stages", "figures"}


def load_packs(directory: Path | str | None = None) -> dict[str, RulePack]:
    """Every *.toml pack in the directory (the bundled packs by default), validated; keyed by country."""
    folder = Path(directory) if directory is not None else PACKS_DIR
    packs: dict[str, RulePack] = {}
    for path in sorted(folder.glob("*.toml")):
        pack = load_pack(path)
        if pack.country in packs:
            raise RulePackError(f"{path.name}: a second pack for {pack.country}")
        packs[pack.country] = pack
    if not packs:
        raise RulePackError(f"no rule packs in {folder}")
    return packs


@cache
def bundled_packs() -> Mapping[str, RulePack]:
    """The packs shipped with Accord, loaded once; call at start-up so a broken pack stops the process."""
    return MappingProxyType(load_packs())


def pack_for(country: str) -> RulePack:
    try:
        return bundled_packs()[country.upper()]
    except KeyError:
        raise RulePackError(f"no rule pack for country {country!r}") from None


def load_pack(path: Path) -> RulePack:
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RulePackError(f"{path.name}: not valid TOML: {error}") from error
    pack = _parse_pack(raw, where=path.name)
    if path.stem.upper() != pack.country:
        raise RulePackError(f"{path.name}: holds {pack.country}; name it {pack.country.lower()}.toml")
    return pack


def _fail(where: str, message: str) -> RulePackError:
    return RulePackError(f"{where}: {message}")


def _parse_pack(raw: dict[str, Any], *, where: str) -> RulePack:
    unknown = set(raw) - _PACK_FIELDS
    if unknown:
        raise _fail(where, f"unknown top-level fields {sorted(unknown)}")
    country = raw.get("country")
    if country not in STAGE_CODES:
        raise _fail(where, f"unknown country {country!r}")
    where = f"{where} ({country})"
    currency = raw.get("currency")
    if f"{currency}_minor" not in MONEY_UNITS:
        raise _fail(where, f"unknown currency {currency!r}")
    timezone = raw.get("timezone")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise _fail(where, f"unknown timezone {timezone!r}") from None
    figures_raw = raw.get("figures")
    if not isinstance(figures_raw, dict) or not figures_raw:
        raise _fail(where, "no [figures]")
    versions = {
        key: _parse_versions(key, entries, currency=str(currency), where=where) for key, entries in figures_raw.items()
    }
    missing = [key for key in (*REQUIRED_FIGURES["*"], *REQUIRED_FIGURES[country]) if key not in versions]
    if missing:
        raise _fail(where, f"missing figures {missing}")
    return RulePack(
        country=country,
        currency=str(currency),
        timezone=str(timezone),
        register=_parse_register(raw.get("register"), versions, where=where),
        stages=_parse_stages(raw.get("stages"), country, where=where),
        versions=MappingProxyType(versions),
    )


def _parse_register(raw: Any, versions: Mapping[str, Any], *, where: str) -> Register:
    if not isinstance(raw, dict):
        raise _fail(where, "no [register]")
    for field in ("operator", "url"):
        if not isinstance(raw.get(field), str) or not raw[field]:
            raise _fail(where, f"register.{field} missing")
    retention = raw.get("retention", [])
    missing = [key for key in retention if key not in versions]
    if missing:
        raise _fail(where, f"register.retention names missing figures {missing}")
    return Register(raw["operator"], raw["url"], tuple(retention), raw.get("note"))


def _parse_stages(raw: Any, country: str, *, where: str) -> tuple[Stage, ...]:
    if not isinstance(raw, list):
        raise _fail(where, "no [[stages]]")
    stages = []
    for entry in raw:
        unknown = set(entry) - _STAGE_FIELDS
        if unknown:
            raise _fail(where, f"stage {entry.get('code')!r}: unknown fields {sorted(unknown)}")
        if entry.get("next_kind") not in STEP_KINDS:
            raise _fail(where, f"stage {entry.get('code')!r}: unknown next_kind {entry.get('next_kind')!r}")
        cost_bearing, may_act = entry.get("cost_bearing"), entry.get("collection_may_act")
        if not isinstance(cost_bearing, bool) or not isinstance(may_act, bool):
            raise _fail(where, f"stage {entry.get('code')!r}: cost_bearing/collection_may_act must be booleans")
        stages.append(Stage(str(entry.get("code")), cost_bearing, may_act, entry["next_kind"], entry.get("note")))
    codes = [stage.code for stage in stages]
    required = STAGE_CODES[country]
    missing = [code for code in required if code not in codes]
    if missing:
        raise _fail(where, f"missing stage codes {missing}")
    extra = [code for code in codes if code not in required]
    if extra or len(codes) != len(set(codes)):
        raise _fail(where, f"unknown or repeated stage codes {extra or codes}")
    return tuple(stages)


def _parse_versions(key: str, entries: Any, *, currency: str, where: str) -> tuple[Figure, ...]:
    if not _KEY.match(key):
        raise _fail(where, f"bad figure key {key!r}")
    if not isinstance(entries, list) or not entries:
        raise _fail(where, f"{key}: write versions as [[figures.{key}]]")
    versions = tuple(_parse_version(key, entry, currency=currency, where=where) for entry in entries)
    if len({version.unit for version in versions}) > 1:
        raise _fail(where, f"{key}: versions use different units")
    for earlier, later in zip(versions, versions[1:], strict=False):
        if later.effective_from <= earlier.effective_from:
            raise _fail(where, f"{key}: versions are unsorted (effective_from must increase)")
        if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
            raise _fail(where, f"{key}: effective ranges overlap at {later.effective_from.isoformat()}")
    return versions


def _parse_version(key: str, raw: Any, *, currency: str, where: str) -> Figure:
    label = f"{key} (version from {raw.get('effective_from')})"
    unknown = set(raw) - _VERSION_FIELDS
    if unknown:
        raise _fail(where, f"{label}: unknown fields {sorted(unknown)}")
    status = raw.get("status")
    if status not in STATUSES:
        raise _fail(where, f"{label}: unknown status {status!r} (use one of {', '.join(STATUSES)})")
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(source, str) and source for source in sources):
        raise _fail(where, f"{label}: sources must be a list of URLs or document names")
    if status in STATUSES_NEEDING_SOURCES and not sources:
        raise _fail(where, f"{label}: status {status} needs at least one source")
    note = raw.get("note")
    if status in {"D", "U"} and not note:
        raise _fail(where, f"{label}: status {status} needs a note saying how it was derived or what to verify")
    effective_from, effective_to = raw.get("effective_from"), raw.get("effective_to")
    if type(effective_from) is not date or (effective_to is not None and type(effective_to) is not date):
        raise _fail(where, f"{label}: effective_from/effective_to must be dates (YYYY-MM-DD)")
    if effective_to is not None and effective_to < effective_from:
        raise _fail(where, f"{label}: effective_to is before effective_from")
    unit = raw.get("unit")
    return Figure(
        key=key,
        value=_parse_value(raw.get("value"), unit, currency=currency, where=f"{where}: {label}"),
        unit=unit,
        status=status,
        sources=tuple(sources),
        citation=raw.get("citation"),
        note=note,
        effective_from=effective_from,
        effective_to=effective_to,
    )


def _parse_value(value: Any, unit: Any, *, currency: str, where: str) -> FigureValue:
    if unit not in UNITS:
        raise RulePackError(f"{where}: unknown unit {unit!r}")
    if unit in MONEY_UNITS and unit != f"{currency}_minor":
        raise RulePackError(f"{where}: unit {unit} does not match the pack currency {currency}")
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if unit in MONEY_UNITS or unit in {"days", "years", "count"}:
        if not is_int or value < 0:
            raise RulePackError(f"{where}: {unit} needs a whole number >= 0, got {value!r}")
        return int(value)
    if unit == "percent_bp":
        if not is_int:
            raise RulePackError(f"{where}: percent_bp needs whole basis points, got {value!r}")
        return int(value)
    if unit == "ratio":
        try:
            ratio = Fraction(value) if isinstance(value, str) else None
        except (ValueError, ZeroDivisionError):
            ratio = None
        if ratio is None or ratio < 0:
            raise RulePackError(f'{where}: ratio needs a string like "1/3", got {value!r}')
        return ratio
    if unit == "bool":
        if not isinstance(value, bool):
            raise RulePackError(f"{where}: bool needs true or false, got {value!r}")
        return value
    if unit == "components":
        if not isinstance(value, list) or sorted(value) != sorted(COMPONENTS):
            raise RulePackError(f"{where}: components must list each of {COMPONENTS} once, got {value!r}")
        return tuple(value)
    if not isinstance(value, str) or not value:
        raise RulePackError(f"{where}: text needs a string, got {value!r}")
    return value
