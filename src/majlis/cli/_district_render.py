"""``majlis seats`` for districted laws: read both tables, allocate, render the two levels."""

from __future__ import annotations

import io
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._additional_render import add_wins, payload_extra, read_wins, render_members
from majlis.cli._constituencies_csv import read_constituencies_csv, with_valid_votes
from majlis.cli._output import Format, print_table, print_trace
from majlis.cli._votes_csv import VotesTable
from majlis.errors import InputError, Location
from majlis.law import (
    DistrictedAllocation,
    PartyList,
    Ruleset,
    allocate_districts,
    trace_records,
)

__all__ = ["check_districted_input", "render_districted"]


def render_districted(
    ruleset: Ruleset,
    table: VotesTable,
    votes_csv: Path,
    constituencies: Path,
    seed: int | None,
    output: Format,
    winners: Path | None = None,
) -> None:
    """Allocate a districted ruleset from the long-form votes and the constituency table.

    An additional-member law may take the constituencies won from ``winners``.
    """
    cons_table = read_constituencies_csv(constituencies)
    votes: dict[str, list[PartyList]] = {}
    first_row: dict[str, int] = {}
    for where, row, p in zip(table.constituencies, table.rows, table.lists, strict=True):
        votes.setdefault(where, []).append(p)
        first_row.setdefault(where, row)
    independents = 0
    if winners is not None:
        regions = {c.name: c for c in cons_table.constituencies}
        won, independents = read_wins(winners, regions)
        add_wins(votes, won, str(votes_csv))
    result = allocate_districts(
        ruleset,
        with_valid_votes(cons_table, votes),
        votes,
        seed=seed,
        constituencies_source=str(constituencies),
        votes_source=str(votes_csv),
        vote_rows=first_row,
    )
    national: dict[str, int] = {}
    for lists in votes.values():
        for p in lists:
            national[p.name] = national.get(p.name, 0) + p.votes
    members = ruleset.mixed == "additional_members"
    if output is Format.JSON:
        payload: dict[str, object] = {
            "ruleset": result.ruleset_id,
            "seats": dict(result.seats),
            "constituencies": {c: dict(s) for c, s in result.constituencies.items()},
            "magnitudes": dict(result.magnitudes),
        }
        if members:
            payload |= payload_extra(result, independents)
        payload["trace"] = trace_records(result.trace)
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        header = ["constituency", "party", "votes", "seats"]
        writer.writerow([*header, "district_seats"] if members else header)
        for where, lists in votes.items():
            for p in lists:
                cells = [where, p.name, p.votes, result.constituencies[where][p.name]]
                writer.writerow([*cells, p.district_wins] if members else cells)
        typer.echo(buffer.getvalue(), nl=False)
        return
    if members:
        render_members(result, national, independents, output)
        return
    _tables(result, national, output)


def _tables(result: DistrictedAllocation, national: dict[str, int], output: Format) -> None:
    console = Console()
    summary = Table(title=f"Seats under {result.ruleset_id}")
    summary.add_column("party")
    summary.add_column("votes", justify="right")
    summary.add_column("seats", justify="right")
    for party, seats in sorted(result.seats.items(), key=lambda kv: (-kv[1], -national[kv[0]])):
        summary.add_row(party, f"{national[party]:,}", str(seats))
    print_table(summary, output, console=console)
    winners = [p for p, n in sorted(result.seats.items(), key=lambda kv: -kv[1]) if n]
    matrix = Table(title="Seats by constituency")
    matrix.add_column("constituency")
    matrix.add_column("seats", justify="right")  # fixed seats (+ adjustment seats placed)
    for party in winners:
        matrix.add_column(party, justify="right")
    for where, row in result.constituencies.items():
        cells = [str(row.get(p, 0)) or "" for p in winners]
        fixed, won = result.magnitudes[where], sum(row.values())
        shown = f"{fixed} + {won - fixed}" if won > fixed else str(fixed)
        matrix.add_row(where, shown, *cells)
    print_table(matrix, output, console=console)
    print_trace(console, result.trace, result.tie)


def check_districted_input(
    ruleset: Ruleset, table: VotesTable, votes_csv: Path, constituencies: Path | None
) -> None:
    """Districted laws need the long form and a constituency file; national ones neither."""
    if ruleset.districts is None:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="a districted law (a [constituencies] table) for constituency input",
            got="one national constituency",
            location=Location(str(constituencies or votes_csv), None, "constituency"),
            code="districts.national_law",
            params={"ruleset": ruleset.id},
        )
    if constituencies is None:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r}",
            expected="--constituencies FILE (constituency,seats,...)",
            got="no constituency file",
            location=Location(field="--constituencies"),
            code="districts.no_file",
            params={"ruleset": ruleset.id},
        )
    if not table.constituencies:
        raise InputError.expected(
            what="the votes header",
            expected="the long form constituency,party,votes",
            got="no 'constituency' column",
            location=Location(str(votes_csv), None, "constituency"),
            code="districts.short_form",
        )
    if table.against_all:
        raise InputError.expected(
            what="an 'AGAINST ALL' row",
            expected="blank votes per constituency in the constituency file ('blank')",
            got=table.against_all,
            location=Location(str(votes_csv), None, "party"),
            code="districts.against_all",
        )
