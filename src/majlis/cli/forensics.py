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
from majlis.cli._help import filled
from majlis.errors import InputError
from majlis.i18n import N_, fmt_int, gettext, ngettext
from majlis.labels import count_sentence, method_title
from majlis.report import (
    AUDIT_DEFAULTS,
    FORMATS,
    METHODS,
    PRESETS,
    AuditOptions,
    AuditRecord,
    AuditTable,
    audit_table,
    load_mapping,
    load_station_table,
    write_audit,
)

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


def _render(console: Console, audit: AuditRecord, written: list[Path]) -> None:
    title = ngettext(
        "%(name)s — %(num)s station, leader %(leader)s",
        "%(name)s — %(num)s stations, leader %(leader)s",
        audit.stations,
    )
    table = Table(
        title=title % {"name": audit.name, "num": fmt_int(audit.stations), "leader": audit.leader}
    )
    table.add_column(gettext("method"))
    table.add_column(gettext("result"))
    table.add_column(gettext("signal"))
    yes, no = gettext("yes"), gettext("no")
    for m in audit.methods:
        mark = (
            f"[red]{yes}[/red]"
            if m.signal
            else (f"[green]{no}[/green]" if m.signal is False else "–")
        )
        table.add_row(method_title(m.key, m.title), m.headline, mark)
    counts = ", ".join(f"{k} {v}" for k, v in audit.flag_counts)
    table.add_row(gettext("Station flags"), counts, "–")
    console.print(table)
    for path in written:
        console.print(gettext("report: %(path)s") % {"path": path}, markup=False)


def _peak_range(text: str | None) -> tuple[float, float]:
    """``LO:HI`` (or ``LO HI``, ``LO,HI``) in turnout percent."""
    if text is None:
        return AUDIT_DEFAULTS.peak_range
    parts = [p for p in re.split(r"[:,\s]+", text.strip()) if p]
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise InputError.expected(
            what="The --peak-range",
            expected="LO:HI in turnout percent, e.g. 55:95",
            got=text,
            code="audit.peak_range",
            params={"got": text},
        ) from None
    return low, high


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "audit"


Opt = typer.Option
OptStr = str | None


def _role(text: str) -> typer.models.OptionInfo:
    info: typer.models.OptionInfo = typer.Option(help=text)
    return info


