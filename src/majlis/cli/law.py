"""``majlis laws``, ``majlis law show ID`` and ``majlis seats``: rulesets and allocations."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._app import app
from majlis.cli._chamber_render import render_chamber
from majlis.cli._files import read_text
from majlis.cli._law_render import districts_text, law_rows, ruleset_row
from majlis.cli._output import Format, FormatOption, emit, print_table, print_trace
from majlis.cli._votes_csv import read_votes_csv
from majlis.errors import InputError, Location, RulesetError
from majlis.i18n import DEFAULT, N_, fmt_int, gettext, pgettext, using
from majlis.law import (
    METHODS,
    Allocation,
    Ruleset,
    allocate,
    get_ruleset,
    list_rulesets,
    parse_ruleset,
    seat_chamber,
    trace_records,
)

__all__ = ["law_app"]

law_app = typer.Typer(help=N_("Inspect the shipped electoral laws."), no_args_is_help=True)
app.add_typer(law_app, name="law")


def _ruleset_record(r: Ruleset) -> dict[str, object]:
    with using(DEFAULT):  # JSON stays English, whatever the language of the tables
        constituencies = districts_text(r)
    return {
        "id": r.id,
        "title": r.title,
        "jurisdiction": r.jurisdiction,
        "body": r.body,
        "effective_from": r.effective_from.isoformat(),
        "effective_to": r.effective_to.isoformat() if r.effective_to else None,
        "total_seats": r.total_seats,
        "list_seats": r.list_seats,
        "district_seats": r.district_seats,
        "appointed_seats": r.appointed_seats,
        "method": r.method,
        "threshold": str(r.threshold),
        "threshold_base": r.threshold_base,
        "constituencies": constituencies or None,
        "citation": r.citation,
        "sources": list(r.sources),
    }


def _parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.expected(
            what="--date",
            expected="a date such as 2021-01-10",
            got=text,
            location=Location(field="--date"),
            code="input.date",
            params={"what": "--date", "got": text},
        ) from None


def _load(law: str, on: date | None) -> Ruleset:
    path = Path(law)
    if law.endswith(".toml") or path.is_file():
        text = read_text(path, what="ruleset file", encoding="utf-8")
        ruleset = parse_ruleset(text, source=law)
        if on is not None and not ruleset.in_force(on):
            raise RulesetError(
                f"ruleset {ruleset.id!r} is not in force on {on}.",
                location=Location(source=law, field="effective_from"),
                code="ruleset.file_not_in_force",
                params={"ruleset": ruleset.id, "on": on},
            )
        return ruleset
    return get_ruleset(law, date=on)


@app.command("laws")
def laws(
    output: FormatOption = Format.AUTO,
) -> None:
    """List the shipped rulesets with their effective dates."""
    rulesets = list_rulesets()
    if output is Format.JSON:
        typer.echo(json.dumps([_ruleset_record(r) for r in rulesets], ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(
            [
                "id",
                "jurisdiction",
                "body",
                "effective_from",
                "effective_to",
                "list_seats",
                "total_seats",
                "method",
                "threshold",
            ]
        )
        for r in rulesets:
            writer.writerow(
                [
                    r.id,
                    r.jurisdiction,
                    r.body,
                    r.effective_from,
                    r.effective_to or "",
                    r.list_seats,
                    r.total_seats,
                    r.method,
                    r.threshold,
                ]
            )
        typer.echo(buffer.getvalue(), nl=False)
        return
    table = Table(title=gettext("Rulesets"))
    table.add_column(gettext("id"), no_wrap=True)
    table.add_column(gettext("country"))
    table.add_column(gettext("body"))
    table.add_column(pgettext("ruleset", "from"), no_wrap=True)
    table.add_column(pgettext("ruleset", "to"), no_wrap=True)
    for column in (
        gettext("list / total"),
        pgettext("ruleset", "method"),
        pgettext("ruleset", "threshold"),
    ):
        table.add_column(column)
    for r in rulesets:
        table.add_row(*ruleset_row(r))
    print_table(table, output)


@law_app.command("methods")
def methods(
    output: FormatOption = Format.AUTO,
) -> None:
    """List the registered allocation methods (the names rulesets use)."""
    rows: list[tuple[str, str, str]] = [(m.name, m.family, m.description) for m in METHODS.values()]
    if output not in (Format.JSON, Format.CSV):  # the table is worded; JSON and CSV stay English
        from majlis.labels import METHOD_FAMILIES, METHOD_TEXTS  # only this table needs them

        rows = [
            (name, gettext(METHOD_FAMILIES.get(kind, kind)), gettext(METHOD_TEXTS.get(name, text)))
            for name, kind, text in rows
        ]
    if output is Format.JSON:
        typer.echo(
            json.dumps([dict(zip(("name", "family", "description"), r, strict=True)) for r in rows])
        )
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(["name", "family", "description"])
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    table = Table(title=gettext("Allocation methods"))
    table.add_column(gettext("name"), no_wrap=True)
    table.add_column(gettext("family"))
    table.add_column(gettext("description"))
    for row in rows:
        table.add_row(*row)
    print_table(table, output)


@law_app.command("show")
def show(
    ruleset_id: Annotated[str, typer.Argument(metavar="ID", help=N_("ruleset id or path.toml"))],
    on: Annotated[str | None, typer.Option("--date", help=N_("pick the version in force"))] = None,
    output: FormatOption = Format.AUTO,
) -> None:
    """Show one ruleset: seats, method, threshold rules, citation and sources."""
    r = _load(ruleset_id, _parse_date(on))
    if output is Format.JSON:
        typer.echo(json.dumps(_ruleset_record(r), ensure_ascii=False))
        return
    if output is Format.CSV:
        with using(DEFAULT):  # CSV stays English, whatever the language of the tables
            emit(("key", "value"), law_rows(r), output)
        return
    table = Table(title=f"{r.id}: {r.title}", show_header=False)
    table.add_column("key")
    table.add_column("value")
    for key, text in law_rows(r):
        table.add_row(key, text)
    print_table(table, output)


def _render_seats(result: Allocation, votes: dict[str, int], output: Format) -> None:
    if output is Format.JSON:
        payload = {
            "ruleset": result.ruleset_id,
            "seats": dict(result.seats),
            "trace": trace_records(result.trace),
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(["party", "votes", "seats"])
        for party, seats in result.seats.items():
            writer.writerow([party, votes[party], seats])
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(title=gettext("Seats under %(ruleset)s") % {"ruleset": result.ruleset_id})
    table.add_column(gettext("party"))
    table.add_column(gettext("votes"), justify="right")
    table.add_column(gettext("seats"), justify="right")
    for party, seats in result.seats.items():
        table.add_row(party, fmt_int(votes[party]), str(seats))
    print_table(table, output, console=console)
    print_trace(console, result.trace, result.tie)


@app.command("seats")
def seats(
    votes_csv: Annotated[Path, typer.Argument(metavar="VOTES.CSV", help=N_("party,votes table"))],
    law: Annotated[str, typer.Option("--law", help=N_("ruleset id, family id or path.toml"))],
    on: Annotated[str | None, typer.Option("--date", help=N_("pick the version in force"))] = None,
    ballots_cast: Annotated[
        int | None,
        typer.Option(
            "--ballots-cast",
            min=0,
            help=N_(
                "ballots cast, valid and invalid: needed when the ruleset's threshold is a "
                "share of the ballots cast"
            ),
        ),
    ] = None,
    registered_voters: Annotated[
        int | None,
        typer.Option(
            "--registered-voters",
            min=0,
            help=N_(
                "voters on the lists: needed when the ruleset's threshold is a share of the "
                "registered voters"
            ),
        ),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=N_("seed of a lot tie-break"))] = None,
    output: FormatOption = Format.AUTO,
    constituencies: Annotated[
        Path | None,
        typer.Option("--constituencies", help=N_("constituency,seats,... table (districted laws)")),
    ] = None,
    winners: Annotated[
        Path | None,
        typer.Option(
            "--winners",
            help=N_(
                "district,constituency,party,votes,valid_votes: each single-member "
                "district's winner, for a coverage law (Germany; the votes file is then the "
                "long form with one row per Land list) or an additional-member law (Scotland; "
                "constituency = region, votes and valid_votes may be left out)"
            ),
        ),
    ] = None,
) -> None:
    """Allocate a ruleset's seats from a votes CSV and explain the result.

    A parallel law shows the whole chamber: list seats, districts won, both. A coverage
    law (Germany) with --winners shows the party seats, the Land matrix and the
    constituency winners its second votes do not cover. An additional-member law
    (Scotland) shows the members per party and the region matrix, the constituencies won
    given by the votes' district_wins or by --winners.
    """
    ruleset = _load(law, _parse_date(on))
    table = read_votes_csv(votes_csv)
    if ruleset.mixed != "additional_members" and any(p.candidates is not None for p in table.lists):
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r} for the 'candidates' column",
            expected="an additional-member law ([mixed] kind = 'additional_members')",
            got=f"[mixed] kind = {ruleset.mixed}" if ruleset.mixed else "no [mixed] table",
            location=Location(str(votes_csv), None, "candidates"),
            code="mixed.candidates_column",
            params={"ruleset": ruleset.id},
        )
    if ruleset.mixed == "coverage" and (winners is not None or table.constituencies):
        from majlis.cli._coverage_render import render_coverage  # only a coverage law needs it

        render_coverage(ruleset, table, votes_csv, winners, seed, output)
        return
    if table.not_counted:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r} for the 'not_counted' column",
            expected="a coverage law ([mixed] kind = 'coverage') with --winners",
            got=f"[mixed] kind = {ruleset.mixed}" if ruleset.mixed else "no [mixed] table",
            location=Location(str(votes_csv), None, "not_counted"),
            code="mixed.not_counted_column",
            params={"ruleset": ruleset.id},
        )
    if winners is not None and ruleset.mixed != "additional_members":
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="a coverage law or an additional-member law ([mixed] kind = "
            "'coverage' or 'additional_members') for --winners",
            got=f"[mixed] kind = {ruleset.mixed}" if ruleset.mixed else "no [mixed] table",
            location=Location(str(winners), None, None),
            code="mixed.winners",
            params={"ruleset": ruleset.id},
        )
    if ruleset.districts is not None or constituencies is not None or table.constituencies:
        # only a districted law needs them (and the constituency counts they load)
        from majlis.cli._district_render import check_districted_input, render_districted

        check_districted_input(ruleset, table, votes_csv, constituencies)
        assert constituencies is not None
        render_districted(ruleset, table, votes_csv, constituencies, seed, output, winners)
        return
    result = allocate(
        ruleset,
        table.lists,
        against_all=table.against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
        seed=seed,
    )
    votes = {p.name: p.votes for p in table.lists}
    if ruleset.mixed == "parallel":
        chamber = seat_chamber(
            ruleset, table.lists, result, source=str(votes_csv), rows=table.list_rows
        )
        render_chamber(chamber, votes, output)
        return
    _render_seats(result, votes, output)
