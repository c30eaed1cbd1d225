"""The ledger pass on SQLite: the database writes each event's canonical text itself.

SQLite runs in this process, and its own string functions are cheaper than splitting and
re-joining columns: each event becomes the text :func:`majlis.registry.ledger.event_hash`
hashes after the previous hash (text escaped as
:func:`~majlis.registry.ledger.canonical_text` does, only when it holds a backslash or a
unit separator; NULL as one NUL; the time with a ``T`` and a ``Z``), followed by U+001E and
its stored hash. With the previous batch's last hash in front, splitting a batch at U+001E
gives every event's canonical text preceded by the stored hash of the event before it, and
each text after the first starts with the hash the one before it stored. The replay's
columns come as their own aggregates.

Only a batch whose seq run without a gap, whose dates and times have the lengths majlis
writes, and whose text splits into one piece per event is taken here (anything else is read
event by event by the caller); an event whose hash differs goes to the exact check.
"""

from __future__ import annotations

import hashlib
from operator import methodcaller
from typing import Any

import numpy as np
import polars as pl

__all__ = ["SQLITE_BATCH", "sqlite_batch"]

_TEXT = (
    "CASE WHEN {0} IS NULL THEN char(0) WHEN instr({0}, '\\') OR instr({0}, char(31)) "
    "THEN replace(replace({0}, '\\', '\\\\'), char(31), '\\x1f') ELSE {0} END"
)
_TAIL = (
    "printf('\x1f%d\x1f%d\x1f%d\x1f%s\x1f%s\x1f', seq, person_id, party_id, kind, occurred_on)"
    f" || {_TEXT.format('reason')} || char(31) || {_TEXT.format('deciding_body')}"
    " || printf('\x1f%d\x1f', founder) || "
    f"{_TEXT.format('entered_by')} || char(31) || substr(entered_at, 1, 10) || 'T' "
    "|| substr(entered_at, 12) || 'Z'"
)
_CODE = (
    "CASE kind WHEN 'admitted' THEN 1 WHEN 'left' THEN 2 WHEN 'expelled' THEN 2 "
    "WHEN 'dissolved' THEN 2 ELSE 0 END"
)
#: one row per batch: events, first and last seq, the texts, the stored hashes (hex, in the
#: same order), the replay's columns, and how many events are not in the form majlis writes
SQLITE_BATCH = (
    f"SELECT count(*), min(seq), max(seq), group_concat({_TAIL} || char(30) || "
    "CASE WHEN typeof(hash) = 'text' THEN hash ELSE '' END, ''), "
    "group_concat(hash, ''), group_concat(person_id), group_concat(party_id), "
    f"group_concat({_CODE}, ''), "
    "group_concat(occurred_on, ''), sum(typeof(occurred_on) <> 'text' "
    "OR length(occurred_on) <> 10 OR typeof(entered_at) <> 'text' OR length(entered_at) <> 26 "
    "OR typeof(founder) <> 'integer' OR founder NOT IN (0, 1) OR typeof(hash) <> 'text' "
    "OR length(hash) <> 64) "
    "FROM membership_event WHERE seq > {after} AND seq <= {after} + {limit}"
)

_SCHEMA = {
    "seq": pl.Int64,
    "person": pl.Int64,
    "party": pl.Int64,
    "code": pl.Int8,
    "day": pl.String,
}


def sqlite_batch(
    row: tuple[Any, ...], prev: str, count: int, judge: Any
) -> tuple[pl.DataFrame, str] | None:
    """Check one batch read by :data:`SQLITE_BATCH`; its replay columns and last stored hash.

    None when the batch is not plain (the caller reads it event by event). ``judge(seq,
    position, prev_hash)`` is called for every event whose hash differs.
    """
    size, first, last, stream, hashes, people, parties, codes, days, odd = row
    if odd or first != count + 1 or last != count + size or hashes != hashes.lower():
        return None  # (an upper-case hash is not the hex digest the exact check compares)
    pieces = (prev + stream).encode().split(b"\x1e")
    if len(pieces) != size + 1:
        return None
    # U+001E is one byte in UTF-8 and part of no other character's; every digest is compared
    # as bytes in one comparison of the batch's, and only a batch that differs is searched
    try:
        stored = bytes.fromhex(hashes)
    except ValueError:
        return None
    if len(stored) != 32 * size:
        return None  # (bytes.fromhex passes over white space)
    digest, sha = methodcaller("digest"), hashlib.sha256
    computed = b"".join(map(digest, map(sha, pieces[:-1])))
    if computed != stored:
        for i in range(size):
            if computed[32 * i : 32 * i + 32] != stored[32 * i : 32 * i + 32]:
                judge(first + i, count + i + 1, pieces[i][:64].decode())
    frame = pl.DataFrame(
        {
            "seq": pl.int_range(first, last + 1, eager=True),
            "person": pl.Series(people.split(",")).cast(pl.Int64),
            "party": pl.Series(parties.split(",")).cast(pl.Int64),
            "code": np.frombuffer(codes.encode(), dtype=np.uint8).astype(np.int8) - 48,
            "day": pl.Series(np.frombuffer(days.encode(), dtype="S10")).cast(pl.String),
        },
        schema=_SCHEMA,
    )
    return frame, pieces[-1].decode()
