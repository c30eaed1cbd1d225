"""The ledger pass on SQLite: each column read as one aggregate, the canonical text built by Polars.

SQLite runs in this process, and what costs it least per event is appending a stored value
to an aggregate as it stands: one ``group_concat`` per column (fixed-width columns with no
separator, texts joined by U+001E), no expression per event. A nullable text's NULLs are
told by its count of values when the batch has none or only NULLs; a batch with both reads
its flags (``x IS NULL``) in a second statement. The fixed-width columns (dates, times, the
founder flag, hashes) are checked byte by byte against the form majlis writes and made
columns straight from their bytes; Polars splits the others, builds each event's canonical
text exactly as :func:`majlis.registry.ledger.event_hash` does (text escaped as
:func:`~majlis.registry.ledger.canonical_text` does, only in a column that holds a
backslash or U+001F; NULL as one NUL; the time with a ``T`` and a ``Z``) after the
**stored** hash of the event before it, hashes the texts (SHA-256 by the ``polars-hash``
plugin) and compares the hex digests with the stored hashes as a column.

Only a batch whose seq run without a gap, whose values have the types and forms majlis
writes (dates and times as text of the usual lengths from the year 1000, the founder flag
0 or 1, the hash as lower-case hex text, numbers as integers, no blob where the exact check
would read bytes), and whose texts split into one piece per event is taken here; anything
else is read event by event by the caller. An event whose hash differs goes to the exact
check.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa
from polars_hash import CryptographicHashingNameSpace

from majlis.registry.ledger import SEPARATOR

__all__ = [
    "SQLITE_BATCH",
    "ascii_cells",
    "ascii_strings",
    "byte_cells",
    "nullable_column",
    "read_batch",
    "sha256_hex",
    "sqlite_batch",
]

#: one row per batch: events, the largest value's type of each column that must not hold a
#: blob (a blob sorts after every number and text), then one aggregate per column in the order
#: of the canonical text (SQLite visits a range of the rowid in order), a nullable text as the
#: number of its values that are not NULL, then those values; the columns of fixed width as
#: their bytes (no text object made and encoded again); last, the largest value's type over
#: the free texts (a blob there is not majlis's record, whatever its bytes)
SQLITE_BATCH = (
    "SELECT count(*), typeof(max(occurred_on)), typeof(max(entered_at)), typeof(max(hash)), "
    "typeof(max(founder)), "
    "group_concat(person_id), group_concat(party_id), group_concat(kind, '\x1e'), "
    "CAST(group_concat(occurred_on, '') AS BLOB), count(reason), "
    "group_concat(reason, '\x1e'), count(deciding_body), "
    "group_concat(deciding_body, '\x1e'), CAST(group_concat(founder, '') AS BLOB), "
    "group_concat(entered_by, '\x1e'), CAST(group_concat(entered_at, '') AS BLOB), "
    "CAST(group_concat(hash, '') AS BLOB), "
    "typeof(max(max(coalesce(reason, ''), coalesce(deciding_body, ''), entered_by))) "
    "FROM membership_event WHERE seq > {after} AND seq <= {after} + {limit}"
)
#: the first and last seq of a batch that is not full (each found in the key, not by a scan)
_BOUNDS = (
    "SELECT (SELECT min(seq) FROM membership_event WHERE seq > {after} AND seq <= {after} + "
    "{limit}), (SELECT max(seq) FROM membership_event WHERE seq > {after} AND seq <= {after} + "
    "{limit})"
)

#: which values of a nullable text are NULL ('1') and which are not ('0'), for a batch that
#: has both
_NULLS = (
    "SELECT group_concat({column} IS NULL, '') FROM membership_event "
    "WHERE seq > {after} AND seq <= {after} + {limit}"
)

_TYPES = ("text", "text", "text", "integer")
#: the stored forms of a date and a time (``1`` a digit from 1 to 9, ``9`` any digit) and of
#: the founder flag (``B``: 0 or 1), each a fixed number of ASCII characters
_DAY = "1999-99-99"
_TIME = "1999-99-99 99:99:99.999999"
_LOW = {"1": "1", "9": "0", "B": "0"}
_HIGH = {"1": "9", "9": "9", "B": "1"}
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


def ascii_cells(text: str | None, width: int, size: int) -> npt.NDArray[np.uint8] | None:
    """The ``size`` ASCII values of ``width`` characters joined in ``text``, one row each."""
    if text is None or not text.isascii() or len(text) != width * size:
        return None  # a value of another length or type, or a non-ASCII character
    return np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(size, width)


def _fits(cells: npt.NDArray[np.uint8], pattern: str) -> bool:
    """Whether every row of ``cells`` fits ``pattern`` (``9`` a digit, ``1`` a digit from 1,
    any other character itself): the stored form, checked byte by byte."""
    low = np.array([ord(_LOW.get(c, c)) for c in pattern], dtype=np.uint8)
    high = np.array([ord(_HIGH.get(c, c)) for c in pattern], dtype=np.uint8)
    return bool(((cells >= low) & (cells <= high)).all())


def byte_cells(data: bytes | None, width: int, size: int) -> npt.NDArray[np.uint8] | None:
    """The ``size`` values of ``width`` bytes joined in ``data``, one row each; None if they
    are of other lengths, or one is not ASCII (its bytes make no text of one row each)."""
    if data is None or len(data) != width * size:
        return None
    cells = np.frombuffer(data, dtype=np.uint8).reshape(size, width)
    return None if (cells >= 0x80).any() else cells


def ascii_strings(cells: npt.NDArray[np.uint8]) -> pl.Series:
    """A column of ASCII texts from their bytes, one row a value (no Python object per value)."""
    size, width = cells.shape
    offsets = np.arange(0, size * width + 1, width, dtype=np.int64)
    data = pa.py_buffer(np.ascontiguousarray(cells))
    array = pa.LargeStringArray.from_buffers(size, pa.py_buffer(offsets), data)
    return pl.Series(array, dtype=pl.String)


def _canonical_times(cells: npt.NDArray[np.uint8]) -> pl.Series:
    """Stored times (``YYYY-MM-DD HH:MM:SS.ffffff``) as the canonical text writes them: a ``T``
    between the date and the time, a ``Z`` after it."""
    size, width = cells.shape
    canonical = np.empty((size, width + 1), dtype=np.uint8)
    canonical[:, :width] = cells
    canonical[:, 10] = ord("T")
    canonical[:, width] = ord("Z")
    return ascii_strings(canonical)


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


def _canonical(column: pl.Series, joined: str | None) -> pl.Series:
    """:func:`~majlis.registry.ledger.canonical_text` of a text column (NULL: one NUL).

    ``joined`` is the column's values as read; when it holds no backslash and no U+001F,
    nothing is escaped and only the NULLs are filled.
    """
    if joined is not None and ("\\" in joined or SEPARATOR in joined):
        column = column.str.replace_all("\\", "\\\\", literal=True)
        column = column.str.replace_all(SEPARATOR, "\\x1f", literal=True)
    return column.fill_null("\x00")


def _columns(row: tuple[Any, ...], size: int) -> pl.DataFrame | None:
    """The batch's columns, the texts as the canonical text writes them; None if one is not
    in the form majlis writes (the caller reads the batch event by event)."""
    people, parties, kinds, days, no_reason, reasons, no_body, bodies = row[7:15]
    founders, by, at, hashes = row[15:19]
    day, founder, time, digest = (
        byte_cells(days, 10, size),
        byte_cells(founders, 1, size),
        byte_cells(at, 26, size),
        byte_cells(hashes, 64, size),
    )
    if day is None or founder is None or time is None or digest is None:
        return None
    # dates and times as majlis writes them, the flag 0 or 1, the hash in lower case (an
    # upper-case hash is not the hex digest the exact check compares)
    if not (_fits(day, _DAY) and _fits(time, _TIME) and _fits(founder, "B")):
        return None
    if ((digest >= ord("A")) & (digest <= ord("Z"))).any():
        return None
    columns = {
        "person": _split(people, ",", size),
        "party": _split(parties, ",", size),
        "kind": _split(kinds, "\x1e", size),
        "reason": nullable_column(no_reason, reasons, size),
        "body": nullable_column(no_body, bodies, size),
        "by": _split(by, "\x1e", size),
    }
    split = {name: column for name, column in columns.items() if column is not None}
    if len(split) != len(columns):
        return None
    return pl.DataFrame(
        {
            "person": split["person"],
            "party": split["party"],
            "kind": split["kind"],
            "day": ascii_strings(day),
            "reason": _canonical(split["reason"], reasons),
            "body": _canonical(split["body"], bodies),
            "founder": ascii_strings(founder),
            "by": _canonical(split["by"], by),
            "at": _canonical_times(time),
            "hash": ascii_strings(digest),
        }
    )


def read_batch(cursor: Any, after: int, limit: int) -> tuple[Any, ...]:
    """Read the batch of seq after ``after`` by :data:`SQLITE_BATCH`: (events, first seq, last
    seq, then the columns of its row after the count, each nullable text's number of values
    replaced by its NULL flags); (0,) when it is empty."""
    cursor.execute(SQLITE_BATCH.format(after=after, limit=limit))
    size, *rest = cursor.fetchone()
    if not size:
        return (0,)
    for at, column in ((8, "reason"), (10, "deciding_body")):
        present = rest[at]
        if present in (0, size):  # all NULL, or none: the flags are known
            rest[at] = ("0" if present else "1") * size
        else:
            cursor.execute(_NULLS.format(column=column, after=after, limit=limit))
            (rest[at],) = cursor.fetchone()
    if size == limit:  # every seq of the range, each stored once (the key)
        return (size, after + 1, after + limit, *rest)
    cursor.execute(_BOUNDS.format(after=after, limit=limit))
    first, last = cursor.fetchone()
    return (size, first, last, *rest)


def sqlite_batch(
    row: tuple[Any, ...], prev: str, count: int, judge: Any
) -> tuple[pl.DataFrame, str] | None:
    """Check one batch read by :func:`read_batch`; its replay columns and last stored hash.

    None when the batch is not plain (the caller reads it event by event). ``judge(seq,
    position, prev_hash)`` is called for every event whose hash differs.
    """
    size, first, last = row[:3]
    if row[3:7] != _TYPES or row[19] != "text" or (first, last) != (count + 1, count + size):
        return None
    texts = _columns(row, size)
    if texts is None:
        return None
    person, party = pl.col("person"), pl.col("party")
    seq = pl.int_range(first, last + 1, dtype=pl.Int64)
    frame = texts.select(
        seq.alias("seq"),
        person.cast(pl.Int64, strict=False).alias("person"),
        party.cast(pl.Int64, strict=False).alias("party"),
        _code(pl.col("kind")).alias("code"),
        "day",
        (
            # numbers as SQLite writes an integer
            (person.cast(pl.Int64, strict=False).cast(pl.String) == person)
            & (party.cast(pl.Int64, strict=False).cast(pl.String) == party)
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
            "reason",
            "body",
            "founder",
            "by",
            "at",
            separator=SEPARATOR,
        )
        .pipe(sha256_hex)
        .eq(pl.col("hash"))
        .alias("sound"),
    )
    if not frame["plain"][0]:
        return None
    sound = frame["sound"]
    hashes = row[18]  # ASCII bytes: checked above
    if not sound.all():
        for i in (~sound).arg_true().to_list():
            before = prev if i == 0 else hashes[64 * i - 64 : 64 * i].decode("ascii")
            judge(first + i, count + i + 1, before)
    return frame.select(list(_SCHEMA)), hashes[-64:].decode("ascii")


def _code(kind: pl.Expr) -> pl.Expr:
    """1 for an admission, 2 for an ending, 0 otherwise."""
    ends = kind.is_in(["left", "expelled", "dissolved"])
    return pl.when(kind == "admitted").then(1).when(ends).then(2).otherwise(0).cast(pl.Int8)
