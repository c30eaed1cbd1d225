"""A chained table of one election read as one row of aggregates, cut into Polars columns.

What costs the database least per record is appending each stored value to an aggregate:
one ``group_concat`` (SQLite) or ``string_agg`` (PostgreSQL) per text column, texts joined by
U+001E, a nullable text as ``=`` and its value or empty for NULL. On SQLite the integers are
joined by commas and the time is its stored text; on PostgreSQL each integer and time column
is its values' binary forms joined as one value (``string_agg`` of ``int8send`` or
``timestamptz_send``), which NumPy reads as it arrives, and the time is written as the
chains' canonical text (:mod:`majlis.store.pg_arrays`; NULL for a year Python would
write otherwise). Polars cuts each text aggregate into a column and the records are put in
chain order by their place. On SQLite, which keeps a value of any type in any column, each
column's largest value's type is read too, and whole numbers are checked to be whole: a
table holding anything else (a blob, a fraction, a text where a number belongs) or a text
holding U+001E is not read here (None), and the caller walks it record by record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import text
from sqlalchemy.orm import Session

from majlis.store import driver_connection, pg_arrays

__all__ = ["read_table"]

#: the separator of a text column's values in its aggregate
_CUT = "\x1e"


def _sql(dialect: str, table: str, columns: Sequence[tuple[str, str]]) -> str:
    """One row of the election's records of ``table``: their count, then each column's
    values joined (integers by commas, texts by U+001E; a nullable text as ``=`` and its
    value, or empty for NULL) in the order the database visits the records, the same for
    every column (the caller orders them by place); on SQLite, before each column, the type
    of its largest value.

    ``columns`` are (SQL, kind) with kind ``int``, ``text``, ``null`` (a nullable text) or
    ``moment``.
    """
    sqlite = dialect == "sqlite"
    parts = ["count(*)"]
    for sql, kind in columns:
        value = f"coalesce('=' || {sql}, '')" if kind == "null" else sql
        cut = "','" if kind == "int" else "char(30)" if sqlite else "chr(30)"
        if sqlite:
            parts.append(f"typeof(max({sql}))")
            parts.append(f"group_concat({value}, {cut})")
        elif kind in _PACKED:
            parts.append(pg_arrays.packed_sql(sql, _PACKED[kind]))
        else:
            parts.append(f"string_agg(CAST({value} AS TEXT), {cut})")
    election = ":election" if sqlite else "%(election)s"
    return (
        f"SELECT {', '.join(parts)} FROM {table} JOIN polling_station s ON s.id = t.station_id "
        f"WHERE t.election = {election}"
    )


#: the kinds read packed on PostgreSQL, and the type each is read as
_PACKED = {"int": "int8", "moment": "timestamptz"}


#: the SQLite type of the largest value of a column of each kind, as majlis writes it (in
#: SQLite's order a text is above every number and a blob above every text)
_TYPES = {"int": {"integer"}, "text": {"text"}, "moment": {"text"}, "null": {"text", "null"}}


def _read(
    session: Session,
    sql: str,
    columns: Sequence[tuple[str, str]],
    names: Sequence[str],
    election: str,
) -> pl.DataFrame | None:
    """The election's records of one table as text columns in chain order; None if one is
    not of the type majlis writes or a text holds a U+001E."""
    sqlite = session.connection().dialect.name == "sqlite"
    row = _row(session, sql, election) if sqlite else _pg_row(session, sql, election)
    if row is None:  # (an aggregate has one row)
        return None
    size, values = row[0], list(row[1:])
    if sqlite:
        types, values = values[::2], values[1::2]
        if size and any(t not in _TYPES[k] for t, (_, k) in zip(types, columns, strict=True)):
            return None
    frame: dict[str, pl.Series] = {}
    for name, (_, kind), joined in zip(names, columns, values, strict=True):
        if not sqlite and kind in _PACKED:
            array = _pg_column(joined, size, kind)
            if array is None:
                return None
            frame[name] = array.alias(name)
            continue
        cut = "," if kind == "int" else _CUT
        column = pl.Series(name, [joined] if size else [], dtype=pl.String)
        column = column.str.split(cut).explode() if size else column
        if column.len() != size:
            return None
        if kind == "int" and column.cast(pl.Int64, strict=False).null_count():
            return None  # a fraction below the largest whole number (SQLite keeps any)
        frame[name] = column
    table = pl.DataFrame(frame)
    order = table["seq"].cast(pl.Int64)
    return table if order.is_sorted() else table.sort(order)


def _row(session: Session, sql: str, election: str) -> tuple[Any, ...] | None:
    result = session.connection().execute(text(sql), {"election": election})
    try:
        row: tuple[Any, ...] | None = result.cursor.fetchone()
    finally:
        result.close()
    return row


def _pg_row(session: Session, sql: str, election: str) -> tuple[Any, ...] | None:
    with driver_connection(session).cursor(binary=True) as cursor:
        cursor.execute(sql, {"election": election})
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row


def _pg_column(blob: bytes | None, size: int, kind: str) -> pl.Series | None:
    """An integer column as text, or a time as canonical text, from its packed values; None
    if one is NULL (and the column not empty)."""
    if not size:
        return pl.Series([], dtype=pl.String)
    values = pg_arrays.packed(blob, size, _PACKED[kind])
    if values is None:
        return None
    if kind == "int":
        return pl.Series(values.astype(np.int64)).cast(pl.String)
    return pg_arrays.iso_moments(values)


def read_table(
    session: Session,
    table: str,
    election: str,
    names: Sequence[str],
    sql: Mapping[str, str],
    kinds: Mapping[str, str],
) -> pl.DataFrame | None:
    """The election's records of ``table`` as text columns ``names``, in chain order (the
    place is the column ``seq``); None if they are not as majlis writes them.

    Each name is read from the column ``sql[name]`` (default ``t.<name>``; ``s.code`` is the
    polling station's code) as ``kinds[name]``: ``int``, ``text`` (the default), ``null`` (a
    nullable text) or ``moment``.
    """
    columns = [(sql.get(n, f"t.{n}"), kinds.get(n, "text")) for n in names]
    dialect = session.connection().dialect.name
    return _read(session, _sql(dialect, f"{table} t", columns), columns, names, election)
