"""The one place where :mod:`majlis.errors` becomes a message and an exit code."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from majlis import errors

#: Exit code per error class; the most specific class listed wins.
EXIT_CODES: dict[type[errors.MajlisError], int] = {
    errors.InputError: 2,
    errors.NotFoundError: 2,
    errors.RuleViolation: 3,
    errors.ConflictError: 3,
    errors.IntegrityError: 4,
    errors.ConfigurationError: 5,
    errors.MajlisError: 1,
}


def exit_code_for(exc: errors.MajlisError) -> int:
    """Return the exit code of the most specific class of ``exc`` listed in EXIT_CODES."""
    for cls in type(exc).__mro__:
        code = EXIT_CODES.get(cls)
        if code is not None:
            return code
    return 1


class MajlisGroup(TyperGroup):
    """The root command group: any MajlisError raised by a command becomes one line."""

    def invoke(self, ctx: Any) -> Any:  # the vendored click Context type is private to typer
        try:
            return super().invoke(ctx)
        except errors.MajlisError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exit_code_for(exc)) from None
