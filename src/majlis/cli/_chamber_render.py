"""Render a parallel law's whole chamber (list tier, districts won, both) for ``majlis seats``."""

from __future__ import annotations

import io
import json

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._output import Format, print_trace
from majlis.law import Chamber, trace_records

__all__ = ["render_chamber"]


def render_chamber(chamber: Chamber, votes: dict[str, int], output: Format) -> None:
    """Print the chamber as a table, JSON (``seats`` = the chamber) or CSV."""
    if output is Format.JSON:
        payload = {
            "ruleset": chamber.ruleset_id,
            "seats": dict(chamber.seats),
            "list_seats": dict(chamber.list_seats),
            "district_seats": dict(chamber.district_seats),
            "vacant_district_seats": chamber.vacant,
            "trace": trace_records(chamber.trace),
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    rows = [
        (party, votes[party], chamber.list_seats[party], chamber.district_seats[party], seats)
        for party, seats in chamber.seats.items()
    ]
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(["party", "votes", "list_seats", "district_seats", "seats"])
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(title=f"Chamber under {chamber.ruleset_id}")
    for name in ("party", "votes", "list seats", "districts", "seats"):
        table.add_column(name, justify="left" if name == "party" else "right")
    for party, n, listed, won, seats in rows:
        table.add_row(party, f"{n:,}", str(listed), str(won), str(seats))
    table.add_row(
        "total",
        f"{sum(votes.values()):,}",
        str(sum(chamber.list_seats.values())),
        str(sum(chamber.district_seats.values())),
        str(chamber.total),
    )
    console.print(table)
    if chamber.vacant:
        console.print(f"districts not given (left empty): {chamber.vacant}", markup=False)
    print_trace(console, chamber.trace, chamber.tie)
