"""The ``spikes`` package tables (Canada 2011, Russia 2011) and Albania 2013."""

from __future__ import annotations

import os

import polars as pl

from majlis.datasets._fetch import fetch_file
from majlis.datasets._sources import SOURCES
from majlis.datasets._table import StationTable

__all__ = ["fetch_albania_2013", "fetch_canada_2011", "fetch_spikes_russia_2011"]


def _nt_v(key: str, t_line: str, leader: str, **options: object) -> StationTable:
    path = fetch_file(key, **options)  # type: ignore[arg-type]
    raw = pl.read_csv(path, schema={"N": pl.Int64, "t": pl.Int64, "v": pl.Int64})
    frame = raw.select(
        pl.col("N").alias("registered"),
        pl.col("t").alias(t_line),
        pl.col("v").alias("leader"),
        pl.col("v").alias(leader),
    )
    return StationTable(frame=frame, leader=leader, lists=(leader,), source=SOURCES[key])


def fetch_canada_2011(
    *, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True
) -> StationTable:
    """The Canada 2011 input of the stored ``spikes`` example run (66,111 polls).

    Columns: ``registered`` (N), ``ballots_cast`` (t, voters who turned out), ``leader``
    and ``Conservative`` (v). There is no region or station identifier in the source.
    """
    return _nt_v(
        "canada-2011",
        "ballots_cast",
        "Conservative",
        data_home=data_home,
        download_if_missing=download_if_missing,
    )


def fetch_spikes_russia_2011(
    *, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True
) -> StationTable:
    """The example input of the ``spikes`` package: Russia's Duma election of 2011.

    Columns: ``registered`` (N), ``valid`` (t, valid ballots), ``leader`` and
    ``United Russia`` (v); 95,045 rows.
    """
    return _nt_v(
        "spikes-russia-2011",
        "valid",
        "United Russia",
        data_home=data_home,
        download_if_missing=download_if_missing,
    )


def fetch_spikes_reference(
    *, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True
) -> pl.DataFrame:
    """The stored ``spikes`` output on Canada 2011: grid ``x``, envelope ``ymax``, ``w``."""
    path = fetch_file(
        "canada-2011-spikes-output", data_home=data_home, download_if_missing=download_if_missing
    )
    return pl.read_csv(path)


def fetch_albania_2013(
    *, data_home: str | os.PathLike[str] | None = None, download_if_missing: bool = True
) -> StationTable:
    """Albania's parliamentary election of 2013 from EFToolkit, one row per station.

    Columns: ``region`` (prefecture), ``territory`` (commune), ``station`` (precinct),
    ``registered``, ``ballots_cast`` (the source's ``Ballots``), ``valid`` (derived: the
    sum of the 66 list columns, an ``NA`` count taken as 0), ``leader`` (the list with
    most votes nationally), then the lists ``C007``…``C072``.
    """
    path = fetch_file("albania-2013", data_home=data_home, download_if_missing=download_if_missing)
    raw = pl.read_csv(path, infer_schema_length=None, null_values=["NA"])
    lists = tuple(c for c in raw.columns if c.startswith("C") and c[1:].isdigit())
    totals = raw.select([pl.col(c).sum() for c in lists]).row(0)
    leader = lists[max(range(len(lists)), key=lambda i: totals[i])]
    frame = raw.select(
        pl.col("Prefectures").cast(pl.String).alias("region"),
        pl.col("Communes").cast(pl.String).alias("territory"),
        pl.col("Precincts").cast(pl.String).alias("station"),
        pl.col("Registered").cast(pl.Int64).alias("registered"),
        pl.col("Ballots").cast(pl.Int64).alias("ballots_cast"),
        pl.sum_horizontal([pl.col(c) for c in lists]).cast(pl.Int64).alias("valid"),
        pl.col(leader).cast(pl.Int64).alias("leader"),
        *[pl.col(c).cast(pl.Int64) for c in lists],
    )
    return StationTable(frame=frame, leader=leader, lists=lists, source=SOURCES["albania-2013"])
