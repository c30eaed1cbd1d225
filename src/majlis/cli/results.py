"""``majlis protocols import|show|check|resolve|correct``, ``majlis tabulate``,
``majlis discrepancies``, ``majlis export stations`` and ``majlis synth``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

import majlis.cli._results_views as views
from majlis.cli._app import app
from majlis.cli._files import writable
from majlis.cli._results_common import parse_assignments, progress_bar
from majlis.cli._results_reports import export_app  # registers tabulate, discrepancies, synth
from majlis.errors import ConflictError, NotFoundError
from majlis.finding_text import code_word
from majlis.i18n import N_, gettext
from majlis.results import (
    COUNT_LINES,
    Lines,
    Resolution,
    Source,
    check_protocol,
    check_table,
    correct_protocol,
    entry_differences,
    final_decision,
    finalise_station,
    import_protocols,
    latest_protocol,
    latest_table,
    protocol_history,
)
from majlis.store import session_scope

__all__ = ["export_app", "protocols_app"]

protocols_app = typer.Typer(
    help=N_("Polling-station protocols: import, inspect, check, resolve, correct."),
    no_args_is_help=True,
)
app.add_typer(protocols_app, name="protocols")

Election = Annotated[str, typer.Option("--election", "-e", help=N_("Election code."))]
By = Annotated[str, typer.Option("--by", help=N_("Who does this (recorded)."))]
Sets = Annotated[list[str], typer.Option("--set", help=N_("FIELD=VALUE, repeatable."))]


@protocols_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help=N_("CSV, JSON or Parquet, one protocol per row."))],
    election: Annotated[str | None, typer.Option("--election", "-e")] = None,
    source: Annotated[Source, typer.Option(help=N_("Source when the file has no column."))] = (
        Source.OFFICIAL
    ),
    skip_invalid: Annotated[
        bool, typer.Option(help=N_("Import valid rows, reject the rest."))
    ] = False,
    rejects: Annotated[Path | None, typer.Option(help=N_("Reject file (CSV)."))] = None,
) -> None:
    """Import, check and store a protocols file in one transaction."""
    if rejects is not None:
        writable(rejects, what="rejects file")
    console = Console()
    with session_scope() as session, progress_bar(console) as progress, session.begin():
        report = import_protocols(
            session,
            file,
            election=election,
            source=source,
            skip_invalid=skip_invalid,
            reject_path=rejects,
            progress=progress,
        )
    views.import_report(console, report)


@protocols_app.command("show")
def show(station: str, election: Election) -> None:
    """Every version of a station's protocol, its findings, entry differences and finality."""
    console = Console()
    with session_scope() as session:
        history = protocol_history(session, election, station)
        if not history:
            raise NotFoundError(
                f"station {station} has no protocol in election '{election}'",
                code="protocol.none",
                params={"station": station, "election": election},
            )
        decision = final_decision(session, election, station)
        latest = latest_protocol(session, election, station, Source.OFFICIAL)
        try:
            diffs = entry_differences(session, election, station)
        except ConflictError:  # no pair of entries yet: nothing to compare
            diffs = ()
    views.protocol_detail(console, history, latest, decision, diffs)
    if latest is not None:
        views.findings(console, check_protocol(latest))


@protocols_app.command("check")
def check(
    election: Election,
    source: Annotated[Source, typer.Option(help=N_("Which source's latest versions."))] = (
        Source.OFFICIAL
    ),
    limit: Annotated[int, typer.Option(help=N_("Findings to list."))] = 30,
) -> None:
    """Check the latest protocols of an election (vectorised) and list the findings."""
    console = Console()
    with session_scope() as session:
        table, places = latest_table(session, election, source)
    result = check_table(table, regions=[places[s].region for s in table.station])
    views.check_report(console, result, limit=limit)


@protocols_app.command("resolve")
def resolve(
    station: str,
    election: Election,
    by: By,
    set_: Sets = [],  # noqa: B006
    note: Annotated[str, typer.Option(help=N_("Why these values."))] = "",
) -> None:
    """Make a station's protocol final from its two entries, resolving differences."""
    console = Console()
    values = parse_assignments(set_)
    with session_scope() as session, session.begin():
        resolution = Resolution(by, values, note) if values else None
        done = finalise_station(session, election, station, decided_by=by, resolution=resolution)
    console.print(
        gettext("station %(station)s: final by %(method)s, version %(version)s, hash %(hash)s")
        % {
            "station": station,
            "method": code_word(done.method),
            "version": done.protocol.version,
            "hash": done.protocol.content_hash,
        },
        markup=False,
    )
    views.findings(console, done.warnings)


@protocols_app.command("correct")
def correct(
    station: str,
    election: Election,
    by: By,
    reason: Annotated[str, typer.Option()],
    set_: Sets = [],  # noqa: B006
    source: Annotated[Source, typer.Option()] = Source.OFFICIAL,
) -> None:
    """Record a corrected version (nothing is overwritten); official ones become final anew."""
    console = Console()
    values = parse_assignments(set_)
    with session_scope() as session, session.begin():
        current = latest_protocol(session, election, station, source)
        if current is None:
            raise NotFoundError(
                f"station {station} has no {source.value} protocol to correct",
                code="protocol.none_to_correct",
                params={"station": station, "source": source.value},
            )
        fields = {**current.lines.field_values(), **values}
        lines = Lines(
            votes=tuple((n, fields[f"votes.{n}"]) for n in current.lines.list_names),
            **{k: fields[k] for k in COUNT_LINES},
        )
        result = correct_protocol(
            session, replace(current, lines=lines), reason=reason, entered_by=by
        )
    console.print(
        gettext("station %(station)s: %(source)s version %(version)s recorded, hash %(hash)s")
        % {
            "station": station,
            "source": code_word(source.value),
            "version": result.protocol.version,
            "hash": result.protocol.content_hash,
        },
        markup=False,
    )
    if result.errors:
        console.print(gettext("not final: a control relation is broken"), style="red")
        views.findings(console, result.errors)
    elif result.final is not None:
        console.print(gettext("final (the corrected version stands)"))
