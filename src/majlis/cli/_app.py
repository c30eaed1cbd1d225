"""The root Typer application that every area's command module registers on.

:data:`COMMANDS` is the static table of the root: each command or group, the module that
registers it and its one-line help for ``majlis --help``. A module is imported only when one
of its commands runs (:mod:`majlis.cli._lazy`). A new root command is one line here, e.g.
``"verify": C("majlis.cli.verify", "<the first paragraph of its help>"),``; a module that
adds a subcommand to another module's group is named in that group's ``also=(...)``. The test
``tests/cli/test_startup.py`` fails when the table and the modules disagree.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from majlis import __version__
from majlis.cli._coerce import runtime_param
from majlis.cli._help import render_translated
from majlis.cli._lazy import LazyCommand as C
from majlis.cli._lazy import LazyGroup
from majlis.i18n import N_

#: name → (module that registers it, its help); the order of ``majlis --help``. One line each.
# fmt: off
COMMANDS: dict[str, C] = {
    "demo": C("majlis.cli.demo", N_("Build the Kazakhstan Majlis election of 10 January 2021 end to end (SQLite + HTML report).")),  # noqa: E501
    "audit": C("majlis.cli.forensics", N_("Audit polling-station results for statistical signs of falsification.")),  # noqa: E501
    "laws": C("majlis.cli.law", N_("List the shipped rulesets with their effective dates.")),
    "seats": C("majlis.cli.law", N_("Allocate a ruleset's seats from a votes CSV and explain the result.")),  # noqa: E501
    "tabulate": C("majlis.cli._results_reports", N_("Aggregate the final protocols up the hierarchy and allocate the seats.")),  # noqa: E501
    "discrepancies": C("majlis.cli._results_reports", N_("Official figures against observer copies and against published higher-level totals.")),  # noqa: E501
    "synth": C("majlis.cli._results_reports", N_("Generate a seeded synthetic Kazakhstan-2021-like election summing to the official totals.")),  # noqa: E501
    "whatif": C("majlis.cli.scenarios", N_("Change the votes (moves, boycotts) and compare the seats with the original count.")),  # noqa: E501
    "project": C("majlis.cli.scenarios", N_("Monte Carlo seat projection from poll shares (sample size, or an 'se' column).")),  # noqa: E501
    "serve": C("majlis.cli.serve", N_("Serve the REST API and the dashboard (SQLite by default, PostgreSQL in production).")),  # noqa: E501
    "db": C("majlis.cli.db", N_("The database: where it is, and migrating it.")),
    "election": C("majlis.cli.elections", N_("Elections: calendar, lists, ballot draw.")),
    "list": C("majlis.cli.elections", N_("Party lists: nominate, register, withdraw.")),
    "incidents": C("majlis.cli.incidents", N_("Incidents at polling stations (append-only).")),
    "law": C("majlis.cli.law", N_("Inspect the shipped electoral laws.")),
    "parliament": C("majlis.cli.parliament", N_("The chamber: convocations, seats, composition.")),
    "mandate": C("majlis.cli.parliament", N_("Mandates: termination and by-elections.")),
    "party": C("majlis.cli.registry", N_("Parties and movements through their lifecycle.")),
    "person": C("majlis.cli.registry", N_("A person's record: registration, barred category, region.")),  # noqa: E501
    "member": C("majlis.cli.registry", N_("One person's membership: join, leave, expulsion.")),
    "members": C("majlis.cli.registry", N_("Whole rolls: import, export, statistics.")),
    "registry": C("majlis.cli.registry", N_("The membership ledger as a whole.")),
    "verify": C("majlis.cli.record", N_("Recompute every hash chain and print the record digest (last line); exit 1 if broken.")),  # noqa: E501
    "export": C("majlis.cli._results_reports", N_("Open data exports."), also=("majlis.cli.record",)),  # noqa: E501
    "protocols": C("majlis.cli.results", N_("Polling-station protocols: import, inspect, check, resolve, correct.")),  # noqa: E501
    "token": C("majlis.cli.serve", N_("Issue, list and revoke API tokens.")),
    "report": C("majlis.cli.report", N_("Printable reports: an election's results protocol, the quick-count statement.")),  # noqa: E501
    "pvt": C("majlis.cli.pvt", N_("Parallel vote tabulation (quick count): sample, status, estimate, comparison.")),  # noqa: E501
}
# fmt: on


_typed_display = TyperOption.display_type_rich


def _flag_display(option: TyperOption, ctx: Any) -> str | None:
    """The type shown beside an option in the help; none for a flag, which takes no value.

    Typer 0.29 prints ``<bool>`` beside every flag (``--help``, ``--dry-run``), as if it
    took a value; its help panel skips the column when this returns None.
    """
    return None if option.is_flag else _typed_display(option, ctx)


TyperOption.display_type_rich = _flag_display  # type: ignore[method-assign,assignment]
# values coerced without Pydantic where they need none (majlis.cli._coerce)
TyperOption.get_runtime_param = runtime_param  # type: ignore[method-assign]
TyperArgument.get_runtime_param = runtime_param  # type: ignore[method-assign]
# help pages in the language of the messages (English: as Typer renders them)
TyperCommand.format_help = render_translated(TyperCommand.format_help)  # type: ignore[method-assign,assignment]
TyperGroup.format_help = render_translated(TyperGroup.format_help)  # type: ignore[method-assign,assignment]


class RootGroup(LazyGroup):
    """The ``majlis`` group: :data:`COMMANDS` loaded lazily, errors translated once."""

    commands_table = COMMANDS


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


def _root(
    lang: Annotated[
        Literal["en", "ru", "kk"] | None,
        typer.Option(
            "--lang",
            help=N_(
                "Language of the messages, tables and reports: English, Russian or Kazakh "
                "(default: MAJLIS_LANG, then LC_ALL, LC_MESSAGES, LANG)."
            ),
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help=N_("Show the traceback of an unexpected error (for a report).")
        ),
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help=N_("Print the installed version of majlis and exit."),
        ),
    ] = False,
) -> None:
    """The root's own options; every command lives in COMMANDS.

    ``--lang`` and ``--debug`` are read back by :class:`majlis.cli._errors.MajlisGroup` from
    the root context's parameters.
    """


app = typer.Typer(
    name="majlis",
    callback=_root,  # a group even before any command module is imported
    cls=RootGroup,
    help=N_("An engine for party-list parliaments."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)
RootGroup.typer_app = app


@app.command()
def version() -> None:
    """Print the installed version of majlis."""
    typer.echo(__version__)
