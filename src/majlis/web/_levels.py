"""The tables of a drill-down level: its result by list and its sub-units with their signals."""

from __future__ import annotations

from collections.abc import Sequence

from majlis.web._drill import UnitRow
from majlis.web._tables import DataTable

__all__ = ["result_table", "units_table"]


def result_table(row: UnitRow, *, seats: dict[str, int] | None = None) -> DataTable:
    """Votes and share of the valid ballots per list (and seats when given)."""
    tally = row.tally
    columns = ["list", "votes", "share_of_valid"] + (["seats"] if seats is not None else [])
    return DataTable.of(
        "result",
        columns,
        [
            [name, votes, round(float(tally.share(name)), 6)]
            + ([seats.get(name, 0)] if seats is not None else [])
            for name, votes in tally.votes
        ],
    )


def units_table(name: str, rows: Sequence[UnitRow], names: Sequence[str]) -> DataTable:
    """One line per unit: stations, voters, turnout, votes per list and the signals."""
    return DataTable.of(
        name,
        [
            *("unit", "name", "stations", "voters", "issued", "turnout", *names),
            *("flagged_stations", "stations_with_check_findings", "observer_discrepancies"),
        ],
        [
            [
                r.tally.unit,
                r.label,
                r.tally.stations,
                r.tally.lines["voters"],
                r.tally.lines["issued"],
                round(float(r.tally.turnout), 6),
                *(dict(r.tally.votes)[n] for n in names),
                r.flagged,
                r.warnings,
                r.discrepancies,
            ]
            for r in rows
        ],
    )
