"""One pass over the membership ledger: every event's hash recomputed, its columns kept.

The fast half of :func:`majlis.registry.verify_ledger`. The ledger is read in batches of up to
:data:`BATCH` events (:data:`SQLITE_BATCH_EVENTS` on SQLite; ranges of seq), each batch as
**one row** of aggregates, so that the driver makes a few objects per batch rather than a
dozen per event. On SQLite each column is one aggregate and Polars builds the canonical
texts (:mod:`majlis.registry._chain_sqlite`);
on PostgreSQL (only when its sequence has a gap: otherwise the server checks every hash, see
:mod:`majlis.registry._chain_pg`) the server joins every event's stored columns as text
(U+001F between fields, a NULL flag before each nullable text, the stored hash last as hex)
and the events by U+001E, and Polars splits it into columns, checks that every date and time
is stored in the form majlis writes, and builds each event's canonical text exactly as
:func:`majlis.registry.ledger.event_hash` does, after the **stored** hash of the event before
it. Polars hashes the texts (SHA-256 by the ``polars-hash`` plugin, in native code and
without the GIL) while a background thread has the database prepare the next batch. The
database only formats stored values; every hash is computed here. Tests hold this
canonical text to ``event_hash`` over awkward text (backslashes, separators, newlines, NULL,
non-ASCII) on both databases.

An event that is out of sequence, whose hash differs, or whose date or time is stored in
another form (SQLite keeps them as text, which anyone can rewrite) is not judged here: it goes
to the exact per-event check, which raises the error naming it, so the message is the same as
ever. So does every event of a batch whose text holds U+001E itself.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from majlis.registry._chain_sqlite import read_batch, sha256_hex, sqlite_batch
from majlis.registry.ledger import SEPARATOR
from majlis.store import driver_connection, threads_may_share
from majlis.store.registry_rows import GENESIS_HASH

__all__ = ["BATCH", "SQLITE_BATCH_EVENTS", "ChainScan", "Judge", "scan_chain"]

#: events read and hashed per batch (PostgreSQL)
BATCH = 100_000
#: events read and hashed per batch on SQLite: smaller, so that each batch's texts and
#: columns fit in memory the allocators keep from the batch before (a larger one maps fresh
#: pages every time, which costs the kernel more than the per-batch work saves)
SQLITE_BATCH_EVENTS = 50_000

#: the exact check of one event: (seq, its position from 1, the previous stored hash);
#: raises IntegrityError naming the event, or returns when the event is sound after all
Judge = Callable[[int, int, str], None]

_RS = "\x1e"
# a batch is a range of seq values: a range scan of the primary key (SQLite: the rowid),
# which SQLite visits in order; a gap only makes a batch smaller
_RANGE = " FROM membership_event WHERE seq > {after} AND seq <= {after} + {limit}"
_NEXT = "SELECT min(seq) FROM membership_event WHERE seq > {after}"
# PostgreSQL: an event's stored columns as text joined by U+001F, a NULL text as flag 1, any
# other text after flag 0; the date as text (ISO); the time in UTC as
# ``YYYY-MM-DD HH:MM:SS.ffffff``, as SQLite stores it; the hash last, as hex (SQLite's own
# batch is in :mod:`majlis.registry._chain_sqlite`)
_PG_BATCH = (
    "SELECT count(*), max(seq), string_agg(concat_ws(E'\\x1f', seq, person_id, party_id, kind, "
    "occurred_on, CASE WHEN reason IS NULL THEN '1' ELSE '0' || reason END, "
    "CASE WHEN deciding_body IS NULL THEN '1' ELSE '0' || deciding_body END, "
    "CASE WHEN founder THEN '1' ELSE '0' END, entered_by, "
    "to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), encode(hash, 'hex')), "
    "E'\\x1e' ORDER BY seq)" + _RANGE
)
# a batch event by event, for the exact check
_PLAIN = "SELECT seq, person_id, party_id, kind, {day}, {hash}" + _RANGE + " ORDER BY seq"
_FIELDS = (
    "seq",
    "person",
    "party",
    "kind",
    "day",
    "reason",
    "body",
    "founder",
    "by",
    "at",
    "hash",
)
_DAY = r"^\d{4}-\d{2}-\d{2}$"
_TIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"
_HEX = r"\x1f[0-9a-f]{64}$"
_SCHEMA = {
    "seq": pl.Int64,
    "person": pl.Int64,
    "party": pl.Int64,
    "code": pl.Int8,
    "day": pl.String,
}


@dataclass(frozen=True, slots=True)
class ChainScan:
    """What one pass found: events in order, the last stored hash, the replay's columns.

    ``events`` has ``seq``, ``person``, ``party``, ``code`` (1 admitted, 2 an ending, 0
    other) and ``day`` (ISO text), in ledger order.
    """

    count: int
    last_hash: str
    events: pl.DataFrame


def _code(kind: pl.Expr) -> pl.Expr:
    """1 for an admission, 2 for an ending, 0 otherwise."""
    ends = kind.is_in(["left", "expelled", "dissolved"])
    return pl.when(kind == "admitted").then(1).when(ends).then(2).otherwise(0).cast(pl.Int8)


def _canonical(flagged: pl.Expr) -> pl.Expr:
    """:func:`~majlis.registry.ledger.canonical_text` of a text after its NULL flag."""
    text = flagged.str.slice(1)
    escaped = text.str.replace_all("\\", "\\\\", literal=True)
    escaped = escaped.str.replace_all(SEPARATOR, "\\x1f", literal=True)
    return pl.when(flagged.str.starts_with("1")).then(pl.lit("\x00")).otherwise(escaped)


def _fields(stream: str, prev: str, first: int) -> pl.DataFrame:
    """The batch's events as columns, with ``prev``, ``computed`` (hex SHA-256) and ``plain``."""
    row, at, sep = pl.col("row"), pl.col("at"), pl.lit(SEPARATOR)
    parts = row.str.split_exact(SEPARATOR, len(_FIELDS) - 1).struct.rename_fields(list(_FIELDS))
    frame = (
        pl.Series("row", stream.split(_RS), dtype=pl.String)
        .to_frame()
        .select(
            parts.alias("parts"),
            # the stored hash is the last field whatever the others hold
            row.str.slice(-64).alias("stored"),
            row.str.contains(_HEX).alias("hex"),
        )
        .unnest("parts")
        .rename({"hash": "last", "stored": "hash"})
    )
    return frame.select(
        pl.col("seq").cast(pl.Int64, strict=False),
        pl.col("person").cast(pl.Int64, strict=False),
        pl.col("party").cast(pl.Int64, strict=False),
        _code(pl.col("kind")).alias("code"),
        "day",
        "hash",
        pl.col("hash").shift(1, fill_value=prev).alias("prev"),
        (
            # no text held a separator: the eleventh field is the last
            (pl.col("last") == pl.col("hash"))
            & pl.col("day").str.contains(_DAY)
            & at.str.contains(_TIME)
            & pl.col("hex")
            & (pl.col("seq").cast(pl.Int64, strict=False) == pl.int_range(first, first + pl.len()))
        )
        .fill_null(False)
        .alias("plain"),
        pl.concat_str(
            pl.col("hash").shift(1, fill_value=prev),
            *(
                piece
                for name in ("seq", "person", "party", "kind", "day")
                for piece in (sep, pl.col(name))
            ),
            sep,
            _canonical(pl.col("reason")),
            sep,
            _canonical(pl.col("body")),
            sep,
            pl.col("founder"),
            sep,
            _canonical(pl.concat_str(pl.lit("0"), pl.col("by"))),
            sep,
            at.str.slice(0, 10),
            pl.lit("T"),
            at.str.slice(11),
            pl.lit("Z"),
        )
        .pipe(sha256_hex)
        .alias("computed"),
    )