@app.command()
def audit(
    files: Annotated[
        list[Path] | None, typer.Argument(help=N_("Per-station tables (CSV, Parquet, zip)."))
    ] = None,
    election: Annotated[
        list[str] | None,
        Opt("--election", "-e", help=N_("Audit this election's final protocols in the database.")),
    ] = None,
    preset: Annotated[
        OptStr,
        Opt(help=filled(N_("Input format: one of %(presets)s."), presets=", ".join(PRESETS))),
    ] = None,
    mapping: Annotated[Path | None, Opt(help=N_("TOML file mapping roles to columns."))] = None,
    registered: Annotated[
        OptStr, _role(N_("Column holding the registered voters (overrides presets)."))
    ] = None,
    ballots_issued: Annotated[
        OptStr, _role(N_("Column holding the ballots issued (overrides presets)."))
    ] = None,
    ballots_cast: Annotated[
        OptStr, _role(N_("Column holding the ballots cast (overrides presets)."))
    ] = None,
    valid: Annotated[
        OptStr, _role(N_("Column holding the valid ballots (overrides presets)."))
    ] = None,
    leader: Annotated[
        OptStr,
        Opt(
            help=N_(
                "Column of the leader's votes; with --election, the list (default: most voted)."
            )
        ),
    ] = None,
    region: Annotated[
        OptStr, _role(N_("Column holding the region label (overrides presets)."))
    ] = None,
    territory: Annotated[
        OptStr, _role(N_("Column holding the territory label (overrides presets)."))
    ] = None,
    station: Annotated[
        OptStr, _role(N_("Column holding the station label (overrides presets)."))
    ] = None,
    out: Annotated[
        Path, Opt(help=N_("Folder the reports are written to (created if needed)."))
    ] = Path(),
    fmt: Annotated[
        list[str] | None,
        Opt(
            "--format",
            "-f",
            help=filled(
                N_("Output format, repeatable: %(formats)s (default html)."),
                formats=", ".join(FORMATS),
            ),
        ),
    ] = None,
    method: Annotated[
        list[str] | None, Opt(help=filled(N_("Run only: %(methods)s."), methods=", ".join(METHODS)))
    ] = None,
    seed: Annotated[int, Opt(help=N_("Seed of every resampling."))] = AUDIT_DEFAULTS.seed,
    resamples: Annotated[
        int, Opt(min=0, help=N_("Bootstrap resamples."))
    ] = AUDIT_DEFAULTS.resamples,
    spike_resamples: Annotated[
        int, Opt(min=1, help=N_("Rozenas resamples."))
    ] = AUDIT_DEFAULTS.spike_resamples,
    spike_draws: Annotated[
        int,
        Opt(
            min=0,
            help=N_("Posterior draws for Rozenas' interval (0: none; each costs one resampling)."),
        ),
    ] = AUDIT_DEFAULTS.spike_draws,
    peak_range: Annotated[
        OptStr,
        Opt(
            "--peak-range",
            metavar="LO:HI",
            help=N_("Turnout interval (percent) for Shpilkin's clean peak (default 5:95)."),
        ),
    ] = None,
    scheduler: Annotated[OptStr, Opt(help=N_("Dask scheduler address (default: local)."))] = None,
    workers: Annotated[int | None, Opt(min=1, help=N_("Local cluster workers."))] = None,
    serial: Annotated[bool, Opt(help=N_("Audit a batch one by one in this process."))] = False,
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
            what="majlis audit",
            expected="a FILE or --election CODE",
            got="neither",
            code="audit.no_input",
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
    formats = tuple(fmt or ("html",))
    unknown_formats = [f for f in formats if f not in FORMATS]
    if unknown_formats:
        raise InputError.expected(
            what="The --format",
            expected=f"one of {list(FORMATS)}",
            got=unknown_formats,
            code="input.one_of",
            params={
                "what": "--format",
                "valid": ", ".join(FORMATS),
                "got": ", ".join(unknown_formats),
            },
        )
    columns, name = _mapping(mapping, roles if files else {})
    if method:
        unknown = [m for m in method if m not in METHODS]
        if unknown:
            raise InputError.expected(
                what="The --method",
                expected=f"one of {list(METHODS)}",
                got=unknown,
                code="input.one_of",
                params={"what": "--method", "valid": ", ".join(METHODS), "got": ", ".join(unknown)},
            )
    options = AuditOptions(
        seed=seed,
        resamples=resamples,
        spike_resamples=spike_resamples,
        spike_draws=spike_draws,
        peak_range=_peak_range(peak_range),
    )
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
    records: list[tuple[AuditRecord, str, str]] = []  # record, banner, file stem
    if codes:  # the database layer, loaded only for stored elections
        from majlis.report.stored_audit import election_audit
        from majlis.results import count_status
        from majlis.store import session_scope
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
            banner = count_sentence(status) if status.provisional else ""
            records.append((stored.record, banner, f"election-{_slug(code)}"))
        if len(tables) == 1 or serial:
            audits = []
            for table in tables:
                steps = chosen or tuple(METHODS)
                task = progress.add_task(f"auditing {table.name}", total=len(steps) + 1)

                def step(_: str, task_id: TaskID = task) -> None:
                    progress.advance(task_id)

                audits.append(audit_table(table, options=options, methods=chosen, on_step=step))
        elif tables:
            from majlis.report.batch import audit_batch  # Dask, loaded only for a batch

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
        records = [
            (record, "", _slug(record.name))
            for record in (AuditRecord.from_audit(a) for a in audits)
        ] + records
        reports = []
        write = progress.add_task("writing reports", total=len(records))
        for i, (record, banner, name) in enumerate(records):
            stem = name if len(records) == 1 else f"{i + 1:02d}-{name}"
            reports.append(write_audit(record, out, stem, formats=formats, banner=banner))
            progress.advance(write)
    for (record, banner, _), report in zip(records, reports, strict=True):
        if banner:
            console.print(banner, style="bold red", markup=False)
        _render(console, record, report)
