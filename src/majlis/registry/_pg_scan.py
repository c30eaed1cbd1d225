"""The ledger pass on PostgreSQL: the server only reads, the client hashes and replays.

The fast half of :func:`majlis.registry.verify_ledger` on PostgreSQL, for a ledger whose
sequence numbers run 1 to N (each range's events are counted, so a gap is found). The ledger is
read in ranges of :data:`BATCH` events, each range as **one row**: the fixed-width columns (the
numbers, the date, the founder flag, the time and the hash) each as one value of their binary
forms joined (:mod:`majlis.store.pg_arrays`), which NumPy reads as it arrives (no value is
written as text by the server or made an object by the client), and each text column as one
value, the events' texts joined by U+001E (a nullable text after a flag, ``1`` for NULL and
``0`` before any other text; four aggregates of the columns cost the server less than one of
every event's texts joined). Polars reads each value as a column (``read_csv`` with no
quoting, every byte accounted for), writes each date and time as Python does, builds each
event's canonical text exactly as :func:`majlis.registry.ledger.event_hash` does, after the
**stored** hash of the event before it, and hashes the texts (SHA-256 by the ``polars-hash``
plugin, in native code and without the GIL), while a background thread has the server prepare
the next range. What the server does per event is the least it can: one statement that hashed
on the server cost it several times the CPU of this whole pass, and the machine's cores are
shared by both. The stored roll (in ranges of person ids) and the counts per party and region
are read between the ranges the same way and compared with a replay of the ledger as columns
(:mod:`majlis.registry._roll_check`).

Only the all-clear is decided here. An event whose hash differs, or whose date or time
Python writes in another form (a year before 1000 or after 9999, PostgreSQL's infinities), is
handed back for the exact per-event check, which raises the error naming it or vouches for
it. A range whose columns are not as read here (a NULL, a hash of another length) or whose
texts Polars cannot read back byte for byte (a text holding U+001E or U+001F, or ending in a
carriage return, which the reader drops) is checked by the server instead, as
:mod:`majlis.registry._chain_pg` does; a roll that cannot be read so, or differs from the
replay, goes to the exact comparison. A record can pass here only if its canonical text is
the exact check's, since both are hashed and compared with the same stored hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from polars_hash import CryptographicHashingNameSpace

from majlis.registry import _roll_check
from majlis.registry._chain_pg import PAYLOAD
from majlis.registry.ledger import SEPARATOR
from majlis.store.pg_arrays import (
    digests_sql,
    hex_digests,
    iso_days,
    iso_moments,
    packed,
    packed_digests,
    packed_sql,
)
from majlis.store.registry_rows import GENESIS_HASH

__all__ = ["BATCH", "SETTINGS", "LedgerPass", "client_pass"]

#: events read and hashed per range
BATCH = 50_000

#: the server's settings the texts read here assume (local to the transaction)
SETTINGS = {"DateStyle": "ISO, YMD", "TimeZone": "UTC", "bytea_output": "hex"}

_RS, _FS = "\x1e", "\x1f"
# the fixed-width columns (this pass's name, the column, its type), each read packed
_FIXED = (
    ("seq", "seq", "int4"),
    ("person", "person_id", "int4"),
    ("party", "party_id", "int4"),
    ("day", "occurred_on", "date"),
    ("founder", "founder", "boolean"),
    ("at", "entered_at", "timestamptz"),
)
# the text columns (this pass's name, the SQL of its texts): a nullable text after its NULL
# flag, ``1`` for NULL and ``0`` before any other text, and who entered the event after a ``0``
# (a column's empty text would be an empty line, which the reader passes over)
_TEXTS = (
    ("kind", "kind"),
    ("reason", "coalesce('0' || reason, '1')"),
    ("body", "coalesce('0' || deciding_body, '1')"),
    ("by", "'0' || entered_by"),
)
# a range of seq as one row: the fixed-width columns each packed as one binary value, then the
# hashes (and whether each is 32 bytes), then each text column as one value, its texts joined
# by U+001E, all in the order the server reads the rows (one aggregate pass: the same order
# in each)
_EVENTS = (
    "SELECT count(*), "
    + "".join(f"{packed_sql(column, kind)}, " for _, column, kind in _FIXED)
    + digests_sql("hash")
    + "".join(f", convert_to(string_agg({sql}, E'\\x1e'), 'UTF8')" for _, sql in _TEXTS)
    + " FROM membership_event WHERE seq > %s AND seq <= %s"
)
# the stored roll as one row: person, party, since and event seq packed, then the regions as
# one value, each after its NULL flag
_ROLL_FIXED = (
    ("person", "person_id", "int4"),
    ("party", "party_id", "int4"),
    ("since", "since", "date"),
    ("event_seq", "event_seq", "int4"),
)
_ROLL = (
    "SELECT count(*), "
    + "".join(f"{packed_sql(column, kind)}, " for _, column, kind in _ROLL_FIXED)
    + "convert_to(string_agg(CASE WHEN region_code IS NULL THEN '1' "
    "ELSE '0' || region_code END, E'\\x1e'), 'UTF8') "
    "FROM current_membership WHERE person_id BETWEEN %s AND %s"
)
_ROLL_SCHEMA = {
    "person": pl.Int64,
    "party": pl.Int64,
    "event_seq": pl.Int64,
    "since": pl.String,
    "region": pl.String,
    "no_region": pl.Boolean,
}
# the session's snapshot, for another connection to read, unless its transaction has written
# (or the server is a standby, which may not export one)
_SNAPSHOT = (
    "SELECT CASE WHEN txid_current_if_assigned() IS NULL AND NOT pg_is_in_recovery() "
    "THEN pg_export_snapshot() END"
)
_PEOPLE = "SELECT min(person_id), max(person_id) FROM current_membership"
#: at most this many reads of the roll (each a range of person ids)
_ROLL_READS = 8
# a range checked by the server instead (its text holds a separator): each event's replay
# columns, its stored hash, and whether the server finds it sound (see _chain_pg)
_SERVER_RANGE = (
    "SELECT e.seq, e.person_id, e.party_id, e.kind, e.occurred_on::text, encode(e.hash, 'hex'), "
    f"sha256({PAYLOAD}) IS NOT DISTINCT FROM e.hash "
    "AND e.occurred_on BETWEEN '1000-01-01' AND '9999-12-31' "
    "AND e.entered_at AT TIME ZONE 'UTC' BETWEEN '1000-01-01' AND '9999-12-31' "
    "FROM membership_event e LEFT JOIN membership_event p ON p.seq = e.seq - 1 "
    "WHERE e.seq > %s AND e.seq <= %s ORDER BY e.seq"
)
_COUNTS = "SELECT party_id, region_code, members FROM roll_count WHERE members <> 0"


@dataclass(frozen=True, slots=True)
class LedgerPass:
    """What the pass found.

    ``odd`` are the events for the exact check, in order, each with the stored hash before
    it; ``roll_agrees`` and ``counts_agree`` whether the stored roll is the replay's and the
    stored counts the roll's; ``active`` the size of the stored roll.
    """

    odd: list[tuple[int, str]]
    last_hash: str
    roll_agrees: bool
    counts_agree: bool
    active: int


def _table(blob: bytes | None, size: int, fields: tuple[str, ...]) -> pl.DataFrame | None:
    """The ``size`` rows joined in ``blob`` as text columns; None if a text held a separator."""
    if not size:
        return pl.DataFrame(schema=dict.fromkeys(fields, pl.String))
    if blob is None:
        return None
    try:
        frame = pl.read_csv(
            blob,
            has_header=False,
            separator=_FS,
            eol_char=_RS,
            quote_char=None,
            schema=dict.fromkeys(fields, pl.String),
        )
    except pl.exceptions.PolarsError:  # a row of more fields, or bytes that are not UTF-8
        return None
    if frame.height != size:
        return None
    # every byte read back: none dropped (the reader drops a carriage return that ends a value)
    # and no row short of a field
    read = frame.select(pl.sum_horizontal(pl.all().str.len_bytes().fill_null(0)).sum()).item()
    return frame if read + size * len(fields) - 1 == len(blob) else None


def _flagged(name: str) -> pl.Expr:
    """:func:`~majlis.registry.ledger.canonical_text` of a text after its NULL flag."""
    column = pl.col(name)
    text = column.str.slice(1)
    escaped = text.str.replace_all("\\", "\\\\", literal=True)
    flag = column.str.slice(0, 1)
    return pl.when(flag == "1").then(pl.lit("\x00")).when(flag == "0").then(escaped)


def _code(kind: pl.Expr) -> pl.Expr:
    """1 for an admission, 2 for an ending, 0 otherwise."""
    ends = kind.is_in(["left", "expelled", "dissolved"])
    return pl.when(kind == "admitted").then(1).when(ends).then(2).otherwise(0).cast(pl.Int8)


def _columns(row: tuple[Any, ...], size: int) -> pl.DataFrame | None:
    """A range's events from its row of :data:`_EVENTS`: the numbers as numbers, the date,
    time and hash as the canonical text writes them (NULL where Python would write the date
    or time otherwise); None if an array or the texts cannot be read so."""
    arrays = {
        name: packed(blob, size, kind)
        for (name, _, kind), blob in zip(_FIXED, row[1:7], strict=True)
    }
    arrays["hash"] = packed_digests(row[7], row[8], size)
    read = [
        _table(blob, size, (name,))
        for name, blob in zip((n for n, _ in _TEXTS), row[9:], strict=True)
    ]
    texts = [t for t in read if t is not None]
    if len(texts) < len(read) or any(a is None for a in arrays.values()):
        return None
    return pl.concat(texts, how="horizontal").with_columns(
        pl.Series("seq", arrays["seq"].astype(np.int64)),
        pl.Series("person", arrays["person"].astype(np.int64)),
        pl.Series("party", arrays["party"].astype(np.int64)),
        iso_days(arrays["day"]).alias("day"),
        pl.Series("founder", arrays["founder"]),
        iso_moments(arrays["at"]).alias("at"),
        hex_digests(arrays["hash"]).alias("hash"),
    )


def _events(frame: pl.DataFrame, first: int, prev: str) -> pl.DataFrame:
    """A range's events (as :func:`_columns` reads them) with their replay columns and
    whether each is ``sound``."""
    seq, stored = pl.col("seq"), pl.col("hash")
    if not frame["seq"].is_sorted():
        frame = frame.sort(seq)
    flag = pl.col("founder")
    founder = pl.when(flag == 1).then(pl.lit("1")).when(flag == 0).then(pl.lit("0"))
    line = pl.concat_str(
        stored.shift(1, fill_value=prev),
        seq.cast(pl.String),
        pl.col("person").cast(pl.String),
        pl.col("party").cast(pl.String),
        pl.col("kind"),
        pl.col("day"),
        _flagged("reason"),
        _flagged("body"),
        founder,
        pl.col("by").str.slice(1).str.replace_all("\\", "\\\\", literal=True),
        pl.col("at"),
        separator=SEPARATOR,
    )
    place = pl.int_range(first, first + pl.len(), dtype=pl.Int64)
    # (a date or time Python writes otherwise is NULL: so is the line, and the event not sound)
    sound = (seq == place) & (CryptographicHashingNameSpace(line).sha2_256() == stored)
    return frame.select(
        place.alias("seq"),
        "person",
        "party",
        _code(pl.col("kind")).alias("code"),
        "day",
        stored.alias("hash"),
        stored.shift(1, fill_value=prev).alias("prev"),
        sound.fill_null(False).alias("sound"),
    )


def _server_range(connection: Any, after: int, last: int, prev: str) -> pl.DataFrame:
    """The range's events as :func:`_events` gives them, checked by the server."""
    with connection.cursor() as cursor:
        cursor.execute(_SERVER_RANGE, (after, last))
        names = ("seq", "person", "party", "kind", "day", "hash", "sound")
        rows = pl.DataFrame(cursor.fetchall(), schema=names, orient="row")
    return rows.select(
        pl.col("seq").cast(pl.Int64),
        pl.col("person").cast(pl.Int64),
        pl.col("party").cast(pl.Int64),
        _code(pl.col("kind")).alias("code"),
        pl.col("day").cast(pl.String),
        pl.col("hash").cast(pl.String),
        pl.col("hash").cast(pl.String).shift(1, fill_value=prev).alias("prev"),
        ((pl.col("seq") == pl.int_range(after + 1, after + 1 + pl.len())) & pl.col("sound"))
        .fill_null(False)
        .alias("sound"),
    )