def _batch(
    stream: str, size: int, prev: str, count: int, judge: Judge
) -> tuple[pl.DataFrame, str] | None:
    """Check one aggregated batch; its replay columns and last stored hash (None: re-read)."""
    fields = _fields(stream, prev, count + 1)
    if fields.height != size:
        return None  # some text holds U+001E: the batch is read event by event
    sound = fields["plain"] & (fields["computed"] == fields["hash"])
    if not sound.all():
        prevs = fields["prev"]
        for i in (~sound).arg_true().to_list():
            seq = fields["seq"][i]
            judge(-1 if seq is None else int(seq), count + i + 1, prevs[i])
    return fields.select(list(_SCHEMA)), str(fields["hash"][-1])


def _event_by_event(
    cursor: Any, judge: Judge, *, postgres: bool, after: int, count: int, prev: str
) -> tuple[pl.DataFrame, str]:
    """Check a batch event by event with the exact check; its replay columns and last hash."""
    day, digest = (
        ("to_char(occurred_on, 'YYYY-MM-DD')", "encode(hash, 'hex')")
        if postgres
        else ("occurred_on", "hash")
    )
    limit = BATCH if postgres else SQLITE_BATCH_EVENTS
    cursor.execute(_PLAIN.format(day=day, hash=digest, after=after, limit=limit))
    rows = cursor.fetchall()
    for i, (seq, *_, stored) in enumerate(rows):
        judge(seq, count + i + 1, prev)
        prev = stored
    columns = list(zip(*rows, strict=True))[:5]
    frame = pl.DataFrame(dict(zip(("seq", "person", "party", "kind", "day"), columns, strict=True)))
    return frame.select(
        "seq", "person", "party", _code(pl.col("kind")).alias("code"), pl.col("day").cast(pl.String)
    ), prev


