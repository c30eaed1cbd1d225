"""``majlis members ...``: whole rolls — import, export, statistics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from majlis import registry, store
from majlis.cli._files import read_json, unreadable_as_input, writable
from majlis.cli._output import Format, FormatOption, emit
from majlis.cli._registry_common import By, On, day, login, parse_day
from majlis.errors import InputError
from majlis.i18n import N_, fmt_int
from majlis.i18n import gettext as _
from majlis.registry import stats
from majlis.registry.bulk import import_members
from majlis.registry.popolo import export_popolo, import_popolo

__all__ = ["members_app"]

#: the statistics' column headings as words (JSON and CSV keep the English keys)
_HEADINGS = {
    "party": N_("party"),
    "members": N_("members"),
    "from": N_("from"),
    "joins": N_("joins"),
    "leaves": N_("leaves"),
    "expulsions": N_("expulsions"),
    "dissolutions": N_("dissolutions"),
    "net": N_("net"),
    "region": N_("region"),
    "name": N_("name"),
}

members_app = typer.Typer(help=N_("Whole rolls: import, export, statistics."), no_args_is_help=True)


@members_app.command("import")
def members_import(
    source: Annotated[
        Path,
        typer.Argument(
            help=N_(
                "Roll CSV (iin,family_name,given_name,region"
                "[,joined_on,citizenship,barred]) or Popolo JSON."
            )
        ),
    ],
    party: Annotated[
        str | None, typer.Option(help=N_("The party the roll belongs to (CSV)."))
    ] = None,
    on: On = None,
    skip_invalid: Annotated[
        bool, typer.Option(help=N_("Import the valid rows; write the rejects."))
    ] = False,
    rejects: Annotated[Path | None, typer.Option(help=N_("Where to write rejected rows."))] = None,
    by: By = "",
) -> None:
    """Import a membership roll in one transaction: any invalid row rejects the whole file."""
    if not source.is_file():
        raise InputError(
            f"{source}: no such file", code="file.missing", params={"path": str(source)}
        )
    if rejects is not None:
        writable(rejects, what="rejects file")
    console = Console()
    if source.suffix.lower() == ".json":
        document = read_json(source, what="Popolo file")
        with store.session_scope() as s:
            counts = import_popolo(s, document, entered_by=by or login())
        persons, organizations, memberships = counts
        console.print(
            _(
                "imported %(persons)s persons, %(organizations)s organizations, %(memberships)s "
                "memberships"
            )
            % {
                "persons": fmt_int(persons),
                "organizations": fmt_int(organizations),
                "memberships": fmt_int(memberships),
            },
            markup=False,
        )
        return
    if party is None:
        raise InputError("--party is required to import a CSV roll", code="roll.no_party")
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(
            escape(_("importing %(file)s") % {"file": source.name}), total=source.stat().st_size
        )
        with store.session_scope() as s, unreadable_as_input(source, what="roll"):
            report = import_members(
                s,
                source=source,
                party=party,
                on=parse_day(on),
                entered_by=by or login(),
                skip_invalid=skip_invalid,
                rejects_file=rejects,
                progress=lambda n: bar.advance(task, n),
            )
    values = {
        "source": report.source,
        "imported": fmt_int(report.imported),
        "rows": fmt_int(report.rows),
        "party": report.party,
        "rejected": fmt_int(report.rejected),
        "file": report.rejects_file,
    }
    console.print(
        _(
            "%(source)s: %(imported)s of %(rows)s rows imported into %(party)s; %(rejected)s "
            "rejected, listed in %(file)s"
        )
        % values
        if report.rejected
        else _("%(source)s: %(imported)s of %(rows)s rows imported into %(party)s") % values,
        markup=False,
    )


@members_app.command("export")
def members_export(
    out: Annotated[Path, typer.Option("--out", help=N_("Popolo JSON file to write."))],
) -> None:
    """Export persons, organizations and memberships as Popolo JSON."""
    writable(out, what="--out file")
    with store.session_scope() as s:
        document = export_popolo(s)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1), "utf-8")
    Console().print(
        _(
            "%(file)s: %(persons)s persons, %(organizations)s organizations, %(memberships)s "
            "memberships"
        )
        % {
            "file": out,
            "persons": fmt_int(len(document["persons"])),
            "organizations": fmt_int(len(document["organizations"])),
            "memberships": fmt_int(len(document["memberships"])),
        },
        markup=False,
    )


@members_app.command("stats")
def members_stats(
    party: Annotated[
        str | None, typer.Option(help=N_("One party: by region and over time."))
    ] = None,
    on: Annotated[
        str | None, typer.Option(help=N_("Count members on this date (default: now)."))
    ] = None,
    growth: Annotated[
        str | None, typer.Option(help=N_("Growth series per day, week or month."))
    ] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """Members by party, by region for one party, or a party's growth series."""
    when = parse_day(on, "--on") if on else None
    values = {"party": party, "on": day(when)}
    with store.session_scope() as s:
        if party is None:
            columns: tuple[str, ...] = ("party", "members")
            title = _("members by party on %(on)s") % values if when else _("members by party")
            rows: list[tuple[object, ...]] = list(stats.members_by_party(s, on=when))
        elif growth is not None:
            if growth not in ("day", "week", "month"):
                raise InputError.expected(
                    what="--growth",
                    expected="day, week or month",
                    got=growth,
                    code="input.one_of",
                    params={"what": "--growth", "valid": "day, week, month", "got": growth},
                )
            columns = ("from", "joins", "leaves", "expulsions", "dissolutions", "net", "members")
            title = {
                "day": _("%(party)s: growth per day"),
                "week": _("%(party)s: growth per week"),
                "month": _("%(party)s: growth per month"),
            }[growth] % values
            rows = [
                (str(p.start), p.joins, p.leaves, p.expulsions, p.dissolutions, p.net, p.members)
                for p in stats.growth(s, party=party, period=growth)  # type: ignore[arg-type]
            ]
        else:
            names = {r.code: r.name for r in registry.all_regions()}
            columns = ("region", "name", "members")
            title = (
                _("%(party)s: members by region on %(on)s") % values
                if when
                else _("%(party)s: members by region") % values
            )
            rows = [
                (code or "-", names.get(code or "", "-"), count)
                for code, count in stats.members_by_region(s, party=party, on=when)
            ]
    shown = [
        [
            f"{v:+,}" if c == "net" else f"{v:,}" if isinstance(v, int) else str(v)
            for c, v in zip(columns, row, strict=True)
        ]
        for row in rows
    ]
    headings = columns if output.data else tuple(_(_HEADINGS[c]) for c in columns)
    emit(headings, rows, output, title=title, shown=shown)
