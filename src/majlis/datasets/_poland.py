"""Poland's presidential election of 2020 (PKW), both rounds, one row per district."""

from __future__ import annotations

import io
import os
import zipfile

import polars as pl

from majlis.datasets._fetch import fetch_file
from majlis.datasets._sources import SOURCES
from majlis.datasets._table import STANDARD_COLUMNS, StationTable, split_rejects
from majlis.errors import InputError

__all__ = ["fetch_poland_2020"]

_REGISTERED = "Liczba wyborców uprawnionych do głosowania"
_ISSUED = "Liczba wyborców, którym wydano karty do głosowania"
_CAST = "Liczba kart wyjętych z urny"
_VALID = "Liczba głosów ważnych oddanych łącznie na wszystkich kandydatów"
_VALID_CARDS = "Liczba kart ważnych"
_INVALID_CARDS = "Liczba kart nieważnych"
_POSTAL = "W tym liczba kart wyjętych z kopert na kartę do głosowania"
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
    ``station`` (``TERYT/number``; ``-/number`` abroad without a code), ``registered``,
    ``ballots_issued`` (cards handed out in the station; postal packages are not among
    them), ``ballots_cast`` (cards taken out of the box, postal ones included), ``valid``
    (valid votes for all candidates), ``leader`` (Andrzej Duda, the winner),
    ``valid_cards``, ``invalid_cards``,
    ``postal_ballots`` (cards taken out of postal envelopes, among ``ballots_cast``),
    ``station_type`` (``stały`` = ordinary; hospitals, prisons, abroad, ships), then
    every candidate.

    Turnout: PKW's official turnout is valid cards over eligible voters (round 2:
    20,636,196 / 30,267,989 = 68.18 %), so ``turnout_numerator`` is ``valid_cards``.
    Cards issued are not a turnout numerator here: postal ballots put more cards in the
    box than were issued at 22,360 stations of round 2 (station 022308/2: 12 issued, 75
    in the box).

    A few foreign districts report ``-`` instead of numbers; their rows go to
    ``rejects`` with the missing counts named, and the rest of the table is kept.

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
        pl.concat_str(
            [pl.col("Kod TERYT").fill_null("-"), pl.col("Numer obwodu")], separator="/"
        ).alias("station"),
        count(_REGISTERED).alias("registered"),
        count(_ISSUED).alias("ballots_issued"),
        count(_CAST).alias("ballots_cast"),
        count(_VALID).alias("valid"),
        count(_LEADER).alias("leader"),
        count(_VALID_CARDS).alias("valid_cards"),
        count(_INVALID_CARDS).alias("invalid_cards"),
        count(_POSTAL).alias("postal_ballots"),
        pl.col("Typ obwodu").alias("station_type"),
        *[count(c) for c in candidates],
    )
    required = (*STANDARD_COLUMNS[3:], "valid_cards", *candidates)
    kept, rejects = split_rejects(table, required)
    return StationTable(
        frame=kept,
        leader=_LEADER,
        lists=candidates,
        source=SOURCES[key],
        rejects=rejects,
        turnout_numerator="valid_cards",
    )
