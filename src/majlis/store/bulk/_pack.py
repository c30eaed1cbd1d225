"""A chunk's rows, given column by column, as one load statement per table.

PostgreSQL: a ``COPY ... FROM STDIN (FORMAT csv)`` whose CSV text Polars writes (native code,
not row by row in Python). SQLite: one ``INSERT ... SELECT`` for the whole chunk, which SQLite
unpacks itself, row by row index (``key``): each fixed-width column as one blob cut at that
index, each run of consecutive numbers (ids, sequence numbers) as its first plus the index, the
other columns' rows as a JSON array of arrays (``json_each``), the constants bound once; with
no such other column the indexes are counted by a recursive CTE. The driver releases the GIL
for the whole statement, so SQLite inserts one chunk while Python prepares the next.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = [
    "Column",
    "Digests",
    "Fixed",
    "Same",
    "copy_statement",
    "insert_statement",
    "packed",
    "row_count",
    "uniform",
]


@dataclass(frozen=True, slots=True)
class Same:
    """One value of a column for every row of an insert."""

    value: Any


@dataclass(frozen=True, slots=True)
class Fixed:
    """A column of text values that all have ``width`` characters (IINs, ISO dates, hashes)."""

    values: Sequence[str]
    width: int


@dataclass(frozen=True, slots=True)
class Digests:
    """A column of SHA-256 digests in hex: ``bytea`` on PostgreSQL, hex text on SQLite."""

    values: Sequence[str]


#: a column of an insert: plain values (a ``range`` for consecutive numbers) or one of the above
Column = Sequence[Any] | Fixed | Digests | Same


def packed(column: Fixed) -> bytes:
    """The column's values joined into one ASCII blob, each at byte ``index * width``."""
    blob = "".join(column.values).encode("ascii")
    if len(blob) != column.width * len(column.values):
        raise ValueError(f"a column of fixed width {column.width} holds other widths")
    return blob


def uniform(values: Sequence[str]) -> Fixed | Sequence[str]:
    """``values`` as a fixed-width column if they are ASCII of one width (region codes)."""
    widths = set(map(len, values))
    if len(widths) == 1 and "".join(values).isascii():
        return Fixed(values, widths.pop())
    return values


def row_count(columns: Mapping[str, Column]) -> int:
    """The number of rows of an insert (the length of its first column that is not constant)."""
    for column in columns.values():
        if isinstance(column, Fixed | Digests):
            return len(column.values)
        if not isinstance(column, Same):
            return len(column)
    raise ValueError("an insert needs a column that is not constant")


def _csv_column(name: str, column: Column) -> pl.Expr:
    """The expression that writes ``column`` of the frame into PostgreSQL's CSV input."""
    if isinstance(column, Same):
        return pl.lit(column.value).alias(name)
    if isinstance(column, Digests):
        return ("\\x" + pl.col(name)).alias(name)  # bytea's hex input
    return pl.col(name)


def copy_statement(table: str, columns: Mapping[str, Column]) -> tuple[str, str]:
    """PostgreSQL: the ``COPY`` of ``columns`` into ``table`` and its CSV input."""
    lists = {
        name: v.values if isinstance(v, Fixed | Digests) else v
        for name, v in columns.items()
        if not isinstance(v, Same)
    }
    frame = pl.DataFrame(lists).select(_csv_column(n, v) for n, v in columns.items())
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)"
    return statement, frame.write_csv(include_header=False)


def insert_statement(table: str, columns: Mapping[str, Column]) -> tuple[str, list[Any]]:
    """SQLite: one ``INSERT ... SELECT`` of ``columns`` into ``table`` and its parameters."""
    values: list[str] = []
    parameters: list[Any] = []
    varying: list[Sequence[Any]] = []
    for v in columns.values():
        if isinstance(v, Digests):  # SQLite stores the hex text
            v = Fixed(v.values, 64)
        if isinstance(v, Same):
            values.append("?")
            parameters.append(v.value)
        elif isinstance(v, range) and v.step == 1:
            values.append("? + key")
            parameters.append(v.start)
        elif isinstance(v, Fixed):
            # cut from a blob (by byte, in constant time; text is walked character by
            # character), then read back as text: the values are ASCII
            values.append(f"CAST(substr(?, key * {v.width} + 1, {v.width}) AS TEXT)")
            parameters.append(packed(v))
        else:
            values.append(f"json_extract(value, '$[{len(varying)}]')")
            varying.append(v)
    insert = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM"
    if varying:
        parameters.append(json.dumps(list(zip(*varying, strict=True)), ensure_ascii=False))
        return f"{insert} json_each(?)", parameters
    counted = "WITH RECURSIVE k(key) AS (SELECT 0 UNION ALL SELECT key + 1 FROM k "
    counted += "WHERE key + 1 < ?) "
    return f"{counted}{insert} k", [row_count(columns), *parameters]
