"""Per-station figures of a stored election: arrays for a forensic audit, a frame for open data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy.orm import Session

from majlis.results._protocol import COUNT_LINES
from majlis.results._protocol_table import IntArray
from majlis.results._stored_tables import final_content_hashes, final_table

if TYPE_CHECKING:
    import polars as pl

__all__ = ["StationResults", "station_frame", "station_results"]


@dataclass(frozen=True, slots=True, eq=False)
class StationResults:
    """The standing final protocol of every station of one election, as columns.

    ``registered`` is the protocol's voters on the list (line ``voters``), ``ballots_issued``
    the ballots issued at the station and by the mobile box, ``ballots_cast`` the ballots found
    in both boxes, ``valid`` the valid ballots; ``votes`` is a matrix (stations × lists) whose
    columns follow ``list_names`` (ballot order). Rows follow the stored order of the stations.
    """

    election: str
    station: tuple[str, ...]
    territorial: tuple[str, ...]
    region: tuple[str, ...]
    registered: IntArray
    ballots_issued: IntArray
    ballots_cast: IntArray
    valid: IntArray
    list_names: tuple[str, ...]
    votes: IntArray

    def __len__(self) -> int:
        return len(self.station)

    @property
    def leader(self) -> str:
        """The list with the most votes over all stations (the first in ballot order on a tie)."""
        return self.list_names[int(np.argmax(self.votes.sum(axis=0)))]

    def list_votes(self, name: str) -> IntArray:
        """One list's votes at every station."""
        column: IntArray = self.votes[:, self.list_names.index(name)]
        return column


def station_results(session: Session, election: str) -> StationResults:
    """Read the standing final official protocol of every station of ``election``.

    Raises:
        NotFoundError: the election has no final protocol.
    """
    table, places = final_table(session, election)
    return StationResults(
        election=election,
        station=table.station,
        territorial=tuple(places[s].territorial for s in table.station),
        region=tuple(places[s].region for s in table.station),
        registered=table.counts["voters"],
        ballots_issued=table.line("issued"),
        ballots_cast=table.line("found"),
        valid=table.counts["valid"],
        list_names=table.list_names,
        votes=table.votes,
    )


def station_frame(session: Session, election: str) -> pl.DataFrame:
    """Per-station open data: place, every line, votes per list, turnout, content hash."""
    import polars as pl  # loaded on the first export, not by every importer of results

    table, places = final_table(session, election)
    hashes = final_content_hashes(session, election)
    data: dict[str, Any] = {
        "election": list(table.election),
        "station": list(table.station),
        "territorial": [places[s].territorial for s in table.station],
        "region": [places[s].region for s in table.station],
        "address": [places[s].address for s in table.station],
    }
    for k in COUNT_LINES:
        data[k] = table.counts[k]
    for j, name in enumerate(table.list_names):
        data[f"votes.{name}"] = table.votes[:, j]
    voters, issued = table.counts["voters"], table.line("issued")
    data["turnout"] = np.divide(issued, voters, out=np.zeros(len(table)), where=voters > 0)
    data["content_hash"] = [hashes[places[s].id] for s in table.station]
    return pl.DataFrame(data)
