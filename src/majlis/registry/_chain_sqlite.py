"""The ledger pass on SQLite: each column read as one aggregate, the canonical text built by Polars.

SQLite runs in this process, and what costs it least per event is appending a stored value
to an aggregate as it stands: one ``group_concat`` per column (fixed-width columns with no
separator, texts joined by U+001E, whether a nullable text is NULL as its own column of
flags), no expression per event. Polars splits the columns, checks that every value is in
the form majlis writes, and builds each event's canonical text exactly as
:func:`majlis.registry.ledger.event_hash` does (text escaped as
:func:`~majlis.registry.ledger.canonical_text` does; NULL as one NUL; the time with a ``T``
and a ``Z``) after the **stored** hash of the event before it; Polars hashes the texts (SHA-256 by
the ``polars-hash`` plugin) and compares the hex digests with the stored hashes as a column.

Only a batch whose seq run without a gap, whose values have the types and forms majlis
writes (dates and times as text of the usual lengths from the year 1000, the founder flag
0 or 1, the hash as lower-case hex text, numbers as integers), and whose texts split into
one piece per event is taken here; anything else is read event by event by the caller. An
event whose hash differs goes to the exact check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
from polars_hash import CryptographicHashingNameSpace

from majlis.registry.ledger import SEPARATOR

__all__ = ["SQLITE_BATCH", "nullable_column", "sha256_hex", "sqlite_batch"]

#: one row per batch: events, first and last seq, the largest (and for the founder flag the
#: smallest) value's type, then one aggregate per column in the order of the canonical text
#: (SQLite visits a range of the rowid in order); the same aggregate twice is computed once
SQLITE_BATCH = (
    "SELECT count(*), min(seq), max(seq), typeof(max(occurred_on)), typeof(max(entered_at)), "
    "typeof(max(hash)), typeof(min(founder)), typeof(max(founder)), min(founder), max(founder), "
    "group_concat(person_id), group_concat(party_id), group_concat(kind, '\x1e'), "
    "group_concat(occurred_on, ''), group_concat(reason IS NULL, ''), "
    "group_concat(reason, '\x1e'), group_concat(deciding_body IS NULL, ''), "
    "group_concat(deciding_body, '\x1e'), group_concat(founder, ''), "
    "group_concat(entered_by, '\x1e'), group_concat(entered_at, ''), group_concat(hash, '') "
    "FROM membership_event WHERE seq > {after} AND seq <= {after} + {limit}"
)

_TYPES = ("text", "text", "text", "integer", "integer")
_DAY = r"^[1-9]\d{3}-\d{2}-\d{2}$"
_TIME = r"^[1-9]\d{3}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"
_SCHEMA = {
    "seq": pl.Int64,
    "person": pl.Int64,
    "party": pl.Int64,
    "code": pl.Int8,
    "day": pl.String,
}


def sha256_hex(text: pl.Expr) -> pl.Expr:
    """The SHA-256 of each text's UTF-8 bytes as lower-case hex, in native code (no GIL)."""
    return CryptographicHashingNameSpace(text).sha2_256()


def _split(text: str | None, separator: str, size: int) -> pl.Series | None:
    """The ``size`` values joined in ``text``; None if a value held the separator."""
    if size == 0:
        return pl.Series([], dtype=pl.String)
    if text is None:
        return None
    values = pl.Series([text], dtype=pl.String).str.split(separator).explode()
    return values if values.len() == size else None


def _fixed(text: str | None, width: int, size: int) -> pl.Series | None:
    """The ``size`` ASCII values of ``width`` characters each joined in ``text``; else None."""
    if text is None or not text.isascii() or len(text) != width * size:
        return None  # a value of another length or type, or a non-ASCII character
    data = text.encode()
    # a separator after each value, so that Polars cuts them without a Python object per
    # value (a value holding one gives a piece too many)
    cut = np.full((size, width + 1), 0x1E, dtype=np.uint8)
    cut[:, :width] = np.frombuffer(data, dtype=np.uint8).reshape(size, width)
    return _split(cut.tobytes()[:-1].decode("ascii"), "\x1e", size)


