"""An election stored in the database as an audit's per-station table."""

from __future__ import annotations

import polars as pl

from majlis.errors import InputError
from majlis.report.stations import AuditTable
from majlis.results import StationResults

__all__ = ["stored_station_table"]


def stored_station_table(
    results: StationResults, *, leader: str | None = None, name: str | None = None
) -> AuditTable:
    """The audit's standard columns from the final protocols of a stored election.

    Args:
        results: the per-station figures read by :func:`majlis.results.station_results`.
        leader: the list whose votes the methods follow (default: the most voted list).
        name: the report's title (default: ``election <code>``).
    """
    chosen = leader or results.leader
    if chosen not in results.list_names:
        raise InputError.expected(
            what=f"The leader of election '{results.election}'",
            expected=f"one of {list(results.list_names)}",
            got=chosen,
            code="audit.leader",
            params={
                "election": results.election,
                "valid": str(list(results.list_names)),
                "got": repr(chosen),
            },
        )
    frame = pl.DataFrame(
        {
            "region": list(results.region),
            "territory": list(results.territorial),
            "station": list(results.station),
            "registered": results.registered.astype("float64"),
            "ballots_issued": results.ballots_issued.astype("float64"),
            "ballots_cast": results.ballots_cast.astype("float64"),
            "valid": results.valid.astype("float64"),
            "leader": results.list_votes(chosen).astype("float64"),
        }
    )
    return AuditTable(name or f"election {results.election}", frame, chosen)
