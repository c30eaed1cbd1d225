"""A root command group that imports a command's module only when that command runs.

The root knows every command from a static table (name → module, one-line help), so
``majlis --help`` and ``majlis --version`` import no area module, and ``majlis seats`` imports
only the modules of the law commands — never the demo, reports, plots or the database.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand

from majlis.cli._errors import MajlisGroup

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True)
class LazyCommand:
    """Where a root command is registered, and the help ``majlis --help`` shows for it.

    ``also`` names further modules that add subcommands to a group registered by ``module``
    (imported with it, before the group is built).
    """

    module: str
    help: str
    also: tuple[str, ...] = ()

    @property
    def modules(self) -> tuple[str, ...]:
        """Every module to import before the command is built."""
        return (self.module, *self.also)


def _registered(app: typer.Typer, name: str) -> typer.Typer:
    """A Typer app holding only ``app``'s registrations named ``name``, with its settings."""
    only = typer.Typer(
        rich_markup_mode=app.rich_markup_mode,
        pretty_exceptions_short=app.pretty_exceptions_short,
        suggest_commands=app.suggest_commands,
    )
    only.registered_commands = [
        info
        for info in app.registered_commands
        if (info.name or typer.main.get_command_name(getattr(info.callback, "__name__", "")))
        == name
    ]
    only.registered_groups = [info for info in app.registered_groups if info.name == name]
    return only


class _Placeholder(TyperCommand):
    """Stands in a help listing or a completion for a command whose module is not loaded."""


class LazyGroup(MajlisGroup):
    """The root group: commands of :attr:`commands_table` are loaded on first use.

    A listing (``--help``, shell completion) reads the table and imports nothing; resolving a
    name to run it imports the module that registers it on the root Typer app and builds the
    command from that registration, exactly as an eager import would have.
    """

    #: name → where it lives; set by the subclass that the root Typer app uses.
    commands_table: ClassVar[Mapping[str, LazyCommand]] = {}
    #: the Typer app whose registrations the table's modules add to.
    typer_app: ClassVar[typer.Typer | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, entry in self.commands_table.items():
            self.commands.setdefault(name, _Placeholder(name=name, help=entry.help))
        self._listing = 0
        self._loaded: set[str] = set()

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = self.commands_table.get(cmd_name)
        if entry is not None and not self._listing and cmd_name not in self._loaded:
            # Built from the registrations when every module of the entry was imported
            # already; otherwise (a placeholder, or a group another module extends) load it.
            stale = any(module not in sys.modules for module in entry.modules)
            if stale or isinstance(self.commands.get(cmd_name), _Placeholder):
                self.load(cmd_name)
            self._loaded.add(cmd_name)
        return super().get_command(ctx, cmd_name)

    def load(self, name: str) -> Any:
        """Import the module that registers ``name`` and return the built command.

        Only that command (or group) is built from the registrations, as building the root
        Typer app would build it: neither the root again nor the module's other commands.
        """
        for module in self.commands_table[name].modules:
            importlib.import_module(module)
        assert self.typer_app is not None, "LazyGroup needs typer_app"
        built = typer.main.get_group(_registered(self.typer_app, name)).commands.get(name)
        if built is None:
            module = self.commands_table[name].module
            raise LookupError(f"module {module} does not register the command {name!r}")
        self.commands[name] = built
        return built

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing += 1
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing -= 1

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        self._listing += 1
        try:
            return super().shell_complete(ctx, incomplete)
        finally:
            self._listing -= 1
