"""The exported record's files: names, columns, the seats computation, safe CSV.

Shared by the export (:mod:`._export`) and its offline verification (:mod:`._offline`), so
both read and write the same layout. Parquet keeps exact values and is what verification
reads; the CSV twins are for spreadsheets, with formula-like text neutralised.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from majlis.csvsafe import safe_frame
from majlis.law import Allocation, Ruleset, render_trace
from majlis.parliament import seats_from_lists
from majlis.results import Level, Tabulation

__all__ = [
    "FINALS",
    "INCIDENTS",
    "MANIFEST",
    "SEATS",
    "STATIONS",
    "TALLY",
    "TRACE",
    "VERSIONS",
    "seats_frame",
    "seats_of",
    "tally_frame",
    "trace_text",
    "write_table",
]

VERSIONS = "protocol_versions"
FINALS = "final_decisions"
INCIDENTS = "incidents"
STATIONS = "stations"
TALLY = "tally"
SEATS = "seats"
TRACE = "seats-trace.txt"
MANIFEST = "manifest.json"


def write_table(frame: pl.DataFrame, folder: Path, name: str) -> list[Path]:
    """Write ``name``.parquet (exact) and ``name``.csv (formulas neutralised)."""
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    frame.write_parquet(parquet)
    safe_frame(frame).write_csv(csv)
    return [parquet, csv]


def seats_of(tabulation: Tabulation, ruleset: Ruleset, order: Mapping[str, int]) -> Allocation:
    """The seats of an exported tally with their trace, recomputed offline.

    The same step as the seats service of a stored election
    (:func:`majlis.parliament.seats_from_lists`): the lists in ``order`` (registration
    order) with their national votes, and the national lines the law's threshold base needs.
    """
    national = tabulation.national
    votes = dict(national.votes)
    return seats_from_lists(
        ruleset,
        [(name, votes[name], position) for name, position in order.items() if name in votes],
        against_all=national.lines["against_all"],
        ballots_cast=national.lines["found"],
        registered_voters=national.lines["voters"],
    )


def seats_frame(
    allocation: Allocation, tabulation: Tabulation, order: Mapping[str, int]
) -> pl.DataFrame:
    """One row per list: registration order, national votes, seats."""
    votes = dict(tabulation.national.votes)
    names = list(tabulation.list_names)
    return pl.DataFrame(
        {
            "list": names,
            "registration_order": [order.get(n, 0) for n in names],
            "votes": [votes[n] for n in names],
            "seats": [allocation.seats.get(n, 0) for n in names],
        }
    )


def tally_frame(tabulation: Tabulation) -> pl.DataFrame:
    """The tally at the territorial, region and national levels, one row per unit."""
    rows: list[dict[str, Any]] = []
    for level in (Level.TERRITORIAL, Level.REGION, Level.NATIONAL):
        for tally in tabulation.tallies(level):
            row: dict[str, Any] = {
                "level": level.value,
                "unit": tally.unit,
                "stations": tally.stations,
            }
            row.update(tally.lines)
            row.update({f"votes.{n}": v for n, v in tally.votes})
            rows.append(row)
    return pl.DataFrame(rows)


def trace_text(allocation: Allocation) -> str:
    """The allocation's trace as the text written to :data:`TRACE`."""
    return render_trace(allocation.trace) + "\n"


def dumps(data: Any) -> str:
    """JSON as written into the manifest (indented, UTF-8 kept)."""
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
