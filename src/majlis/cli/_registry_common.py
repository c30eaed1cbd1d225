"""Shared pieces of the registry commands: the ``--by`` and ``--on`` options and their defaults."""

from __future__ import annotations

import getpass
from datetime import date
from typing import Annotated

import typer

from majlis.errors import InputError

__all__ = ["By", "Iin", "On", "Slug", "login", "parse_day"]

By = Annotated[str, typer.Option("--by", help="Who enters this (audit); default: your login.")]
Iin = Annotated[str, typer.Argument(help="The person's IIN (12 digits).")]
Slug = Annotated[str, typer.Argument(help="The party's slug, e.g. nur-alem (see 'party list').")]
On = Annotated[
    str | None, typer.Option("--on", help="Date of the event, YYYY-MM-DD (default: today).")
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
        raise InputError.expected(what=field, expected="a date YYYY-MM-DD", got=text) from None
