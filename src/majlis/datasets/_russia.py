"""Russian federal elections 2004-2024 from Kobak's repository, one row per station.

Protocol lines are matched by substring, as Kobak's notebooks do, because their wording
changes from election to election.
"""

from __future__ import annotations

import io
import os
import zipfile

import polars as pl

from majlis.datasets._fetch import fetch_file
from majlis.datasets._sources import SOURCES
from majlis.datasets._table import STANDARD_COLUMNS, StationTable, split_rejects
from majlis.errors import InputError, NotFoundError

__all__ = ["RUSSIA_YEARS", "fetch_russia"]

RUSSIA_YEARS = (2004, 2007, 2008, 2011, 2012, 2016, 2018, 2020, 2021, 2024)
"""Election years available (2000 and 2003 are too large for Kobak's repository)."""

_LEADER = ("ПУТИН", "Путин", "Единая Россия", "ЕДИНАЯ РОССИЯ", "Медведев", "ДА")
_REGISTERED = (
    "Число избирателей, включенных",
    "Число избирателей, внесенных",
    "Число участников голосования, включенных",
)
_ID_COLUMNS = ("name", "level", "region", "oik", "tik", "uik", "url")
_MOSCOW = "город Москва"
_MOSCOW_EVOTING = range(5001, 5016)  # the 15 district-wide e-voting "stations" of 2021


def _matching(columns: list[str], needles: tuple[str, ...], *, file: str, what: str) -> list[str]:
    found = [c for c in columns if any(n in c for n in needles)]
    if not found:
        raise InputError.expected(
            what=f"{file}: the {what} column", expected=f"a name containing {needles}", got=None
        )
    return found


def _one(columns: list[str], needles: tuple[str, ...], *, file: str, what: str) -> str:
    found = _matching(columns, needles, file=file, what=what)
    if len(found) != 1:
        raise InputError.expected(
            what=f"{file}: the {what} column", expected="exactly one match", got=found
        )
    return found[0]


def _read(path: os.PathLike[str] | str) -> pl.DataFrame:
    """The file without its ``url`` column: identifiers as text, every other column a count.

    Naming the types up front skips polars' schema inference over the whole file (a
    fivefold speed-up on 95,000 rows); a file whose counts do not parse as integers is
    read again with inference, so what the counts hold is reported where they are used.
    """
    name = str(path)
    if name.endswith(".zip"):
        with zipfile.ZipFile(name) as archive:
            member = next(n for n in archive.namelist() if n.endswith(".csv"))
            source: io.BytesIO | str = io.BytesIO(archive.read(member))
    else:
        source = name
    header = pl.read_csv(source, n_rows=0).columns
    columns = [c for c in header if c != "url"]
    schema = {c: pl.String if c in _ID_COLUMNS else pl.Int64 for c in columns}
    try:
        return pl.read_csv(source, columns=columns, schema_overrides=schema)
    except pl.exceptions.ComputeError:
        return pl.read_csv(source, columns=columns, infer_schema_length=None)


def fetch_russia(
    year: int,
    *,
    data_home: str | os.PathLike[str] | None = None,
    download_if_missing: bool = True,
) -> StationTable:
    """Load one Russian federal election, one row per polling station.

    Columns: ``region``, ``territory`` (the TIK), ``station`` (the UIK), ``registered``,
    ``ballots_issued`` (early + on the day + outside the station; 2020: the one "issued"
    line), ``ballots_cast`` (valid + invalid; 2020: ballots in the boxes), ``valid``,
    ``invalid``, ``leader`` (United Russia, Putin, Medvedev or "ДА"), ``evoting`` (the 2021
    remote e-voting pseudo-stations: the "Дистанционное электронное голосование" TIKs and
    Moscow's UIK 5001-5015), ``oik`` where the source has it, then every list.
    Rows with a missing count (2024: 2,268 stations in occupied Ukrainian regions without
    any) go to the table's ``rejects`` with the missing counts named.

    Turnout: ``turnout_numerator`` is ``ballots_issued``, as in Kobak's analyses and the
    CEC's own turnout (ballots issued over registered voters); ``ballots_cast`` (ballots
    found in the boxes) can be chosen in :meth:`StationTable.to_stations`.

    Source: Kobak, Shpilkin & Pshenichnikov (2016), github.com/dkobak/elections.
    """
    if year not in RUSSIA_YEARS:
        raise NotFoundError(
            f"No Russian election for year {year}; available: {', '.join(map(str, RUSSIA_YEARS))}"
        )
    key = f"russia-{year}"
    path = fetch_file(key, data_home=data_home, download_if_missing=download_if_missing)
    raw = _read(path)
    file = path.name
    cols = raw.columns
    leader = _one(cols, _LEADER, file=file, what="leader")
    registered = _one(cols, _REGISTERED, file=file, what="registered voters")
    if year == 2020:
        issued = [_one(cols, ("Число бюллетеней, выданных",), file=file, what="issued")]
        cast_cols = [_one(cols, ("Число бюллетеней, содержащихся",), file=file, what="cast")]
        invalid = _one(cols, ("недействительных",), file=file, what="invalid")
    else:
        issued = _matching(cols, ("бюллетеней, выданных",), file=file, what="issued")
        if len(issued) != 3:
            raise InputError.expected(
                what=f"{file}: the ballots-issued columns", expected="three", got=issued
            )
        invalid = _one(cols, ("Число недействительных",), file=file, what="invalid")
        valid_col = _one(cols, ("Число действительных",), file=file, what="valid")
        cast_cols = [valid_col, invalid]
    lists = tuple(c for c in cols if not c.startswith("Число") and c not in _ID_COLUMNS)
    frame = raw
    counts = [pl.col(c).cast(pl.Int64) for c in (registered, *issued, *cast_cols, *lists)]
    frame = frame.with_columns(counts)
    valid_expr = (
        pl.sum_horizontal([pl.col(c) for c in lists]) if year == 2020 else pl.col(cast_cols[0])
    )
    tik = pl.col("tik").cast(pl.String)
    uik_number = pl.col("uik").cast(pl.String).str.extract(r"(\d+)").cast(pl.Int64)
    evoting = tik.str.contains("Дистанционн").fill_null(False)
    if year == 2021:
        moscow = (pl.col("region") == _MOSCOW) & uik_number.is_in(list(_MOSCOW_EVOTING))
        evoting = evoting | moscow.fill_null(False)
    standard = [
        pl.col("region").cast(pl.String).alias("region"),
        tik.alias("territory"),
        pl.col("uik").cast(pl.String).alias("station"),
        pl.col(registered).alias("registered"),
        pl.sum_horizontal([pl.col(c) for c in issued]).alias("ballots_issued"),
        pl.sum_horizontal([pl.col(c) for c in cast_cols]).alias("ballots_cast"),
        valid_expr.alias("valid"),
        pl.col(leader).alias("leader"),
    ]
    extra = [pl.col(invalid).alias("invalid"), evoting.alias("evoting")]
    if "oik" in cols:
        extra.append(pl.col("oik").cast(pl.String).alias("oik"))
    table = frame.select([*standard, *extra, *[pl.col(c) for c in lists]])
    if tuple(table.columns[: len(STANDARD_COLUMNS)]) != STANDARD_COLUMNS:
        raise AssertionError("standard columns out of order")
    kept, rejects = split_rejects(table, STANDARD_COLUMNS[3:])
    return StationTable(
        frame=kept, leader=leader, lists=lists, source=SOURCES[key], rejects=rejects
    )
