"""The dashboard's languages: which one a request gets, the switch, numbers and dates.

The catalogues and ``gettext`` are :mod:`majlis.i18n`'s (re-exported here). The language of a
request is, in order: a supported ``?lang=``, the cookie the language switch sets, the best
supported ``Accept-Language`` tag, English. :class:`LocaleMiddleware` decides it once per
request and keeps it in :mod:`majlis.i18n`'s context variable, which the templates' ``_()`` and
the pages' Python code read. Party and place names are never passed through here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from urllib.parse import parse_qsl, quote, urlencode

from starlette.datastructures import MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from majlis.i18n import (
    DEFAULT,
    LOCALES,
    MAX_LANG,
    N_,
    NAMES,
    current,
    fmt_date,
    fmt_int,
    fmt_pct,
    gettext,
    ngettext,
    pgettext,
    supported,
    translations,
    using,
)

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

COOKIE = "majlis_lang"
_YEAR = 365 * 24 * 3600


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
        if (found := supported(choice)) is not None:
            return found
    for tag in _accepted(accept_language or ""):
        if (found := supported(tag)) is not None:
            return found
    return DEFAULT


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
        chosen = supported(asked[-1]) if asked else None
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

        with using(locale):
            await self.app(scope, receive, send_with_cookie)
