"""Columns read from PostgreSQL as binary arrays: one value per column, read by NumPy.

The verifications read whole chained tables. A column aggregated on the server with
``array_agg`` and sent in binary costs the server no text (no date, time, hash or number
written out) and the client no Python object per value: the array arrives as bytes (a
:func:`binary_cursor` hands them over as they are) and NumPy reads them in place. Only a
one-dimensional array of the expected element type, without NULL and with every element of
its width, is read (:func:`fixed_array`, :func:`int_array`); anything else is None, and the
caller checks that table another way.

Dates and times are then written as Python writes them in the canonical texts of the chains
(:func:`iso_days`, :func:`iso_moments`), for the years 1000 to 9999 only: Python writes other
years (and PostgreSQL's infinities are no Python value) otherwise, so those are NULL and the
caller's exact check decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import numpy as np
import polars as pl
from psycopg.abc import Buffer
from psycopg.adapt import Loader
from psycopg.pq import Format

__all__ = [
    "ARRAY_TYPES",
    "binary_cursor",
    "fixed_array",
    "hex_digests",
    "int_array",
    "iso_days",
    "iso_moments",
]

#: the array types read as bytes: of int2, int4, int8, bool, date, timestamptz and bytea
ARRAY_TYPES = (1005, 1007, 1016, 1000, 1182, 1185, 1001)
#: the element types of the integer arrays and the NumPy type of their binary elements
_INTEGERS: dict[int, np.dtype[Any]] = {
    21: np.dtype(">i2"),
    23: np.dtype(">i4"),
    20: np.dtype(">i8"),
}
_HEAD = 20  # dimensions, null flag, element type, length and lower bound (int32 each)
# days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01; microseconds in a day
_EPOCH_DAYS = 10_957
_DAY_US = 86_400_000_000
# the dates and times Python writes as the canonical texts do: the years 1000 to 9999
_FIRST_DAY = (date(1000, 1, 1) - date(2000, 1, 1)).days
_LAST_DAY = (date(9999, 12, 31) - date(2000, 1, 1)).days
# each byte's two hex digits, as two bytes of one little-endian 16-bit number
_HEX = np.array([ord(f"{b:02x}"[0]) | ord(f"{b:02x}"[1]) << 8 for b in range(256)], dtype="<u2")


class _Bytes(Loader):
    """A value in binary as its bytes, for NumPy to read."""

    format = Format.BINARY

    def load(self, data: Buffer) -> bytes:
        return bytes(data)


@contextmanager
def binary_cursor(connection: Any) -> Iterator[Any]:
    """A binary cursor on the psycopg ``connection`` that reads :data:`ARRAY_TYPES` as their
    bytes (other values as psycopg loads them)."""
    with connection.cursor(binary=True) as cursor:
        for oid in ARRAY_TYPES:
            cursor.adapters.register_loader(oid, _Bytes)
        yield cursor


def _elements(blob: bytes | None, size: int) -> int | None:
    """The element type of a one-dimensional binary array of ``size`` elements without NULL;
    None if the array is not so."""
    if blob is None or len(blob) < _HEAD:
        return None
    dimensions, nulls, element, length, _ = np.frombuffer(blob, ">i4", 5).tolist()
    return element if (dimensions, nulls, length) == (1, 0, size) else None


def fixed_array(blob: bytes | None, size: int, oid: int, item: np.dtype[Any]) -> Any:
    """The ``size`` elements of a binary array of element type ``oid``, each of ``item``'s
    width, as a NumPy array of ``item``; None if the array is not so."""
    if blob is None or _elements(blob, size) != oid:
        return None
    if len(blob) != _HEAD + size * (4 + item.itemsize):
        return None
    cells = np.frombuffer(blob, [("width", ">i4"), ("value", item)], offset=_HEAD)
    return cells["value"] if (cells["width"] == item.itemsize).all() else None


def int_array(blob: bytes | None, size: int) -> Any:
    """The ``size`` elements of a binary array of int2, int4 or int8 as int64; None if the
    array is not so."""
    oid = _elements(blob, size) or 0
    values = fixed_array(blob, size, oid, _INTEGERS[oid]) if oid in _INTEGERS else None
    return None if values is None else values.astype(np.int64)


def hex_digests(digests: Any) -> pl.Series:
    """Each row of bytes of a 2-D uint8 array as lower-case hex digits."""
    width = 2 * digests.shape[1]
    # (no hex digit is a NUL byte, which NumPy's fixed-width bytes would drop at the end)
    return pl.Series(_HEX[digests].view(f"S{width}").ravel()).cast(pl.String)


def iso_days(days: Any) -> pl.Series:
    """Dates (a date array's days since 2000-01-01) as ``date.isoformat`` writes them; NULL
    for a year before 1000 or after 9999."""
    days = np.asarray(days, dtype=np.int64)
    ok = (days >= _FIRST_DAY) & (days <= _LAST_DAY)
    day = pl.Series(np.where(ok, days + _EPOCH_DAYS, 0).astype(np.int32)).cast(pl.Date)
    return _where(ok, day.dt.to_string("%Y-%m-%d"))


def iso_moments(micros: Any) -> pl.Series:
    """Times (a timestamptz array's microseconds since 2000-01-01 UTC) as the chains' canonical
    texts write them, ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC; NULL for a year before 1000 or
    after 9999."""
    micros = np.asarray(micros, dtype=np.int64)
    ok = (micros >= _FIRST_DAY * _DAY_US) & (micros < (_LAST_DAY + 1) * _DAY_US)
    at = pl.Series(np.where(ok, micros + _EPOCH_DAYS * _DAY_US, 0)).cast(pl.Datetime("us"))
    return _where(ok, at.dt.to_string("%Y-%m-%dT%H:%M:%S%.6fZ"))


def _where(ok: Any, values: pl.Series) -> pl.Series:
    """``values`` where ``ok``, NULL elsewhere."""
    return pl.select(pl.when(pl.lit(pl.Series(ok))).then(pl.lit(values))).to_series()
