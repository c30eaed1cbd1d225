"""Languages: English, Russian and Kazakh (Cyrillic) through gettext catalogues, for every front.

The catalogues are the ``.po`` files under ``majlis/web/locale/{ru,kk}/LC_MESSAGES/``, each
beside the ``messages.mo`` that ``pybabel compile -d src/majlis/web/locale -D messages``
writes from it (fuzzy entries left out, as ``msgfmt`` does); both are committed and shipped as
package data. A test fails when a ``.mo`` is not what Babel compiles from its ``.po``, so
none is ever stale, and a language's first message reads it with the standard library's
``gettext``, parsing nothing. This module needs no web framework: the dashboard
(:mod:`majlis.web.i18n`) picks a request's language, the CLI ``--lang`` or
:func:`from_environment`. Counts, shares and days are written the language's way
(:func:`fmt_int`, :func:`fmt_pct`, :func:`fmt_date`, through Babel's locale data) by the
dashboard, the reports and the CLI alike.

Party, place, person and election names are never passed through here: they are shown as
registered.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `majlis --help` loads neither decimal nor fractions
    from datetime import date
    from decimal import Decimal
    from fractions import Fraction

__all__ = [
    "DEFAULT",
    "LOCALES",
    "MAX_LANG",
    "NAMES",
    "N_",
    "current",
    "fmt_date",
    "fmt_int",
    "fmt_pct",
    "from_environment",
    "gettext",
    "ngettext",
    "pgettext",
    "read_catalogue",
    "supported",
    "translations",
    "using",
]

LOCALES: tuple[str, ...] = ("en", "ru", "kk")
DEFAULT = "en"
NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
MAX_LANG = 35  # longer than any language tag in use; the dashboard refuses longer (422)

_current: ContextVar[str] = ContextVar("majlis_locale", default=DEFAULT)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction without translating it now."""
    return message


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``locale`` (English: the messages themselves)."""
    if locale not in LOCALES or locale == DEFAULT:
        return _gettext.NullTranslations()
    return read_catalogue(locale)


def read_catalogue(locale: str) -> _gettext.GNUTranslations:
    """``locale``'s ``messages.mo``, as ``pybabel compile`` writes it from ``messages.po``."""
    path = files("majlis") / "web" / "locale" / locale / "LC_MESSAGES" / "messages.mo"
    with path.open("rb") as mo:
        return _gettext.GNUTranslations(mo)


def supported(tag: str | None) -> str | None:
    """The supported language of a tag ("kk-KZ", "ru_RU.UTF-8" → "kk", "ru"), else None.

    >>> supported("kk-KZ"), supported("ru_RU.UTF-8"), supported("de"), supported(None)
    ('kk', 'ru', None, None)
    """
    if not tag or len(tag) > MAX_LANG:
        return None
    primary = tag.strip().replace("_", "-").split(".", 1)[0].split("-", 1)[0].lower()
    return primary if primary in LOCALES else None


def from_environment(environ: Mapping[str, str] = os.environ) -> str:
    """The CLI's language: ``MAJLIS_LANG``, then the POSIX ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    (the first one set decides; "C" or an unsupported language means English).

    >>> from_environment({"MAJLIS_LANG": "kk", "LANG": "ru_RU.UTF-8"}), from_environment({})
    ('kk', 'en')
    """
    for name in ("MAJLIS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return supported(environ[name]) or DEFAULT
    return DEFAULT


def current() -> str:
    """The language being served (English unless a request or :func:`using` says otherwise)."""
    return _current.get()


@contextmanager
def using(locale: str) -> Iterator[None]:
    """Run the block in ``locale`` (an unsupported one means English)."""
    token = _current.set(locale if locale in LOCALES else DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """``message`` in the current language."""
    return translations(current()).gettext(message)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as meant in ``context`` (one English word, two
    translations: a list is «зарегистрирован», a party «зарегистрирована»)."""
    return translations(current()).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n`` in the current language."""
    return translations(current()).ngettext(singular, plural, n)


def fmt_int(value: int | Decimal | None) -> str:
    """A count with the current language's digit grouping ("1,234" / "1 234").

    English is grouped by Python itself (the same "1,234,567" as Babel's), so that a command
    in English never loads the locale data.
    """
    if value is None:
        return "—"
    if current() == DEFAULT and isinstance(value, int):
        return f"{value:,}"
    from babel.numbers import format_decimal  # locale data: loaded on first use

    return format_decimal(value, locale=current())


def fmt_pct(value: Fraction | Decimal | float | None) -> str:
    """A share as a percentage with two decimals ("63.25%" / "63,25%").

    English is :func:`majlis.percent.percent`'s, the one way every plain-text output writes a
    share; another language is written by Babel.
    """
    if value is None:
        return "—"
    if current() == DEFAULT:
        from fractions import Fraction  # loaded when a share is first written

        from majlis.percent import percent

        return percent(value if isinstance(value, Fraction | float | int) else float(value))
    from babel.numbers import format_percent

    return format_percent(float(value), format="#,##0.00%", locale=current())


def fmt_date(value: date | None) -> str:
    """A day as the current language writes it ("Jan 10, 2021" / "10 янв. 2021 г.")."""
    if value is None:
        return "—"
    from babel.dates import format_date

    return format_date(value, format="medium", locale=current())
