"""Help texts in the language of the messages, translated when a help page is rendered.

Every ``help=`` of a command, option or argument is marked with :func:`majlis.i18n.N_`, and a
command's docstring is its help (extracted by :func:`extract`, named in ``babel.cfg``). Typer
builds commands with the English texts; :func:`render_translated` swaps in the current
language's text of the command, its parameters and, for a group, its subcommands only while
that page is rendered, then puts the English back (:mod:`majlis.cli._app` wraps Typer's
``format_help`` with it). In English nothing is looked up, so
``majlis --help`` loads no catalogue; in Russian or Kazakh the catalogue is loaded once, when
the page is shown, never for a command that runs.

A help text that names data (the valid categories, formats, methods) is built with
:func:`filled`: its English words are the message, the names are filled in after translation.
"""

from __future__ import annotations

import ast
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from typer.core import TyperGroup

from majlis.i18n import DEFAULT, N_, current, gettext, pgettext

__all__ = ["extract", "filled", "help_texts", "msgid_of", "render_translated", "translate"]

#: Help texts of Click and Typer themselves, shown on our help pages (marked for extraction).
FOREIGN = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

#: A help text built by :func:`filled` (in English) → its message and the names filled in.
_FILLED: dict[str, tuple[str, dict[str, str]]] = {}


def filled(message: str, **names: str) -> str:
    """``message`` (marked with ``N_``) with ``names`` filled in; translated when shown.

    >>> filled("Run only: %(methods)s.", methods="klimek, kobak")
    'Run only: klimek, kobak.'
    """
    text = message % names
    _FILLED[text] = (message, names)
    return text


def msgid_of(text: str) -> str:
    """The catalogue's message of a help text as Typer holds it (a filled one's template)."""
    found = _FILLED.get(text)
    return found[0] if found else text


def translate(text: str) -> str:
    """A help text in the current language (unchanged in English or if not in the catalogue)."""
    found = _FILLED.get(text)
    if found is not None:
        message, names = found
        return gettext(message) % names
    return gettext(text)


def _subcommands(command: Any, ctx: Any) -> list[Any]:
    """The commands a group's help page lists (a lazy root: its placeholders, none loaded)."""
    if not isinstance(command, TyperGroup):
        return []
    found = (command.get_command(ctx, name) for name in command.list_commands(ctx))
    return [sub for sub in found if sub is not None]


def help_texts(command: Any, ctx: Any) -> Iterator[tuple[Any, str, str]]:
    """Every ``(object, attribute, English text)`` that ``command``'s help page shows."""
    for obj in (command, *command.get_params(ctx), *_subcommands(command, ctx)):
        for attribute in ("help", "short_help"):
            text = getattr(obj, attribute, None)
            if text:
                yield obj, attribute, text


#: The words Typer and Click print around the help texts: module attribute → its message.
_FRAME = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "DEPRECATED_STRING": "(deprecated) ",
}


def _frame_words() -> dict[str, str]:
    """The frame's words in the current language (literal calls, for extraction)."""
    return {
        "Arguments": pgettext("help", "Arguments"),
        "Options": pgettext("help", "Options"),
        "Commands": pgettext("help", "Commands"),
        "[default: {}]": pgettext("help", "[default: {}]"),
        "[required]": pgettext("help", "[required]"),
        "[env var: {}]": pgettext("help", "[env var: {}]"),
        "(deprecated) ": pgettext("help", "(deprecated) "),
        "Usage:": pgettext("help", "Usage:"),
    }


_UNSET = object()  # an attribute the help page set, deleted again afterwards


@contextmanager
def _in_current_language(command: Any, ctx: Any) -> Iterator[None]:
    """Within the block, the help page of ``command`` reads in the current language."""
    from typer import rich_utils

    words = _frame_words()
    saved: list[tuple[Any, str, Any]] = []

    def put(obj: Any, attribute: str, value: Any) -> None:
        saved.append((obj, attribute, vars(obj).get(attribute, _UNSET)))
        setattr(obj, attribute, value)

    english_usage = command.get_usage

    def usage(ctx: Any) -> str:
        """The usage line, its "Usage:" in the current language (Typer's Click writes it)."""
        line: str = english_usage(ctx)
        head, found, rest = line.partition("Usage: ")
        return f"{head}{words['Usage:']} {rest}" if found else line

    try:
        for obj, attribute, text in list(help_texts(command, ctx)):
            put(obj, attribute, translate(text))
        for name, message in _FRAME.items():
            put(rich_utils, name, words[message])
        put(command, "get_usage", usage)
        yield
    finally:
        for obj, attribute, value in reversed(saved):
            if value is _UNSET:
                delattr(obj, attribute)
            else:
                setattr(obj, attribute, value)


def render_translated(
    format_help: Callable[[Any, Any, Any], None],
) -> Callable[[Any, Any, Any], None]:
    """``format_help`` of a Typer command class, rendering in the current language."""

    def rendered(self: Any, ctx: Any, formatter: Any) -> None:
        if current() == DEFAULT:
            format_help(self, ctx, formatter)
            return
        with _in_current_language(self, ctx):
            format_help(self, ctx, formatter)

    return rendered


def _is_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Decorated ``@<app>.command(...)`` or ``@<app>.callback(...)``: its docstring is help."""
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr in ("command", "callback")
        for d in node.decorator_list
    )


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel extraction of a CLI module: its marked messages and its commands' docstrings.

    Named in ``babel.cfg`` as ``majlis.cli._help.extract``. A docstring is the message
    exactly as Typer shows it (``inspect.getdoc``, the same cleaning as ``ast.get_docstring``).
    Yields Babel's ``(line, function, message, comments)``.
    """
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, None, doc, []