def _roll(row: tuple[Any, ...], size: int) -> pl.DataFrame | None:
    """The stored roll by person (person, party, since, event_seq, region, no_region) from
    its row of :data:`_ROLL`; None if it cannot be read so."""
    if not size:
        return pl.DataFrame(schema=_ROLL_SCHEMA)
    arrays = {
        name: packed(blob, size, kind)
        for (name, _, kind), blob in zip(_ROLL_FIXED, row[1:-1], strict=True)
    }
    regions = _table(row[-1], size, ("region",))
    if regions is None or any(a is None for a in arrays.values()):
        return None
    since = iso_days(arrays["since"])
    region = regions["region"]
    if since.null_count() or not region.str.slice(0, 1).is_in(["0", "1"]).all():
        return None
    return pl.DataFrame(
        {
            "person": arrays["person"].astype(np.int64),
            "party": arrays["party"].astype(np.int64),
            "event_seq": arrays["event_seq"].astype(np.int64),
            "since": since,
            "region": region.str.slice(1),
            "no_region": region == "1",
        }
    )


def _person_ranges(low: int, high: int) -> list[tuple[int, int]]:
    """Ranges of person ids from ``low`` to ``high``: of :data:`BATCH` ids or more, at most
    :data:`_ROLL_READS` of them."""
    width = max(BATCH, -(-(high - low + 1) // _ROLL_READS))
    return [(start, min(start + width - 1, high)) for start in range(low, high + 1, width)]


def _fetch(cursor: Any, sql: str, params: tuple[int, ...]) -> list[tuple[Any, ...]]:
    """Run one read on ``cursor``; its rows."""
    cursor.execute(sql, params or None)
    rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def client_pass(
    raw: Any,
    count: int,
    progress: Callable[[int], None] | None = None,
    *,
    beside: Callable[[], Any] | None = None,
) -> LedgerPass | None:
    """Check the ledger of events 1 to ``count`` (see the module docstring); None if a range
    holds another number of events than its width (a gap in the sequence, or a change while
    it was read: the caller checks otherwise).

    ``raw`` is the session's psycopg connection, in a transaction with :data:`SETTINGS`;
    only background threads use it until this returns. ``beside`` opens another connection
    to the same database (a pooled one, closed after): when the session's transaction has
    written nothing, the ranges are shared between the two, the second reading the session's
    snapshot, so that the server prepares two at once. ``progress`` is called with the events
    checked so far after each range.
    """
    # binary: each value arrives as the bytes Polars or NumPy read (no Python object per cell)
    with raw.cursor(binary=True) as cursor, _twin(raw, beside) as twin:
        return _read([cursor] if twin is None else [cursor, twin], count, progress)


@contextmanager
def _twin(raw: Any, connect: Callable[[], Any] | None) -> Iterator[Any]:
    """A cursor on a connection of ``connect`` that reads ``raw``'s snapshot with
    :data:`SETTINGS`; None without ``connect``, out of a transaction, or when ``raw``'s
    transaction has written (another transaction cannot see what it wrote)."""
    snapshot = None
    if connect is not None and not raw.autocommit:  # (a snapshot outlives no statement there)
        with raw.cursor() as cursor:
            cursor.execute(_SNAPSHOT)
            (snapshot,) = cursor.fetchone()
    if connect is None or snapshot is None or not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
        yield None
        return
    connection = connect()
    try:
        with connection.cursor(binary=True) as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
            cursor.execute(
                "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in SETTINGS),
                [item for pair in SETTINGS.items() for item in pair],
            )
            yield cursor
    finally:
        connection.rollback()
        connection.close()


def _read(
    cursors: list[Any], count: int, progress: Callable[[int], None] | None
) -> LedgerPass | None:
    """:func:`client_pass` on ``cursors`` (the session's first), each read on one of them in
    turn."""
    cursor = cursors[0]
    reads: list[tuple[str, tuple[int, ...]]] = [
        (_EVENTS, (after, min(after + BATCH, count))) for after in range(0, count, BATCH)
    ]
    # the roll in ranges of person ids and its counts, each read after a range of the ledger,
    # so that the client reads them while the server prepares the next one
    cursor.execute(_PEOPLE)
    low, high = cursor.fetchone()
    rolls = [] if low is None else _person_ranges(low, high)
    for i, read in enumerate([*((_ROLL, bounds) for bounds in rolls), (_COUNTS, ())]):
        reads.insert(2 * i + 1, read)
    odd: list[tuple[int, str]] = []
    frames: list[pl.DataFrame] = []
    members: list[pl.DataFrame | None] = []
    prev, active, counts = GENESIS_HASH, 0, pl.DataFrame()
    # one read ahead on each connection: the server prepares the next while this one is read
    # (the pools' end waits for them, so the connections are free again when this returns)
    pools = [ThreadPoolExecutor(1, "majlis-ledger-read") for _ in cursors]
    pending: dict[int, Future[list[tuple[Any, ...]]]] = {}

    def ahead(k: int) -> None:
        if k < len(reads):
            at = k % len(cursors)
            pending[k] = pools[at].submit(_fetch, cursors[at], *reads[k])

    try:
        for k in range(len(cursors)):
            ahead(k)
        for i, (sql, params) in enumerate(reads):
            rows = pending.pop(i).result()
            ahead(i + len(cursors))
            if sql is _COUNTS:
                schema = {"party": pl.Int64, "region": pl.String, "members": pl.Int64}
                counts = pl.DataFrame(rows, schema=schema, orient="row")
                continue
            (row,) = rows
            size = row[0]
            if sql is _ROLL:
                members.append(_roll(row, size))
                active += size
                continue
            after, last = params
            if size != last - after:
                return None  # a gap in the sequence, or a change while it was read
            table = _columns(row, size)
            events = (
                _events(table, after + 1, prev)
                if table is not None
                else _server_range(cursor.connection, after, last, prev)
            )
            sound = events["sound"]
            if not sound.all():
                bad = events.filter(~sound).select("seq", "prev").iter_rows()
                odd.extend((int(seq), str(before)) for seq, before in bad)
            frames.append(events.select("seq", "person", "party", "code", "day"))
            prev = str(events["hash"][-1])
            if progress is not None:
                progress(last)
    finally:
        for pool in pools:
            pool.shutdown()
    replayed = _roll_check.replay_frame(pl.concat(frames))
    parts = [part for part in members if part is not None]
    roll = None
    if len(parts) == len(members):
        roll = pl.concat(parts).sort("person") if parts else pl.DataFrame(schema=_ROLL_SCHEMA)
    return LedgerPass(
        odd=odd,
        last_hash=prev,
        roll_agrees=roll is not None
        and replayed is not None
        and _roll_check.roll_agrees(roll, replayed),
        counts_agree=roll is not None and _roll_check.counts_agree(roll, counts),
        active=active,
    )
