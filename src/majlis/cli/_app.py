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
from typer.core import TyperOption

from majlis import __version__
from majlis.cli._lazy import LazyCommand as C
from majlis.cli._lazy import LazyGroup

#: name → (module that registers it, its help); the order of ``majlis --help``. One line each.
# fmt: off
COMMANDS: dict[str, C] = {
    "demo": C("majlis.cli.demo", "Build the Kazakhstan Majlis election of 10 January 2021 end to end (SQLite + HTML report)."),  # noqa: E501
    "audit": C("majlis.cli.forensics", "Audit polling-station results for statistical signs of falsification."),  # noqa: E501
    "laws": C("majlis.cli.law", "List the shipped rulesets with their effective dates."),
    "seats": C("majlis.cli.law", "Allocate a ruleset's seats from a votes CSV and explain the result."),  # noqa: E501
    "tabulate": C("majlis.cli._results_reports", "Aggregate the final protocols up the hierarchy and allocate the seats."),  # noqa: E501
    "discrepancies": C("majlis.cli._results_reports", "Official figures against observer copies and against published higher-level totals."),  # noqa: E501
    "synth": C("majlis.cli._results_reports", "Generate a seeded synthetic Kazakhstan-2021-like election summing to the official totals."),  # noqa: E501
    "whatif": C("majlis.cli.scenarios", "Change the votes (moves, boycotts) and compare the seats with the original count."),  # noqa: E501
    "project": C("majlis.cli.scenarios", "Monte Carlo seat projection from poll shares (sample size, or an 'se' column)."),  # noqa: E501
    "serve": C("majlis.cli.serve", "Serve the REST API and the dashboard (SQLite by default, PostgreSQL in production)."),  # noqa: E501
    "db": C("majlis.cli.db", "The database: where it is, and migrating it."),
    "election": C("majlis.cli.elections", "Elections: calendar, lists, ballot draw."),
    "list": C("majlis.cli.elections", "Party lists: nominate, register, withdraw."),
    "incidents": C("majlis.cli.incidents", "Incidents at polling stations (append-only)."),
    "law": C("majlis.cli.law", "Inspect the shipped electoral laws."),
    "parliament": C("majlis.cli.parliament", "The chamber: convocations, seats, composition."),
    "mandate": C("majlis.cli.parliament", "Mandates: termination and by-elections."),
    "party": C("majlis.cli.registry", "Parties and movements through their lifecycle."),
    "person": C("majlis.cli.registry", "A person's record: registration, barred category, region."),
    "member": C("majlis.cli.registry", "One person's membership: join, leave, expulsion."),
    "members": C("majlis.cli.registry", "Whole rolls: import, export, statistics."),
    "registry": C("majlis.cli.registry", "The membership ledger as a whole."),
    "verify": C("majlis.cli.record", "Recompute every hash chain and print the record digest (last line); exit 1 if broken."),  # noqa: E501
    "export": C("majlis.cli._results_reports", "Open data exports.", also=("majlis.cli.record",)),
    "protocols": C("majlis.cli.results", "Polling-station protocols: import, inspect, check, resolve, correct."),  # noqa: E501
    "token": C("majlis.cli.serve", "Issue, list and revoke API tokens."),
    "report": C("majlis.cli.report", "Printable reports: an election's results protocol, the quick-count statement."),  # noqa: E501
    "pvt": C("majlis.cli.pvt", "Parallel vote tabulation (quick count): sample, status, estimate, comparison."),  # noqa: E501
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
            help="Language of the messages, tables and reports: English, Russian or Kazakh "
            "(default: MAJLIS_LANG, then LC_ALL, LC_MESSAGES, LANG).",
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the traceback of an unexpected error (for a report)."),
    ] = False,
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version of majlis and exit.",
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
    help="An engine for party-list parliaments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)
RootGroup.typer_app = app


@app.command()
def version() -> None:
    """Print the installed version of majlis."""
    typer.echo(__version__)
