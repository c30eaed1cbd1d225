"""The one place where errors become a message and an exit code, and where the language is set.

:mod:`majlis.errors` classes map to their codes (below). Whatever else escapes a command is
still one line on stderr, never a traceback: a file the system refused (missing, a folder,
no permission), a file that is not UTF-8, a CSV field over the reader's limit, all exit 2 as
bad input; an unreachable database exits 5; anything unexpected exits 1 with a hint to rerun
with ``majlis --debug``, which shows the traceback instead.

Every command runs in the language of ``majlis --lang`` or, without it, of the environment
(:func:`majlis.i18n.from_environment`); these messages are worded in it, and so are Typer's
refusals of a command line it cannot parse (:mod:`majlis.cli._usage_text`).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.exceptions import UsageError  # Typer's vendored Click: its usage errors
from typer.core import TyperGroup

from majlis import errors, i18n
from majlis.cli._usage_text import restore, translate_usage_error
from majlis.i18n import gettext as _

__all__ = ["EXIT_CODES", "MajlisGroup", "exit_code_for", "one_line"]

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

#: Exceptions that are the command line's own signals (usage errors, exits), not failures.
_SIGNALS = (typer.TyperException, typer.Exit, typer.Abort)


def exit_code_for(exc: errors.MajlisError) -> int:
    """Return the exit code of the most specific class of ``exc`` listed in EXIT_CODES."""
    for cls in type(exc).__mro__:
        code = EXIT_CODES.get(cls)
        if code is not None:
            return code
    return 1


def one_line(exc: BaseException) -> tuple[str, int]:
    """The message and exit code of an exception that is not a MajlisError."""
    if isinstance(exc, UnicodeDecodeError):
        return (
            _("a file is not UTF-8 text: byte 0x%(byte)s at offset %(offset)s cannot be decoded")
            % {"byte": f"{exc.object[exc.start]:02x}", "offset": exc.start},
            2,
        )
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        return f"{name}{exc.strerror or exc}", 2
    if isinstance(exc, csv.Error):
        return _("a CSV file cannot be read: %(error)s") % {"error": exc}, 2
    # a command that never touched the database never imported SQLAlchemy: look, don't import
    database_errors = sys.modules.get("sqlalchemy.exc")
    if database_errors is not None and isinstance(exc, database_errors.OperationalError):
        reason = str(exc.orig or exc).strip()
        return _("the database is not available: %(reason)s") % {"reason": reason}, 5
    text = " ".join(str(exc).split())[:300]
    return (
        _("unexpected %(error)s (rerun with 'majlis --debug ...' for the traceback)")
        % {"error": type(exc).__name__ + (": " + text if text else "")},
        1,
    )


def _language(ctx: Any) -> str:
    """``--lang`` of the root, else the environment's language."""
    return str(ctx.params.get("lang") or i18n.from_environment())


def _asked_language(args: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the words of a command line, before they are parsed.

    >>> _asked_language(["--lang", "kk", "seats", "--help"]), _asked_language(["--lang=ru"])
    ('kk', 'ru')
    >>> _asked_language(["seats", "--", "--lang", "kk"]) is None
    True
    """
    for i, word in enumerate(args):
        if word == "--":
            break
        if word == "--lang":
            return args[i + 1] if i + 1 < len(args) else None
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None


class MajlisGroup(TyperGroup):
    """The root command group: any error raised by a command becomes one line on stderr."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **kwargs: Any) -> Any:
        """Run the command line in its language from the start: the root's own help page
        (``majlis --help``, ``majlis --lang kk``) is shown while its options are parsed,
        before :meth:`invoke` reads ``--lang``."""
        words = sys.argv[1:] if args is None else list(args)
        with i18n.using(i18n.supported(_asked_language(words)) or i18n.from_environment()):
            try:
                return super().main(args, *rest, **kwargs)
            finally:
                restore()

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:  # the root's own command line (an unknown --lang value)
            translate_usage_error(exc)
            raise

    def invoke(self, ctx: Any) -> Any:  # the vendored click Context type is private to typer
        with i18n.using(_language(ctx)):
            try:
                return super().invoke(ctx)
            except errors.MajlisError as exc:
                # the table of every refusal's wording, read only when one is to be worded
                from majlis.error_text import describe

                typer.echo(_("error: %(message)s") % {"message": describe(exc)}, err=True)
                raise typer.Exit(exit_code_for(exc)) from None
            except UsageError as exc:  # a command's line Typer cannot parse: it prints it
                translate_usage_error(exc)
                raise
            except _SIGNALS:
                raise
            except Exception as exc:
                if ctx.params.get("debug"):
                    raise
                message, code = one_line(exc)
                typer.echo(_("error: %(message)s") % {"message": message}, err=True)
                raise typer.Exit(code) from None
