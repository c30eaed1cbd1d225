"""``majlis audit``: forensic audit of per-station tables or stored elections, with an HTML report
per election.

Positional arguments are files; ``--election CODE`` (repeatable) audits the final protocols of
an election in the database (``MAJLIS_DATABASE_URL``), read by
:func:`majlis.results.station_results`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from majlis.cli._app import app
from majlis.cli._files import writable
from majlis.errors import InputError
from majlis.report import (
    AUDIT_DEFAULTS,
    METHODS,
    PRESETS,
    AuditOptions,
    AuditRecord,
    AuditTable,
    audit_batch,
    audit_table,
    election_audit,
    load_mapping,
    load_station_table,
    write_report,
)
from majlis.results import count_status
from majlis.store import session_scope

__all__ = ["audit"]


def _mapping(
    mapping_file: Path | None, options: dict[str, str | None]
) -> tuple[dict[str, str], str | None]:
    columns: dict[str, str] = {}
    name = None
    if mapping_file is not None:
        columns, name = load_mapping(mapping_file)
    columns.update({role: col for role, col in options.items() if col})
    return columns, name


def _render(console: Console, audit: AuditRecord, report: Path) -> None:
    table = Table(title=f"{audit.name} — {audit.stations} stations, leader {audit.leader}")
    table.add_column("method")
    table.add_column("result")
    table.add_column("signal")
    for m in audit.methods:
        mark = "[red]yes[/red]" if m.signal else ("[green]no[/green]" if m.signal is False else "–")
        table.add_row(m.title, m.headline, mark)
    counts = ", ".join(f"{k} {v}" for k, v in audit.flag_counts)
    table.add_row("Station flags", counts, "–")
    console.print(table)
    console.print(f"report: {report}")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "audit"


Opt = typer.Option
OptStr = str | None


def _role(what: str) -> typer.models.OptionInfo:
    text = f"Column holding the {what} (overrides presets)."
    info: typer.models.OptionInfo = typer.Option(help=text)
    return info


@app.command()
def audit(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Per-station tables (CSV, Parquet, zip).")
    ] = None,
    election: Annotated[
        list[str] | None,
        Opt("--election", "-e", help="Audit this election's final protocols in the database."),
    ] = None,
    preset: Annotated[OptStr, Opt(help=f"Input format: one of {', '.join(PRESETS)}.")] = None,
    mapping: Annotated[Path | None, Opt(help="TOML file mapping roles to columns.")] = None,
    registered: Annotated[OptStr, _role("registered voters")] = None,
    ballots_issued: Annotated[OptStr, _role("ballots issued")] = None,
    ballots_cast: Annotated[OptStr, _role("ballots cast")] = None,
    valid: Annotated[OptStr, _role("valid ballots")] = None,
    leader: Annotated[
        OptStr,
        Opt(help="Column of the leader's votes; with --election, the list (default: most voted)."),
    ] = None,
    region: Annotated[OptStr, _role("region label")] = None,
    territory: Annotated[OptStr, _role("territory label")] = None,
    station: Annotated[OptStr, _role("station label")] = None,
    out: Annotated[Path, Opt(help="Folder for the HTML reports.")] = Path("audit-reports"),
    method: Annotated[list[str] | None, Opt(help=f"Run only: {', '.join(METHODS)}.")] = None,
    seed: Annotated[int, Opt(help="Seed of every resampling.")] = AUDIT_DEFAULTS.seed,
    resamples: Annotated[int, Opt(min=0, help="Bootstrap resamples.")] = AUDIT_DEFAULTS.resamples,
    spike_resamples: Annotated[
        int, Opt(min=1, help="Rozenas resamples.")
    ] = AUDIT_DEFAULTS.spike_resamples,
    scheduler: Annotated[OptStr, Opt(help="Dask scheduler address (default: local).")] = None,
    workers: Annotated[int | None, Opt(min=1, help="Local cluster workers.")] = None,
    serial: Annotated[bool, Opt(help="Audit a batch one by one in this process.")] = False,
) -> None:
    """Audit polling-station results for statistical signs of falsification.

    Give per-station table files, or --election CODE for an election in the database. An
    election's audit is the stored one (the dashboard and the API show the same figures); it
    runs, and is stored, only when none exists for its final protocols and these settings.
    """
    console = Console()
    writable(out, what="--out folder", folder=True)
    files = files or []
    codes = election or []
    if not files and not codes:
        raise InputError.expected(
            what="majlis audit", expected="a FILE or --election CODE", got="neither"
        )
    roles = {
        "registered": registered,
        "ballots_issued": ballots_issued,
        "ballots_cast": ballots_cast,
        "valid": valid,
        "leader": leader,
        "region": region,
        "territory": territory,
        "station": station,
    }
    columns, name = _mapping(mapping, roles if files else {})
    if method:
        unknown = [m for m in method if m not in METHODS]
        if unknown:
            raise InputError.expected(
                what="The --method", expected=f"one of {list(METHODS)}", got=unknown
            )
    options = AuditOptions(seed=seed, resamples=resamples, spike_resamples=spike_resamples)
    chosen = tuple(method) if method else None
    tables: list[AuditTable] = [
        load_station_table(
            f, preset=preset, mapping=columns or None, name=name if len(files) == 1 else None
        )
        for f in files
    ]
    columns_ = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
    )
    records: list[tuple[AuditRecord, str]] = []
    with Progress(*columns_, console=console, transient=True) as progress:
        for code in codes:
            task = progress.add_task(f"auditing {code}", total=len(chosen or METHODS) + 1)

            def advance(_: str, task_id: TaskID = task) -> None:
                progress.advance(task_id)

            with session_scope() as session:
                stored = election_audit(
                    session, code, options=options, leader=leader, methods=chosen, on_step=advance
                )
                status = count_status(session, code)
            records.append((stored.record, status.sentence() if status.provisional else ""))
        if len(tables) == 1 or serial:
            audits = []
            for table in tables:
                steps = chosen or tuple(METHODS)
                task = progress.add_task(f"auditing {table.name}", total=len(steps) + 1)

                def step(_: str, task_id: TaskID = task) -> None:
                    progress.advance(task_id)

                audits.append(audit_table(table, options=options, methods=chosen, on_step=step))
        elif tables:
            task = progress.add_task(f"auditing {len(tables)} elections on Dask", total=len(tables))
            audits = list(
                audit_batch(
                    tables,
                    options=options,
                    methods=chosen,
                    scheduler=scheduler,
                    workers=workers,
                    on_done=lambda _: progress.advance(task),
                )
            )
        else:
            audits = []
        records = [(AuditRecord.from_audit(a), "") for a in audits] + records
        reports = []
        write = progress.add_task("writing reports", total=len(records))
        for i, (record, banner) in enumerate(records):
            stem = _slug(record.name) if len(records) == 1 else f"{i + 1:02d}-{_slug(record.name)}"
            reports.append(write_report(record, out / f"{stem}.html", banner=banner))
            progress.advance(write)
    for (record, banner), report in zip(records, reports, strict=True):
        if banner:
            console.print(f"[bold red]{banner}[/bold red]")
        _render(console, record, report)
