"""``majlis tabulate``, ``majlis discrepancies``, ``majlis export stations``, ``majlis synth``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._app import app
from majlis.cli._files import writable
from majlis.cli._output import Format, FormatOption, emit, print_table
from majlis.cli._results_common import progress_bar
from majlis.errors import InputError, Location
from majlis.i18n import N_, fmt_int, fmt_pct, gettext, ngettext
from majlis.labels import count_sentence, level_name, line_name
from majlis.law import get_ruleset
from majlis.parliament import ElectionSeats, election_seats
from majlis.results import (
    CountStatus,
    Level,
    Tally,
    count_status,
    observer_discrepancies,
    published_discrepancies,
    record_published_total,
    station_frame,
    tabulate_election,
)
from majlis.store import session_scope
from majlis.synth import Irregularities, SynthSpec, store_synthetic, synthesize, write_synthetic

__all__ = ["export_app"]

export_app = typer.Typer(help=N_("Open data exports."), no_args_is_help=True)
app.add_typer(export_app, name="export")

Election = Annotated[str, typer.Option("--election", "-e", help=N_("Election code."))]


@app.command("tabulate")
def tabulate(
    election: Election,
    level: Annotated[Level, typer.Option(help=N_("Level to list."))] = Level.REGION,
    ruleset: Annotated[
        str | None, typer.Option(help=N_("Allocate seats with this ruleset."))
    ] = None,
    on: Annotated[str | None, typer.Option(help=N_("Ruleset in force on this date (ISO)."))] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """Aggregate the final protocols up the hierarchy and allocate the seats.

    A stored election's seats come from its ruleset and its lists in registration order;
    ``--ruleset`` allocates under another ruleset (required for an election not stored).
    """
    console = Console()
    rules = None
    if ruleset is not None:
        rules = get_ruleset(ruleset, date=date.fromisoformat(on)) if on else get_ruleset(ruleset)
    with session_scope() as session:
        tab = tabulate_election(session, election)
        status = count_status(session, election)
        seats = election_seats(session, election, tabulation=tab, ruleset=rules)
    names = tab.list_names
    tallies = [*tab.tallies(level), tab.national] if level is not Level.NATIONAL else [tab.national]
    if output.data:
        _tabulate_data(tab.list_names, tallies, status, seats, output)
        return
    table = Table(
        level_name(level.value),
        gettext("stations"),
        gettext("voters"),
        gettext("turnout"),
        *names,
        title=gettext("%(election)s: totals by %(level)s")
        % {"election": election, "level": level_name(level.value)},
    )
    for t in tallies:
        table.add_row(
            level_name(t.unit) if t.level is Level.NATIONAL else t.unit,
            fmt_int(t.stations),
            fmt_int(t.lines["voters"]),
            fmt_pct(t.turnout),
            *(f"{fmt_int(v)} ({fmt_pct(t.share(n))})" for n, v in t.votes),
        )
    print_table(table, output, console=console)
    _status_line(console, status)
    if seats is not None:
        _seats_table(console, seats, output)


def _tabulate_data(
    names: tuple[str, ...],
    tallies: list[Tally],
    status: CountStatus,
    seats: ElectionSeats | None,
    output: Format,
) -> None:
    """The tallies as JSON (with the count status and the seats) or CSV (one row a unit)."""
    columns = ["level", "unit", "stations", "voters", "issued", "turnout", *names]
    rows = [
        [t.level.value, t.unit, t.stations, t.lines["voters"], t.lines["issued"],
         f"{float(t.turnout):.6f}", *(v for _, v in t.votes)]
        for t in tallies
    ]  # fmt: skip
    if output is Format.CSV:
        emit(columns, rows, output)
        return
    typer.echo(
        json.dumps(
            {
                "tallies": [dict(zip(columns, row, strict=True)) for row in rows],
                "status": {
                    "final": not status.provisional,
                    "sentence": status.sentence(),
                    "awaiting": list(status.awaiting),
                    "missing": status.missing,
                },
                "seats": None
                if seats is None
                else {
                    "ruleset": seats.allocation.ruleset_id,
                    "provisional": seats.provisional,
                    "lists": [
                        {"list": r.name, "votes": r.votes, "seats": r.seats} for r in seats.rows
                    ],
                },
            },
            ensure_ascii=False,
        )
    )


def _status_line(console: Console, status: CountStatus) -> None:
    """Say whether the tally is final or provisional, with the counts."""
    if not status.provisional:
        console.print(count_sentence(status))
        return
    shown = ", ".join(status.awaiting[:12]) + (" …" if len(status.awaiting) > 12 else "")
    console.print(count_sentence(status), style="bold red", markup=False)
    if status.awaiting:
        console.print(gettext("awaiting resolution: %(stations)s") % {"stations": shown})


def _seats_table(console: Console, seats: ElectionSeats, output: Format) -> None:
    title = (
        gettext("Seats under %(ruleset)s (PROVISIONAL)")
        if seats.provisional
        else gettext("Seats under %(ruleset)s")
    )
    out = Table(
        gettext("list"),
        gettext("votes"),
        gettext("seats"),
        title=title % {"ruleset": seats.allocation.ruleset_id},
    )
    for row in seats.rows:
        out.add_row(row.name, fmt_int(row.votes), str(row.seats))
    print_table(out, output, console=console)
    if seats.allocation.tie is not None:
        tie = gettext("Tie the law does not break: %(tie)s") % {"tie": seats.allocation.tie}
        console.print(tie, style="bold red", markup=False)
    if not seats.registered:
        console.print(
            gettext(
                "'%(election)s' is not stored: its ballot order stands in for the registration "
                "order (which breaks ties)."
            )
            % {"election": seats.election}
        )


@app.command("discrepancies")
def discrepancies(
    election: Election,
    published: Annotated[
        Path | None,
        typer.Option(
            help=N_("CSV of published totals (level, unit, then line columns) to record first.")
        ),
    ] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """Official figures against observer copies and against published higher-level totals."""
    console = Console()
    with session_scope() as session:
        if published is not None:
            with session.begin():
                for i, row in enumerate(pl.read_csv(published).iter_rows(named=True), start=1):
                    level, unit = row.pop("level", None), row.pop("unit", None)
                    if level not in ("territorial", "region", "national") or not unit:
                        raise InputError.expected(
                            what="a published total's level and unit",
                            expected="territorial/region/national and a unit name",
                            got=(level, unit),
                            location=Location(str(published), i, "level"),
                            code="published.level",
                            params={"level": level, "unit": unit},
                        )
                    lines = {k: int(v) for k, v in row.items() if v is not None}
                    record_published_total(
                        session, election=election, level=Level(level), unit=str(unit), lines=lines
                    )
        copies = observer_discrepancies(session, election)
        totals = published_discrepancies(session, election)
    if output.data:
        emit(
            ("unit", "against", "line", "official", "other", "difference"),
            [
                (d.unit, d.against, diff.line, diff.official, diff.other, diff.difference)
                for d in [*copies, *totals]
                for diff in d.differences
            ],
            output,
        )
        return
    table = Table(
        gettext("unit"),
        gettext("against"),
        gettext("line"),
        gettext("official"),
        gettext("other"),
        gettext("difference"),
        title=gettext("%(election)s: discrepancies") % {"election": election},
    )
    for d in [*copies, *totals]:
        for diff in d.differences:
            table.add_row(
                d.unit,
                d.against,
                line_name(diff.line),
                fmt_int(diff.official),
                fmt_int(diff.other),
                ("+" if diff.difference > 0 else "") + fmt_int(diff.difference),
            )
    print_table(table, output, console=console)
    console.print(
        gettext("%(copies)s and %(totals)s differ from the official figures")
        % {
            "copies": ngettext("%(num)s observer copy", "%(num)s observer copies", len(copies))
            % {"num": fmt_int(len(copies))},
            "totals": ngettext("%(num)s published total", "%(num)s published totals", len(totals))
            % {"num": fmt_int(len(totals))},
        }
    )


@export_app.command("stations")
def export_stations(
    folder: Annotated[Path, typer.Argument(help=N_("Folder for the CSV and Parquet files."))],
    election: Election,
) -> None:
    """Per-station open data (CSV and Parquet): place, every line, votes, turnout, hash."""
    writable(folder, what="export folder", folder=True)
    with session_scope() as session:
        frame = station_frame(session, election)
    folder.mkdir(parents=True, exist_ok=True)
    csv, parquet = folder / f"stations-{election}.csv", folder / f"stations-{election}.parquet"
    csvsafe.safe_frame(frame).write_csv(csv)
    frame.write_parquet(parquet)
    Console().print(f"{frame.height:,} stations written to {csv} and {parquet}")


@app.command("synth")
def synth(
    folder: Annotated[
        Path, typer.Argument(help=N_("Folder for protocols, stations, ground truth."))
    ],
    seed: Annotated[int, typer.Option(help=N_("Random seed (same seed, same election)."))] = 0,
    stations: Annotated[int, typer.Option(help=N_("Polling stations."))] = 10_061,
    double_entry: Annotated[bool, typer.Option(help=N_("Two entries with a few slips."))] = True,
    observer_share: Annotated[
        float, typer.Option(help=N_("Share of stations with a copy."))
    ] = 0.05,
    stuffing: Annotated[float, typer.Option(help=N_("Share of stations with stuffing."))] = 0.0,
    switching: Annotated[float, typer.Option(help=N_("Share with vote switching."))] = 0.0,
    rounding: Annotated[float, typer.Option(help=N_("Share with round-number turnout."))] = 0.0,
    store: Annotated[bool, typer.Option(help=N_("Also store it in the database."))] = False,
) -> None:
    """Generate a seeded synthetic Kazakhstan-2021-like election summing to the official totals."""
    writable(folder, what="folder", folder=True)
    console = Console()
    spec = SynthSpec(
        seed=seed,
        stations=stations,
        territorials=min(232, stations),
        double_entry=double_entry,
        observer_share=observer_share,
        irregularities=Irregularities(
            stuffing_share=stuffing, switching_share=switching, rounding_share=rounding
        ),
    )
    election = synthesize(spec)
    for path in write_synthetic(election, folder):
        console.print(f"wrote {path}")
    console.print(
        f"{len(election.stations):,} stations, {len(election.manipulations):,} "
        "manipulated (ground truth in ground-truth.json)"
    )
    if store:
        with session_scope() as session, progress_bar(console) as progress, session.begin():
            stored = store_synthetic(session, election, progress=progress)
        console.print(
            f"stored: {stored.final:,} final, {len(stored.pending)} awaiting "
            f"resolution ({', '.join(stored.pending)})"
        )
