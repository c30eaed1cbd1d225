"""``majlis seats`` for coverage laws (Germany): read the winners, allocate, render.

The winners file has one row per single-member district: ``district,constituency,party,
votes,valid_votes`` (the winner's first votes and the district's valid first votes; an
empty ``party`` is a candidate no party nominated).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._files import read_csv
from majlis.cli._output import Format, print_table, print_trace
from majlis.cli._votes_csv import VotesTable, check_columns, check_width, count_cell
from majlis.errors import InputError, Location
from majlis.i18n import gettext
from majlis.law import (
    CoverageAllocation,
    DistrictWinner,
    PartyList,
    Ruleset,
    allocate_coverage,
    trace_records,
)
from majlis.percent import percent

__all__ = ["read_winners_csv", "render_coverage"]

_COLUMNS = ("district", "constituency", "party", "votes", "valid_votes")


def read_winners_csv(path: Path) -> tuple[DistrictWinner, ...]:
    """Parse ``path``; a bad value fails naming the file, the data row and the column."""
    name = str(path)
    header, lines = read_csv(path, what="winners file")
    check_columns(name, header, _COLUMNS)
    out = []
    for number, row in enumerate(lines, start=1):
        check_width(name, number, header, row)
        out.append(
            DistrictWinner(
                district=(row.get("district") or "").strip(),
                constituency=(row.get("constituency") or "").strip(),
                party=(row.get("party") or "").strip() or None,
                votes=count_cell(
                    row.get("votes") or "", what="votes", where=Location(name, number, "votes")
                ),
                valid_votes=count_cell(
                    row.get("valid_votes") or "",
                    what="valid_votes",
                    where=Location(name, number, "valid_votes"),
                ),
            )
        )
    return tuple(out)


def _payload(result: CoverageAllocation) -> dict[str, object]:
    return {
        "ruleset": result.ruleset_id,
        "house": result.house,
        "seats": dict(result.seats),
        "independents": result.independents,
        "lists": {c: dict(row) for c, row in result.lists.items()},
        "district_seats": {c: dict(row) for c, row in result.district_seats.items()},
        "list_seats": {c: dict(row) for c, row in result.list_seats.items()},
        "winners": [
            {
                "district": w.winner.district,
                "constituency": w.winner.constituency,
                "party": w.winner.party,
                "votes": w.winner.votes,
                "valid_votes": w.winner.valid_votes,
                "share": str(w.winner.share),
                "seated": w.seated,
            }
            for w in result.winners
        ],
        "unseated": [w.district for w in result.unseated],
        "tie": None
        if result.tie is None
        else {"seats": result.tie.seats, "contenders": list(result.tie.contenders)},
        "trace": trace_records(result.trace),
    }


def render_coverage(
    ruleset: Ruleset,
    table: VotesTable,
    votes_csv: Path,
    winners_csv: Path | None,
    seed: int | None,
    output: Format,
) -> None:
    """Allocate a coverage law from long-form votes (constituency = Land) and the winners."""
    if winners_csv is None or not table.constituencies:
        raise InputError.expected(
            what=f"ruleset {ruleset.id!r} with constituency votes",
            expected="the long form constituency,party,votes and --winners FILE",
            got="no winners file" if winners_csv is None else "no 'constituency' column",
            location=Location(str(votes_csv if winners_csv else "--winners"), None, None),
            code="coverage.needs_winners",
            params={"ruleset": ruleset.id},
        )
    votes: dict[str, list[PartyList]] = {}
    for where, p in zip(table.constituencies, table.lists, strict=True):
        votes.setdefault(where, []).append(p)
    not_counted: dict[str, int] = {}
    for p, n in zip(table.lists, table.not_counted, strict=False):
        not_counted[p.name] = not_counted.get(p.name, 0) + n
    result = allocate_coverage(
        ruleset,
        votes,
        read_winners_csv(winners_csv),
        not_counted={p: n for p, n in not_counted.items() if n},
        seed=seed,
        votes_source=str(votes_csv),
        winners_source=str(winners_csv),
    )
    if output is Format.JSON:
        typer.echo(json.dumps(_payload(result), ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(["constituency", "party", "votes", "seats", "district_seats", "list_seats"])
        won, listed = result.district_seats, result.list_seats
        for where, lists in votes.items():
            for p in lists:
                n = result.lists[where][p.name]
                writer.writerow(
                    [where, p.name, p.votes, n, won[where][p.name], listed[where][p.name]]
                )
        typer.echo(buffer.getvalue(), nl=False)
        return
    _tables(result, votes, output)


def _tables(result: CoverageAllocation, votes: dict[str, list[PartyList]], output: Format) -> None:
    console = Console()
    national: dict[str, int] = {}
    for lists in votes.values():
        for p in lists:
            national[p.name] = national.get(p.name, 0) + p.votes
    won = result.district_seats
    party_won = {p: sum(row.get(p, 0) for row in won.values()) for p in result.seats}
    summary = Table(
        title=gettext("Seats under %(ruleset)s (%(house)s seats)")
        % {"ruleset": result.ruleset_id, "house": result.house}
    )
    headings = (
        gettext("party"),
        gettext("votes"),
        gettext("seats"),
        gettext("constituency seats"),
        gettext("list seats"),
    )
    for k, name in enumerate(headings):
        summary.add_column(name, justify="left" if k == 0 else "right")
    parties = [p for p, n in sorted(result.seats.items(), key=lambda kv: -kv[1]) if n]
    for party in parties:
        n = result.seats[party]
        summary.add_row(
            party, f"{national[party]:,}", str(n), str(party_won[party]), str(n - party_won[party])
        )
    if result.independents:
        summary.add_row(gettext("independents"), "", str(result.independents), "", "")
    print_table(summary, output, console=console)
    matrix = Table(title=gettext("Seats by constituency: total (of which constituency winners)"))
    matrix.add_column(gettext("constituency"))
    for party in parties:
        matrix.add_column(party, justify="right")
    for where, row in result.lists.items():
        cells = [
            f"{row.get(p, 0)} ({won[where].get(p, 0)})" if row.get(p, 0) else "" for p in parties
        ]
        matrix.add_row(where, *cells)
    print_table(matrix, output, console=console)
    unseated = Table(
        title=gettext("Constituency winners not seated: %(count)s")
        % {"count": len(result.unseated)}
    )
    for name in (
        gettext("district"),
        gettext("constituency"),
        gettext("party"),
        gettext("first-vote share"),
    ):
        unseated.add_column(name)
    for w in result.unseated:
        unseated.add_row(w.district, w.constituency, w.party or "", percent(w.share, places=2))
    print_table(unseated, output, console=console)
    print_trace(console, result.trace, result.tie)
