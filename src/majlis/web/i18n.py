"""The dashboard's languages: English, Russian and Kazakh (Cyrillic) through gettext catalogues.

The catalogues are the ``.po`` files under ``locale/{ru,kk}/LC_MESSAGES/`` (committed, shipped as
package data); each is compiled in memory the first time its language is asked for, so an
editable install and the wheel behave alike and no ``.mo`` file is ever stale. Fuzzy entries are
left out, like ``msgfmt`` does.

The language of a request is, in order: a supported ``?lang=``, the cookie the language switch
sets, the best supported ``Accept-Language`` tag, English. :class:`LocaleMiddleware` decides it
once per request and keeps it in a context variable, which the templates' ``_()`` and the pages'
Python code read through :func:`gettext`. Party and place names are never passed through here.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib.resources import files
from io import BytesIO
from urllib.parse import parse_qsl, quote, urlencode

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from starlette.datastructures import MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "COOKIE",
    "DEFAULT",
    "LOCALES",
    "MAX_LANG",
    "NAMES",
    "N_",
    "LocaleMiddleware",
    "current",
    "fmt_date",
    "fmt_int",
    "fmt_pct",
    "gettext",
    "language_links",
    "negotiate",
    "ngettext",
    "pgettext",
    "translations",
    "using",
]

LOCALES: tuple[str, ...] = ("en", "ru", "kk")
DEFAULT = "en"
NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
COOKIE = "majlis_lang"
MAX_LANG = 35  # longer than any language tag a browser sends; longer values are refused (422)
_YEAR = 365 * 24 * 3600

_current: ContextVar[str] = ContextVar("majlis_locale", default=DEFAULT)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for extraction without translating it now."""
    return message


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``locale`` (English: the messages themselves)."""
    if locale not in LOCALES or locale == DEFAULT:
        return _gettext.NullTranslations()
    source = files("majlis.web") / "locale" / locale / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def current() -> str:
    """The language of the request being served (English outside a request)."""
    return _current.get()


@contextmanager
def using(locale: str) -> Iterator[None]:
    """Serve the block in ``locale`` (tests, the CLI)."""
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


def _supported(tag: str | None) -> str | None:
    if not tag or len(tag) > MAX_LANG:
        return None
    primary = tag.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LOCALES else None


def _accepted(header: str) -> Iterator[str]:
    """The tags of an ``Accept-Language`` header, most preferred first (q=0 left out)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header[:1000].split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if quality > 0 and tag:
            ranked.append((-quality, i, tag))
    return (tag for _, _, tag in sorted(ranked))


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language to serve: ``?lang=``, then the cookie, then ``Accept-Language``, English.

    >>> negotiate("xx", None, "kk-KZ,ru;q=0.8"), negotiate(None, "ru", "kk")
    ('kk', 'ru')
    >>> negotiate(None, None, None)
    'en'
    """
    for choice in (query, cookie):
        if (found := _supported(choice)) is not None:
            return found
    for tag in _accepted(accept_language or ""):
        if (found := _supported(tag)) is not None:
            return found
    return DEFAULT


def fmt_int(value: int | Decimal | None) -> str:
    """A count with the current language's digit grouping ("1,234" / "1 234")."""
    if value is None:
        return "—"
    return format_decimal(value, locale=current())


def fmt_pct(value: Fraction | Decimal | float | None) -> str:
    """A share as a percentage with two decimals ("63.25%" / "63,25%")."""
    if value is None:
        return "—"
    return format_percent(float(value), format="#,##0.00%", locale=current())


def fmt_date(value: date | None) -> str:
    """A day as the current language writes it ("Jan 10, 2021" / "10 янв. 2021 г.")."""
    if value is None:
        return "—"
    return format_date(value, format="medium", locale=current())


def language_links(request: Request) -> Sequence[tuple[str, str, str, bool]]:
    """The switch: (code, name, link to this page in that language, is current) per language."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    here, path = current(), quote(request.url.path)
    return [
        (code, NAMES[code], f"{path}?{urlencode([*kept, ('lang', code)])}", code == here)
        for code in LOCALES
    ]


class LocaleMiddleware:
    """Decide each request's language; remember a ``?lang=`` choice in a cookie for a year."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request in its language (the API's JSON is not translated)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope["headers"]}
        raw_query = scope.get("query_string", b"").decode("latin-1")
        asked = [v for k, v in parse_qsl(raw_query, keep_blank_values=True) if k == "lang"]
        chosen = _supported(asked[-1]) if asked else None
        cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
        locale = negotiate(
            chosen, cookies.get(COOKIE), headers.get(b"accept-language", b"").decode("latin-1")
        )
        remember = chosen is not None and cookies.get(COOKIE) != chosen

        page = not scope["path"].startswith("/api/")

        async def send_with_cookie(message: Message) -> None:
            if page and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.add_vary_header("Accept-Language")
                headers.add_vary_header("Cookie")
                if remember:
                    headers.append(
                        "set-cookie", f"{COOKIE}={chosen}; Max-Age={_YEAR}; Path=/; SameSite=Lax"
                    )
            await send(message)

        token = _current.set(locale)
        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            _current.reset(token)
