"""Typer's refusals of a command line it cannot parse, worded in the language of the messages.

Typer's vendored Click words a missing argument, an unknown option or command, a value of the
wrong type in English, with no catalogue of its own. :func:`translate_usage_error` gives such
an error (while it propagates, before Typer prints it) its message in the current language,
read back from the English by the patterns below, and sets the words around it on Typer's
error panel ("Error", "Try ... for help."); :func:`restore` puts those back once the command
line has ended. A message no pattern knows stays English; so does the reason of a value no
pattern knows, after the translated "Invalid value for ...".
"""

from __future__ import annotations

import re
import sys
from typing import Any

from majlis.i18n import DEFAULT, N_, current, gettext, pgettext

__all__ = ["restore", "translate_usage_error", "usage_text"]

#: An English message of Typer's Click → its message here (the names kept as Click quotes them).
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"Missing argument (?P<name>.+)\.\Z", N_("Missing argument %(name)s.")),
    (r"Missing option (?P<name>.+)\.\Z", N_("Missing option %(name)s.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)\Z",
        N_("No such option: %(name)s (possible options: %(options)s)"),
    ),
    (r"No such option: (?P<name>\S+)\Z", N_("No such option: %(name)s")),
    (
        r"No such command (?P<name>'.*')\. Did you mean (?P<options>.+)\?\Z",
        N_("No such command %(name)s. Did you mean %(options)s?"),
    ),
    (r"No such command (?P<name>'.*')\.\Z", N_("No such command %(name)s.")),
    (
        r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)\Z",
        N_("Got unexpected extra arguments (%(arguments)s)"),
    ),
    (
        r"Option (?P<name>'.*') requires an argument\.\Z",
        N_("Option %(name)s requires an argument."),
    ),
    (
        r"(?s)Invalid value for (?P<name>'[^']*'|[^:]+): (?P<reason>.*)\Z",
        N_("Invalid value for %(name)s: %(reason)s"),
    ),
)

#: Why a value was refused (the reason after "Invalid value for ...").
_REASONS: tuple[tuple[str, str], ...] = (
    (r"(?s)Input should be a valid integer.*\Z", N_("an integer is expected")),
    (r"(?s)Input should be a valid number.*\Z", N_("a number is expected")),
    (
        r"Input should be greater than or equal to (?P<low>\S+)\Z",
        N_("the value must be at least %(low)s"),
    ),
    (
        r"Input should be less than or equal to (?P<high>\S+)\Z",
        N_("the value must be at most %(high)s"),
    ),
    (
        r"Value error, (?P<value>'.*') is not one of (?P<choices>.*)\.\Z",
        N_("%(value)s is not one of %(choices)s."),
    ),
    (r"Path (?P<path>'.*') does not exist\.\Z", N_("path %(path)s does not exist.")),
)

#: Typer's words around the message: its error panel's title and the hint below the usage.
_SAVED: dict[str, str] = {}


def _matched(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for pattern, message in table:
        found = re.match(pattern, text)  # compiled on first use (re's cache), not at start-up
        if found:
            words = found.groupdict()
            if "reason" in words:
                words["reason"] = _matched(words["reason"], _REASONS) or words["reason"]
            return gettext(message) % words
    return None


def usage_text(message: str) -> str:
    """``message`` (Typer's English) in the current language, or as it is if no pattern knows it.

    >>> from majlis.i18n import using
    >>> with using("ru"):
    ...     usage_text("Missing option '--law'.")
    "Не указан параметр '--law'."
    """
    return _matched(message, _MESSAGES) or message


def translate_usage_error(exc: Any) -> None:
    """Word ``exc`` (a Click usage error on its way to Typer's printer) in the current language."""
    if current() == DEFAULT or type(exc).__name__ == "NoArgsIsHelpError":
        return  # English, or the help page Typer shows for a group given no command
    english = exc.format_message()
    exc.format_message = lambda: usage_text(english)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:  # the usage line Typer prints above the panel, its "Usage:" worded
        line = ctx.get_usage()
        usage = f"{pgettext('help', 'Usage:')} "
        ctx.get_usage = lambda: line.replace("Usage: ", usage, 1)
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is None:
        from typer import rich_utils
    words = {
        "ERRORS_PANEL_TITLE": pgettext("help", "Error"),
        "RICH_HELP": pgettext("help", "Try [blue]'{command_path} {help_option}'[/] for help."),
    }
    for name, value in words.items():
        _SAVED.setdefault(name, getattr(rich_utils, name))
        setattr(rich_utils, name, value)


def restore() -> None:
    """Put Typer's own words back after a translated error was printed."""
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        for name, value in _SAVED.items():
            setattr(rich_utils, name, value)
    _SAVED.clear()
