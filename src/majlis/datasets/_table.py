"""The plain per-station table every loader returns, and its conversion to arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from majlis.datasets._sources import Source
from majlis.errors import InputError
from majlis.forensics import Stations

__all__ = ["STANDARD_COLUMNS", "StationTable", "to_stations"]

STANDARD_COLUMNS = (
    "region",
    "territory",
    "station",
    "registered",
    "ballots_issued",
    "ballots_cast",
    "valid",
    "leader",
)
"""Columns in this order at the start of every table; a line the source lacks is absent."""

_COUNT_LINES = ("ballots_issued", "ballots_cast", "valid")


@dataclass(frozen=True, eq=False)
class StationTable:
    """A loaded data set: the table plus what its columns mean.

    Attributes:
        frame: one row per polling station; the standard columns present in the source
            (:data:`STANDARD_COLUMNS`), then extra columns (``station_type``, ``evoting``),
            then one column of votes per list named as in the source.
        leader: the name of the list whose votes fill the ``leader`` column.
        lists: the names of the list-vote columns, in ballot order.
        source: where the file comes from (address, checksum, citation, licence).
    """

    frame: pl.DataFrame
    leader: str
    lists: tuple[str, ...]
    source: Source

    def to_stations(self, *, include_lists: bool = False) -> Stations:
        """The arrays the pure forensics functions take (see :func:`to_stations`)."""
        return to_stations(self.frame, lists=self.lists if include_lists else ())


def to_stations(frame: pl.DataFrame, *, lists: tuple[str, ...] = ()) -> Stations:
    """Convert a per-station table with the standard columns to :class:`Stations`.

    Rows with a missing ``registered`` or ``leader`` count are an error: drop them first
    (the loaders already drop what the sources mark as missing).
    """
    for required in ("registered", "leader"):
        if required not in frame.columns:
            raise InputError.expected(
                what="The station table", expected=f"a '{required}' column", got=frame.columns
            )

    def optional(name: str) -> npt.NDArray[np.int64] | None:
        return column(name) if name in frame.columns else None

    def column(name: str) -> npt.NDArray[np.int64]:
        series = frame.get_column(name)
        if series.null_count():
            raise InputError.expected(
                what=f"The '{name}' column",
                expected="complete (no missing counts)",
                got=f"{series.null_count()} missing",
            )
        return series.cast(pl.Int64).to_numpy()

    matrix = None
    if lists:
        matrix = np.column_stack([column(name) for name in lists]).astype(np.int64)
    return Stations(
        registered=column("registered"),
        leader=column("leader"),
        ballots_issued=optional("ballots_issued"),
        ballots_cast=optional("ballots_cast"),
        valid=optional("valid"),
        lists=matrix,
        list_names=tuple(lists),
    )
