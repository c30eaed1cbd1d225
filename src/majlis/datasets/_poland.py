"""Poland's presidential election of 2020 (PKW), both rounds, one row per district."""

from __future__ import annotations

import io
import os
import zipfile

import polars as pl

from majlis.datasets._fetch import fetch_file
from majlis.datasets._sources import SOURCES
from majlis.datasets._table import StationTable
from majlis.errors import InputError

__all__ = ["fetch_poland_2020"]

_REGISTERED = "Liczba wyborców uprawnionych do głosowania"
_ISSUED = "Liczba wyborców, którym wydano karty do głosowania"
_CAST = "Liczba kart wyjętych z urny"
_VALID = "Liczba głosów ważnych oddanych łącznie na wszystkich kandydatów"
_LEADER = "Andrzej Sebastian DUDA"
_FIRST_LIST_AFTER = _VALID


def fetch_poland_2020(
    round: int = 2,
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> StationTable:
    """Load round 1 or 2 of the Polish presidential election of 2020.

    Columns: ``region`` (voivodeship), ``territory`` (TERYT code of the gmina),
    ``station`` (``TERYT/number``), ``registered``, ``ballots_issued``, ``ballots_cast``
    (ballots taken out of the box), ``valid`` (valid votes for all candidates, postal
    votes included), ``leader`` (Andrzej Duda, the winner), ``station_type`` (``stały`` =
    ordinary; hospitals, prisons, abroad, ships), then every candidate. A few foreign
    districts report ``-`` instead of numbers: those counts are missing (null).

    Source: Państwowa Komisja Wyborcza, prezydent20200628.pkw.gov.pl.
    """
    if round not in (1, 2):
        raise InputError.expected(what="The 'round' parameter", expected="1 or 2", got=round)
    key = f"poland-2020-round{round}"
    path = fetch_file(key, data_home=data_home, download_if_missing=download_if_missing)
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.endswith(".csv"))
        data = archive.read(member)
    raw = pl.read_csv(
        io.BytesIO(data),
        separator=";",
        infer_schema_length=0,  # every column as text: '-' marks a missing count
        null_values=["-", ""],
    )
    raw = raw.rename({c: c.lstrip("\ufeff") for c in raw.columns})
    candidates = tuple(raw.columns[raw.columns.index(_FIRST_LIST_AFTER) + 1 :])
    if _LEADER not in candidates:
        raise InputError.expected(
            what=f"{path.name}: the candidate columns",
            expected=f"to include {_LEADER}",
            got=candidates,
        )

    def count(name: str) -> pl.Expr:
        return pl.col(name).str.strip_chars().cast(pl.Int64, strict=True)

    table = raw.select(
        pl.col("Województwo").alias("region"),
        pl.col("Kod TERYT").alias("territory"),
        pl.concat_str([pl.col("Kod TERYT"), pl.col("Numer obwodu")], separator="/").alias(
            "station"
        ),
        count(_REGISTERED).alias("registered"),
        count(_ISSUED).alias("ballots_issued"),
        count(_CAST).alias("ballots_cast"),
        count(_VALID).alias("valid"),
        count(_LEADER).alias("leader"),
        pl.col("Typ obwodu").alias("station_type"),
        *[count(c) for c in candidates],
    )
    return StationTable(frame=table, leader=_LEADER, lists=candidates, source=SOURCES[key])
