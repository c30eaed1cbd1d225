"""The plain per-station table every loader returns, and its conversion to arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import polars as pl

from majlis.datasets._sources import Source
from majlis.errors import InputError
from majlis.forensics import Stations

__all__ = ["STANDARD_COLUMNS", "StationTable", "split_rejects", "to_stations"]

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
_REJECT_LABELS = ("region", "territory", "station")


def _empty_rejects() -> pl.DataFrame:
    return pl.DataFrame(schema={**dict.fromkeys(_REJECT_LABELS, pl.String), "reason": pl.String})


def split_rejects(
    frame: pl.DataFrame, columns: tuple[str, ...]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with every count in ``columns``, and a rejects report of the others.

    The report has the station's labels (``region``, ``territory``, ``station`` where the
    table has them) and a ``reason`` naming the missing counts, e.g.
    ``"missing: registered, leader"``.
    """
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame, _empty_rejects()
    missing = pl.concat_str(
        [pl.when(pl.col(c).is_null()).then(pl.lit(c)) for c in present],
        separator=", ",
        ignore_nulls=True,
    )
    complete = pl.all_horizontal([pl.col(c).is_not_null() for c in present])
    labels = [pl.col(c).cast(pl.String) for c in _REJECT_LABELS if c in frame.columns]
    absent = [
        pl.lit(None, dtype=pl.String).alias(c) for c in _REJECT_LABELS if c not in frame.columns
    ]
    rejects = frame.filter(~complete).select(
        *labels, *absent, (pl.lit("missing: ") + missing).alias("reason")
    )
    return frame.filter(complete), rejects.select(*_REJECT_LABELS, "reason")


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
        rejects: the source's rows left out of ``frame`` because a count is missing
            (labels and a ``reason``), so a few bad rows never refuse the whole table.
        turnout_numerator: the column this data set's turnout is computed from (its
            loader says why); :meth:`to_stations` puts it in the turnout slot.
    """

    frame: pl.DataFrame
    leader: str
    lists: tuple[str, ...]
    source: Source
    rejects: pl.DataFrame = field(default_factory=_empty_rejects)
    turnout_numerator: str = "ballots_issued"

    def to_stations(
        self, *, include_lists: bool = False, turnout_numerator: str | None = None
    ) -> Stations:
        """The arrays the pure forensics functions take (see :func:`to_stations`).

        ``turnout_numerator`` (default: the data set's, :attr:`turnout_numerator`) names
        the column handed to the methods as ``ballots_issued``, the numerator of turnout
        in every method; any count column of :attr:`frame` can be chosen.
        """
        numerator = turnout_numerator or self.turnout_numerator
        frame = self.frame
        if numerator != "ballots_issued":
            if numerator not in frame.columns or numerator in (*self.lists, "leader"):
                counts = [c for c in frame.columns if frame.schema[c].is_integer()]
                raise InputError.expected(
                    what="The 'turnout_numerator'", expected=f"one of {counts}", got=numerator
                )
            frame = frame.with_columns(pl.col(numerator).alias("ballots_issued"))
        return to_stations(frame, lists=self.lists if include_lists else ())


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