def nullable_column(flags: str | None, text: str | None, size: int) -> pl.Series | None:
    """A nullable text column from its NULL flags ('1' NULL) and its non-NULL values.

    ``flags`` is ``group_concat(x IS NULL, '')`` and ``text`` is ``group_concat(x, char(30))``
    (which passes over NULLs); None if they do not fit together or a value held U+001E.
    """
    if flags is None or len(flags) != size or flags.strip("01"):
        return None
    nulls = flags.count("1")
    if nulls == size:
        return pl.repeat(None, size, dtype=pl.String, eager=True)
    values = _split(text, "\x1e", size - nulls)
    if values is None or not nulls:
        return values
    where = np.flatnonzero(np.frombuffer(flags.encode(), dtype=np.uint8) == ord("0"))
    return pl.repeat(None, size, dtype=pl.String, eager=True).scatter(where, values)


def _escaped(text: pl.Expr) -> pl.Expr:
    """:func:`~majlis.registry.ledger.canonical_text` of a text column (NULL: one NUL)."""
    escaped = text.str.replace_all("\\", "\\\\", literal=True)
    return escaped.str.replace_all(SEPARATOR, "\\x1f", literal=True).fill_null("\x00")


def _columns(row: tuple[Any, ...], size: int) -> pl.DataFrame | None:
    """The batch's columns as text, each value in its stored form; None if one is not plain."""
    people, parties, kinds, days, no_reason, reasons, no_body, bodies = row[10:18]
    founders, by, at, hashes = row[18:22]
    columns = {
        "person": _split(people, ",", size),
        "party": _split(parties, ",", size),
        "kind": _split(kinds, "\x1e", size),
        "day": _fixed(days, 10, size),
        "reason": nullable_column(no_reason, reasons, size),
        "body": nullable_column(no_body, bodies, size),
        "founder": _fixed(founders, 1, size),
        "by": _split(by, "\x1e", size),
        "at": _fixed(at, 26, size),
        "hash": _fixed(hashes, 64, size),
    }
    if any(column is None for column in columns.values()):
        return None
    return pl.DataFrame(columns)


def sqlite_batch(
    row: tuple[Any, ...], prev: str, count: int, judge: Any
) -> tuple[pl.DataFrame, str] | None:
    """Check one batch read by :data:`SQLITE_BATCH`; its replay columns and last stored hash.

    None when the batch is not plain (the caller reads it event by event). ``judge(seq,
    position, prev_hash)`` is called for every event whose hash differs.
    """
    size, first, last = row[:3]
    if row[3:8] != _TYPES or row[8] < 0 or row[9] > 1 or (first, last) != (count + 1, count + size):
        return None
    hashes = row[21]
    if hashes != hashes.lower():
        return None  # (an upper-case hash is not the hex digest the exact check compares)
    texts = _columns(row, size)
    if texts is None:
        return None
    person, party, at = pl.col("person"), pl.col("party"), pl.col("at")
    seq = pl.int_range(first, last + 1, dtype=pl.Int64)
    frame = texts.select(
        seq.alias("seq"),
        person.cast(pl.Int64, strict=False).alias("person"),
        party.cast(pl.Int64, strict=False).alias("party"),
        _code(pl.col("kind")).alias("code"),
        "day",
        (
            # numbers as SQLite writes an integer, dates and times as majlis writes them
            (person.cast(pl.Int64, strict=False).cast(pl.String) == person)
            & (party.cast(pl.Int64, strict=False).cast(pl.String) == party)
            & pl.col("founder").is_in(["0", "1"])
            & pl.col("day").str.contains(_DAY)
            & at.str.contains(_TIME)
        )
        .fill_null(False)
        .all()
        .alias("plain"),
        pl.concat_str(
            pl.col("hash").shift(1, fill_value=prev),
            seq.cast(pl.String),
            person,
            party,
            "kind",
            "day",
            _escaped(pl.col("reason")),
            _escaped(pl.col("body")),
            "founder",
            _escaped(pl.col("by")),
            pl.concat_str(at.str.slice(0, 10), pl.lit("T"), at.str.slice(11), pl.lit("Z")),
            separator=SEPARATOR,
        )
        .pipe(sha256_hex)
        .eq(pl.col("hash"))
        .alias("sound"),
    )
    if not frame["plain"][0]:
        return None
    sound = frame["sound"]
    if not sound.all():
        for i in (~sound).arg_true().to_list():
            judge(first + i, count + i + 1, prev if i == 0 else hashes[64 * i - 64 : 64 * i])
    return frame.select(list(_SCHEMA)), hashes[-64:]


def _code(kind: pl.Expr) -> pl.Expr:
    """1 for an admission, 2 for an ending, 0 otherwise."""
    ends = kind.is_in(["left", "expelled", "dissolved"])
    return pl.when(kind == "admitted").then(1).when(ends).then(2).otherwise(0).cast(pl.Int8)
