"""Shared pieces of the registry commands: the ``--by`` and ``--on`` options and their defaults."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Annotated

import typer

from majlis.errors import InputError
from majlis.i18n import DEFAULT, N_, current, fmt_date, gettext, pgettext

__all__ = ["By", "Iin", "On", "Slug", "day", "login", "parse_day", "status_word"]

#: A party's status (the store's code) as a word; "registered" is worded for a party.
_STATUSES = {
    "initiative_group": N_("initiative group"),
    "founding_congress": N_("founding congress"),
    "suspended": N_("suspended"),
    "liquidated": N_("liquidated"),
    "reorganised": N_("reorganised"),
}

By = Annotated[str, typer.Option("--by", help=N_("Who enters this (audit); default: your login."))]
Iin = Annotated[str, typer.Argument(help=N_("The person's IIN (12 digits)."))]
Slug = Annotated[
    str, typer.Argument(help=N_("The party's slug, e.g. nur-alem (see 'party list')."))
]
On = Annotated[
    str | None, typer.Option("--on", help=N_("Date of the event, YYYY-MM-DD (default: today)."))
]


def login() -> str:
    """The login name of whoever runs the command: the default of ``--by``."""
    return getpass.getuser()


def parse_day(text: str | None, field: str = "--on") -> date:
    """Parse a YYYY-MM-DD option value; ``None`` means today."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.expected(
            what=field,
            expected="a date YYYY-MM-DD",
            got=text,
            code="input.date",
            params={"what": field, "got": text},
        ) from None


def status_word(status: str) -> str:
    """A party's status in the current language ("initiative_group" → "initiative group")."""
    if status == "registered":
        return pgettext("party status", "registered")
    return gettext(_STATUSES[status]) if status in _STATUSES else status.replace("_", " ")


def day(value: date | None) -> str:
    """A date in a confirmation: as typed (YYYY-MM-DD) in English, else the language's way."""
    if value is None:
        return "—"
    return value.isoformat() if current() == DEFAULT else fmt_date(value)
