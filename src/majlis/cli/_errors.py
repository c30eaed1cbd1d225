"""The one place where :mod:`majlis.errors` becomes a message and an exit code."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from majlis import errors

#: Exit code per error class; the most specific class listed wins. Each code's meaning is
#: tabled in docs/architecture.md ("Exit codes"); a new code goes there too.
EXIT_CODES: dict[type[errors.MajlisError], int] = {
    errors.InputError: 2,  # bad input
    errors.NotFoundError: 2,  # bad input: a named thing does not exist
    errors.RuleViolation: 3,  # refused: the law or a party rule forbids it
    errors.ConflictError: 3,  # refused: it conflicts with stored state
    errors.IntegrityError: 4,  # stored data fails its own verification
    errors.ConfigurationError: 5,  # the environment or settings are unusable
    errors.UnsupportedRule: 6,  # unsupported by this path: the exact path implements it
    errors.MajlisError: 1,  # any other error of majlis
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
