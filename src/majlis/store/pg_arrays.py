"""Columns read from PostgreSQL as packed binary values: one value per column, read by NumPy.

The verifications read whole chained tables. A fixed-width column aggregated on the server as
its values' binary forms joined into one ``bytea`` (:func:`packed_sql`: ``string_agg`` of
``int4send``, ``date_send``... in the order the rows are read) costs the server no text (no
date, time, hash or number written out) and no per-value work on the way out (an array's binary
form calls a send function and writes a length for every element), and the client no Python
object per value: read by a binary cursor (``connection.cursor(binary=True)``), a ``bytea``
arrives as its bytes and NumPy reads them in place. A NULL is left out of the aggregate, so its
bytes fall short and the column is not read (:func:`packed` is None); stored digests are read
only when every one has the expected width (:func:`digests_sql`, :func:`packed_digests`). The
caller then checks that table another way.

Dates and times are then written as Python writes them in the canonical texts of the chains
(:func:`iso_days`, :func:`iso_moments`), for the years 1000 to 9999 only: Python writes other
years (and PostgreSQL's infinities are no Python value) otherwise, so those are NULL and the
caller's exact check decides.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import polars as pl

__all__ = [
    "digests_sql",
    "hex_digests",
    "iso_days",
    "iso_moments",
    "packed",
    "packed_digests",
    "packed_sql",
]

#: each packed kind (a PostgreSQL type): its binary send function and the NumPy type of its
#: binary values (a date is days since 2000-01-01, a timestamptz microseconds since
#: 2000-01-01 UTC)
_PACKED: dict[str, tuple[str, np.dtype[Any]]] = {
    "int2": ("int2send", np.dtype(">i2")),
    "int4": ("int4send", np.dtype(">i4")),
    "int8": ("int8send", np.dtype(">i8")),
    "date": ("date_send", np.dtype(">i4")),
    "boolean": ("boolsend", np.dtype("u1")),
    "timestamptz": ("timestamptz_send", np.dtype(">i8")),
}
# days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01; microseconds in a day
_EPOCH_DAYS = 10_957
_DAY_US = 86_400_000_000
# the dates and times Python writes as the canonical texts do: the years 1000 to 9999
_FIRST_DAY = (date(1000, 1, 1) - date(2000, 1, 1)).days
_LAST_DAY = (date(9999, 12, 31) - date(2000, 1, 1)).days
# each byte's two hex digits, as two bytes of one little-endian 16-bit number
_HEX = np.array([ord(f"{b:02x}"[0]) | ord(f"{b:02x}"[1]) << 8 for b in range(256)], dtype="<u2")


def packed_sql(column: str, kind: str) -> str:
    """SQL of one aggregate: the binary forms of ``column``'s values as ``kind`` (a key of
    the packed kinds: ``int2``, ``int4``, ``int8``, ``date``, ``boolean``, ``timestamptz``),
    joined as one ``bytea`` in the order the rows are read; a NULL is left out."""
    send = _PACKED[kind][0]
    return f"string_agg({send}(CAST({column} AS {kind})), ''::bytea)"


def packed(blob: bytes | None, size: int, kind: str) -> Any:
    """The ``size`` values of a :func:`packed_sql` aggregate as a NumPy array of their binary
    type; None if the bytes are not ``size`` values (a NULL was left out)."""
    item = _PACKED[kind][1]
    if blob is None or len(blob) != size * item.itemsize:
        return None
    return np.frombuffer(blob, item)


def digests_sql(column: str, width: int = 32) -> str:
    """SQL of two aggregates: a ``bytea`` column's values joined as one ``bytea`` in the order
    the rows are read, and whether every one is ``width`` bytes long."""
    value = f"CAST({column} AS bytea)"
    return f"string_agg({value}, ''::bytea), bool_and(octet_length({value}) = {width})"


def packed_digests(blob: bytes | None, every: bool | None, size: int, width: int = 32) -> Any:
    """The ``size`` digests of a :func:`digests_sql` pair as a ``(size, width)`` array of
    bytes; None unless every one is ``width`` bytes long (none NULL)."""
    if blob is None or every is not True or len(blob) != size * width:
        return None
    return np.frombuffer(blob, np.uint8).reshape(size, width)


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