def _fetch(cursor: Any, postgres: bool, after: int) -> tuple[Any, ...]:
    """Read the batch of seq after ``after``: one row, the number of events first."""
    if not postgres:
        return read_batch(cursor, after, SQLITE_BATCH_EVENTS)
    cursor.execute(_PG_BATCH.format(after=after, limit=BATCH))
    row: tuple[Any, ...] = cursor.fetchone()
    return row


def scan_chain(
    session: Session, *, judge: Judge, progress: Callable[[int], None] | None = None
) -> ChainScan:
    """Recompute every event's hash from its stored content and its predecessor's stored hash.

    An event that is out of sequence, whose hash differs, or whose stored form the fast pass
    does not take (see the module docstring) goes to ``judge``, which raises or vouches for
    it. ``progress`` is called with the events checked so far after each batch. While a batch
    is checked, the database prepares the next one in a background thread (the driver lets
    go of the GIL meanwhile); nothing else uses the connection until it is done.
    """
    raw = driver_connection(session)
    postgres = session.connection().dialect.name == "postgresql"
    count, prev = 0, GENESIS_HASH
    step = BATCH if postgres else SQLITE_BATCH_EVENTS
    frames: list[pl.DataFrame] = []
    reader, checker = raw.cursor(), raw.cursor()
    pool = ThreadPoolExecutor(1, "majlis-verify") if threads_may_share(raw) else None
    pending: Future[tuple[Any, ...]] = Future()
    pending.set_result((0,))

    def ahead(after: int) -> Future[tuple[Any, ...]]:
        if pool is not None:
            return pool.submit(_fetch, reader, postgres, after)
        done: Future[tuple[Any, ...]] = Future()
        done.set_result(_fetch(reader, postgres, after))
        return done

    def settled(seq: int, position: int, prev_hash: str) -> None:
        wait([pending])  # the connection is ours again before the exact check uses it
        judge(seq, position, prev_hash)

    try:
        after = 0
        pending = ahead(after)
        while True:
            row = pending.result()
            if not row[0]:
                reader.execute(_NEXT.format(after=after))
                (following,) = reader.fetchone()
                if following is None:
                    break
                after = int(following) - 1  # past a gap of a whole batch or more
                pending = ahead(after)
                continue
            pending = ahead(after + step)
            done = (
                _batch(row[2], row[0], prev, count, settled)
                if postgres
                else sqlite_batch(row, prev, count, settled)
            )
            if done is None:
                wait([pending])
                done = _event_by_event(
                    checker, settled, postgres=postgres, after=after, count=count, prev=prev
                )
            batch, prev = done
            frames.append(batch)
            count, after = count + batch.height, after + step
            if progress is not None:
                progress(count)
    finally:
        wait([pending])
        if pool is not None:
            pool.shutdown()
        reader.close()
        checker.close()
    return ChainScan(count, prev, pl.concat(frames) if frames else pl.DataFrame(schema=_SCHEMA))
