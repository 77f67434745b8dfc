"""Languages, translations and locale-aware formatting. The only module that imports Babel."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale, negotiate_locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.lists import format_list as babel_format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from babel.support import Translations

from portal.config import PROJECT_ROOT

log = logging.getLogger(__name__)

LANGUAGES: tuple[str, ...] = ("et", "fi", "ro", "en")
DEFAULT_LANGUAGE = "en"
# The CLDR locale used for numbers and dates in each language.
_LOCALES = {"et": "et_EE", "fi": "fi_FI", "ro": "ro_RO", "en": "en_IE"}
LOCALES_DIR = PROJECT_ROOT / "locales"

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def current_language() -> str:
    return _current.get()


@contextmanager
def language_of(language: str) -> Iterator[str]:
    """Renders in another reader's language (an e-mail to the debtor) and restores the request's afterwards."""
    token = _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def is_language(code: str | None) -> bool:
    return code in LANGUAGES


def language_from_header(accept_language: str | None) -> str | None:
    if not accept_language:
        return None
    preferred = []
    for part in accept_language.split(",")[:20]:
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag and len(tag) <= 20:
            preferred.append(tag)
    return negotiate_locale(preferred, list(LANGUAGES), sep="_")


def native_name(language: str) -> str:
    return str(Locale.parse(_LOCALES[language]).get_language_name(_LOCALES[language])).capitalize()


@cache
def translations(language: str) -> Translations:
    """Loads the compiled catalog; compiles the .po in memory when the .mo is missing or older."""
    folder = LOCALES_DIR / language / "LC_MESSAGES"
    po, mo = folder / "messages.po", folder / "messages.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fp:
            return Translations(fp, domain="messages")
    if not po.exists():
        return Translations()
    log.warning("compiling %s in memory: run `make locales` to build the .mo files", po)
    return _compile(po)


def _compile(po: Path) -> Translations:
    with po.open("rb") as fp:
        catalog = read_po(fp)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


def gettext(message: str, **variables: object) -> str:
    text = translations(current_language()).ugettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations(current_language()).ungettext(singular, plural, n)
    return text % {"num": n, **variables}


_ = gettext


def format_money(amount_minor: int, currency: str, language: str | None = None) -> str:
    language = language or current_language()
    if amount_minor < 0:
        return "\u2212" + format_money(-amount_minor, currency, language)
    amount = Decimal(amount_minor).scaleb(-2)
    if currency == "RON" and language == "ro":
        # Romanians write amounts in lei: "1.234,56 lei", not "1.234,56 RON".
        return f"{format_decimal(amount, format='#,##0.00', locale=_LOCALES['ro'])}\u00a0lei"
    text = format_currency(amount, currency, locale=_LOCALES[language])
    # CLDR glues a letter code to the digits in some locales ("RON1,234.56"): keep them apart.
    if text.startswith(currency) and text[len(currency) : len(currency) + 1].isdigit():
        text = f"{currency}\u00a0{text[len(currency) :]}"
    return text


def format_day(day: date, language: str | None = None, style: str = "long") -> str:
    language = language or current_language()
    if language == "et" and style == "long":
        # Estonian inflects month names inside a sentence; the numeric date reads correctly anywhere.
        style = "dd.MM.y"
    return babel_format_date(day, format=style, locale=_LOCALES[language])


def format_moment(moment: datetime, zone: str, language: str | None = None) -> str:
    locale = Locale.parse(_LOCALES[language or current_language()])
    local = moment.astimezone(ZoneInfo(zone))
    day = babel_format_date(local.date(), format="medium", locale=locale)
    clock = babel_format_time(local, format="short", locale=locale)
    # CLDR's own glue pattern for a medium date with a time ("{1}, {0}", "{1} 'kl'. {0}", …).
    return str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", clock).replace("'", "")


def format_list(items: list[str], language: str | None = None) -> str:
    """'e-mail address, phone number and postal address', with the language's own 'and'."""
    return babel_format_list(items, locale=_LOCALES[language or current_language()]) if items else ""


def format_percent_bp(basis_points: int, language: str | None = None) -> str:
    value = Decimal(basis_points).scaleb(-2)
    return format_decimal(value, format="#,##0.00", locale=_LOCALES[language or current_language()]) + "\u00a0%"


def language_choices() -> Iterable[tuple[str, str]]:
    return [(code, native_name(code)) for code in LANGUAGES]


def format_clock(moment: datetime, zone: str, language: str | None = None) -> str:
    return babel_format_time(
        moment, format="short", tzinfo=ZoneInfo(zone), locale=_LOCALES[language or current_language()]
    )


def fill_source_catalog(language: str = "en") -> int:
    """English is the source language: its catalog repeats each msgid, so the completeness gate holds for it too."""
    from babel.messages.pofile import write_po

    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fp:
        catalog = read_po(fp)
    filled = 0
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or (all(strings) and not message.fuzzy):
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
        filled += 1
    with path.open("wb") as fp:
        write_po(fp, catalog, width=0, omit_header=False)
    return filled
