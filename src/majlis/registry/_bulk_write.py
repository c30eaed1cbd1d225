"""Chunked bulk writes for the roll import: COPY on PostgreSQL, INSERT ... SELECT on SQLite.

The writer locks the ledger head for the whole import (``SELECT ... FOR UPDATE`` on
PostgreSQL; a no-op write takes SQLite's write lock), chains every event's hash in order and
moves the head once at the end, all in the caller's transaction.

The people already registered are looked up once for the whole file, before the load
(:meth:`ChunkWriter.prefetch`; on PostgreSQL, when a sample of the roll finds nobody
registered, the load takes everybody as new and the unique key of people checks it). Each
chunk then becomes one statement per table, run in a background thread
(:mod:`majlis.registry._copier`) while the next chunk is prepared: on PostgreSQL a ``COPY``
of CSV text written by Polars; on SQLite an ``INSERT ... SELECT`` over the chunk packed into
a few parameters (a JSON array, fixed-width columns as one blob each), during which the
driver releases the GIL. Members per region are counted as chunks go and stored at the end.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import text
from sqlalchemy.orm import Session

from majlis.registry import _bulk_schema, _counts
from majlis.registry._columnar import Columns
from majlis.registry._copier import Copier
from majlis.registry.iin import IIN_SCHEME
from majlis.registry.ledger import SEPARATOR, canonical_text, canonical_time
from majlis.registry.model import BarredCategory
from majlis.registry.rules import BARRED_LABELS

_LOOKUP_BATCH = 5_000

_SELECT = "SELECT p.national_id, p.id, p.barred_category, p.citizenship, pt.slug FROM "
_ROLL = (
    " LEFT JOIN current_membership c ON c.person_id = p.id LEFT JOIN party pt ON pt.id = c.party_id"
)
# a chunk's people (SQLite, in-process: an index probe per IIN is cheap); one JSON array
# parameter, not a statement with thousands of bound parameters to compile
_EXISTING_SQLITE = text(
    _SELECT + "person p" + _ROLL + " WHERE p.id_scheme = :scheme "
    "AND p.national_id IN (SELECT value FROM json_each(:ids))"
)
# the whole roll at once (PostgreSQL): its keys in a temporary table, one hash join
_KNOWN = text(
    _SELECT + "roll_key k JOIN person p ON p.id_scheme = :scheme AND p.national_id = k.iin" + _ROLL
)
_KEY_BLOCK = 10_000
# a sample of the roll's first IINs (PostgreSQL): an index probe each, in a plan that cannot
# become a scan of every person whatever the statistics say (a LATERAL subquery with LIMIT)
_ANY_REGISTERED = text(
    "SELECT k.iin FROM unnest(CAST(:iins AS text[])) AS k(iin) CROSS JOIN LATERAL "
    "(SELECT 1 FROM person p WHERE p.id_scheme = :scheme AND p.national_id = k.iin LIMIT 1) "
    "AS found LIMIT 1"
)
#: how many of a roll's first IINs are probed before a load that assumes everybody is new
SAMPLE = 2_000
#: the unique key of people by national id, which an optimistic load runs into (PostgreSQL)
_PERSON_KEY = "uq_person_person_national_id"


#: a registered person: (person id, barred category, citizenship, slug of the current party)
_Known = tuple[int, str | None, str, str | None]


@dataclass(frozen=True, slots=True)
class _Same:
    """One value of a column for every row of an insert."""

    value: Any


@dataclass(frozen=True, slots=True)
class _Fixed:
    """A column of text values that all have ``width`` characters (IINs, ISO dates, hashes)."""

    values: Sequence[str]
    width: int


@dataclass(frozen=True, slots=True)
class _Digests:
    """A column of SHA-256 digests in hex: ``bytea`` on PostgreSQL, hex text on SQLite."""

    values: Sequence[str]


class Registered(Exception):
    """An optimistic load met a person who was registered already: look the roll up, redo."""


def registered_after_all(exc: BaseException) -> bool:
    """Whether ``exc`` is the unique key of people refusing a person an optimistic load added."""
    diag = getattr(exc, "diag", None)
    return (
        getattr(exc, "sqlstate", None) == "23505"
        and getattr(diag, "constraint_name", None) == _PERSON_KEY
    )


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected row: where, which field, what is wrong."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, field '{self.field}': {self.problem}"


def _problem(
    iin: str, barred: str | None, citizenship: str, slug: str | None, party: str
) -> str | None:
    if slug == party:
        return f"IIN {iin} is already a member of {slug!r}"
    if slug is not None:
        return f"IIN {iin} is already an active member of party {slug!r} (one party per person)"
    if barred:
        label = BARRED_LABELS[BarredCategory(barred)]
        return f"IIN {iin} is registered as {label}; barred from party membership (art. 23(2))"
    if citizenship != "KZ":
        return f"IIN {iin} is registered as a citizen of {citizenship}; only citizens may join"
    return None


def _key_blocks(iins: Iterable[str], size: int) -> Iterator[list[str]]:
    """The well-formed IINs among ``iins``, ``size`` at a time (anything else is rejected)."""
    block: list[str] = []
    for iin in iins:
        if len(iin) == 12 and iin.isdigit():
            block.append(iin)
            if len(block) == size:
                yield block
                block = []
    if block:
        yield block


def _remember(found: Iterable[Any], known: dict[str, _Known]) -> None:
    """Add the rows of a look-up (IIN, person id, barred, citizenship, party) to ``known``."""
    for iin, pid, barred, citizenship, slug in found:
        known[iin] = (int(pid), barred, citizenship, slug)


def _packed(column: _Fixed) -> bytes:
    """The column's values joined into one ASCII blob, each at byte ``index * width``."""
    packed = "".join(column.values).encode("ascii")
    if len(packed) != column.width * len(column.values):
        raise ValueError(f"a column of fixed width {column.width} holds other widths")
    return packed


def _uniform(values: Sequence[str]) -> _Fixed | Sequence[str]:
    """``values`` as a fixed-width column if they are ASCII of one width (region codes)."""
    widths = set(map(len, values))
    if len(widths) == 1 and "".join(values).isascii():
        return _Fixed(values, widths.pop())
    return values


def _csv_column(name: str, column: Sequence[Any] | _Fixed | _Digests | _Same) -> pl.Expr:
    """The expression that writes ``column`` of the frame into PostgreSQL's CSV input."""
    if isinstance(column, _Same):
        return pl.lit(column.value).alias(name)
    if isinstance(column, _Digests):
        return ("\\x" + pl.col(name)).alias(name)  # bytea's hex input
    return pl.col(name)


def threads_may_share(raw: Any) -> bool:
    """Whether another thread may use the DBAPI connection ``raw`` (sqlite3 may refuse).

    SQLAlchemy opens file databases with ``check_same_thread=False``; an in-memory database,
    or a connection made by the caller, may keep the default, which refuses other threads.
    """
    refused: list[sqlite3.ProgrammingError] = []

    def probe() -> None:
        try:
            raw.cursor().close()
        except sqlite3.ProgrammingError as exc:
            refused.append(exc)

    thread = threading.Thread(target=probe, name="majlis-probe")
    thread.start()
    thread.join()
    return not refused


class ChunkWriter:
    """Checks chunks of members against the database and writes them in bulk."""

    def __init__(
        self,
        session: Session,
        *,
        party_id: int,
        party_slug: str,
        reason: str,
        entered_by: str,
        entered_at: datetime,
        expected_rows: int = 0,
        defer_fraction: float = 1.0,
        defer_keys_fraction: float = 0.25,
        defer_min_rows: int = 10_000,
    ) -> None:
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.party_id, self.party_slug = party_id, party_slug
        lock = " FOR UPDATE" if self.postgres else ""
        if self.postgres:
            # new people get ids from MAX(id) + 1: keep other writers of people out meanwhile
            self.connection.execute(text("LOCK TABLE person IN SHARE ROW EXCLUSIVE MODE"))
        else:
            self.connection.execute(text("UPDATE ledger_head SET seq = seq WHERE id = 1"))
            # a larger page cache for this connection: index inserts of a big roll stay in memory
            self.connection.exec_driver_sql("PRAGMA cache_size = -131072")
        head = self.connection.execute(
            text("SELECT seq, hash FROM ledger_head WHERE id = 1" + lock)
        ).one()
        self.seq, self.hash = int(head[0]), str(head[1])
        self.deferred: _bulk_schema.Deferred | None = None
        if self.postgres and _bulk_schema.should_defer(
            expected_rows, ledger_events=self.seq, fraction=defer_fraction, min_rows=defer_min_rows
        ):  # measured: on SQLite rebuilding the indexes costs more than it saves
            self.deferred = _bulk_schema.defer(self.connection)
        elif self.postgres and _bulk_schema.should_defer(
            expected_rows,
            ledger_events=self.seq,
            fraction=defer_keys_fraction,
            min_rows=defer_min_rows,
        ):  # keys only: re-validating them is cheap, rebuilding the indexes is not
            self.deferred = _bulk_schema.defer(self.connection, indexes=False)
        top = self.connection.execute(text("SELECT MAX(id) FROM person")).scalar()
        self.people_before = top is not None
        self.next_person_id = int(top or 0) + 1
        # as text once, not formatted again for every row (PostgreSQL reads the offset)
        self.stamp = (
            entered_at.isoformat(sep=" ")
            if self.postgres
            else entered_at.strftime("%Y-%m-%d %H:%M:%S.%f")
        )
        self.reason, self.entered_by = reason, entered_by
        self.middle = f"{SEPARATOR}{party_id}{SEPARATOR}admitted{SEPARATOR}"
        self.suffix = SEPARATOR.join(
            (
                "",
                canonical_text(reason),
                canonical_text(None),
                "0",
                canonical_text(entered_by),
                canonical_time(entered_at),
            )
        )
        self.existing: dict[str, int] = {}
        self.counts: Counter[str] = Counter()
        self.copier = (
            Copier(self._copy)
            if self.postgres
            else Copier(self._execute, inline=not threads_may_share(self._raw()))
        )
        # what prefetch() found: IIN -> (person id, barred category, citizenship, party slug)
        self.known: dict[str, _Known] | None = None
        # the load takes everybody as new, unchecked (see prefetch)
        self.optimistic = False

    def prefetch(self, iins: Callable[[], Iterable[str]], *, optimistic: bool = False) -> None:
        """Look up, before the load, which of the file's people exist already.

        ``iins()`` yields the file's IINs (called once per pass). On PostgreSQL the roll's
        IINs are copied into a temporary table and joined with the people once, instead of
        one index probe per row and chunk; SQLite looks them up in batches (an index probe
        each, in-process). :meth:`check` then reads the answer from memory, so the load's
        thread is the only user of the connection. Only the people found are kept, so memory
        stays small.

        With ``optimistic`` (PostgreSQL only), the first :data:`SAMPLE` IINs are probed
        first, and if none of them is registered the look-up is skipped: the load takes
        everybody as new. Anybody registered after all is then refused by the unique key of
        people (see :func:`registered_after_all`); the caller must roll back to a savepoint
        taken before this writer and import again without ``optimistic``. The join costs
        time in proportion to everybody registered, the probes to the sample.
        """
        known: dict[str, _Known] = {}
        self.known = known
        if not self.people_before:
            return
        if not self.postgres:
            for batch in _key_blocks(iins(), _LOOKUP_BATCH):
                parameters = {"scheme": IIN_SCHEME, "ids": json.dumps(batch)}
                _remember(self.connection.execute(_EXISTING_SQLITE, parameters), known)
            return
        if optimistic:
            probe = {"iins": next(_key_blocks(iins(), SAMPLE), []), "scheme": IIN_SCHEME}
            if self.connection.execute(_ANY_REGISTERED, probe).first() is None:
                self.optimistic = True
                return
        self.connection.execute(
            text('CREATE TEMPORARY TABLE roll_key (iin text COLLATE "C") ON COMMIT DROP')
        )
        with self._cursor() as cursor, cursor.copy("COPY roll_key (iin) FROM STDIN") as copy:
            for block in _key_blocks(iins(), _KEY_BLOCK):
                copy.write("\n".join(block) + "\n")
        self.connection.execute(text("ANALYZE roll_key"))
        _remember(self.connection.execute(_KNOWN, {"scheme": IIN_SCHEME}), known)
        self.connection.execute(text("DROP TABLE roll_key"))

    def check(self, chunk: Columns) -> list[Reject]:
        """Look the chunk's people up; reject the barred, non-citizens and current members."""
        self.existing = {}
        if not self.people_before:
            return []
        if self.known is None:
            raise RuntimeError("prefetch() the file's people first")
        known = self.known
        found = [(iin, *known[iin]) for iin in chunk.iin if iin in known]
        rejects = []
        row_of = dict(zip(chunk.iin, chunk.rows, strict=True)) if found else {}
        for iin, pid, barred, citizenship, slug in found:
            self.existing[iin] = int(pid)
            problem = _problem(iin, barred, citizenship, slug, self.party_slug)
            if problem is not None:
                rejects.append(Reject(row_of[iin], "iin", problem))
        return sorted(rejects, key=lambda r: r.row)

    def _new_ids(self, count: int) -> range:
        first, self.next_person_id = self.next_person_id, self.next_person_id + count
        return range(first, first + count)

    def write(self, chunk: Columns) -> int:
        """Write the chunk's members; return how many were written."""
        fresh = [i for i, iin in enumerate(chunk.iin) if iin not in self.existing]
        new_ids = self._new_ids(len(fresh))
        pids: Sequence[int]
        if len(fresh) == len(chunk):  # everybody is new (the usual case): no copies
            pids, people = new_ids, chunk
        else:
            listed = [self.existing.get(iin, 0) for iin in chunk.iin]
            for i, pid in zip(fresh, new_ids, strict=True):
                listed[i] = pid
            pids, people = listed, chunk.take(fresh)
        hashes = []
        seq, prev, middle, suffix, sep = self.seq, self.hash, self.middle, self.suffix, SEPARATOR
        sha = hashlib.sha256
        for pid, day in zip(pids, chunk.joined_on, strict=True):
            seq += 1
            prev = sha(f"{prev}{sep}{seq}{sep}{pid}{middle}{day}{suffix}".encode()).hexdigest()
            hashes.append(prev)
        seqs = range(self.seq + 1, seq + 1)
        self.seq, self.hash = seq, prev
        party, stamp = _Same(self.party_id), _Same(self.stamp)
        self._insert(
            "person",
            {
                "id": new_ids,
                "id_scheme": _Same(IIN_SCHEME),
                "national_id": _Fixed(people.iin, 12),
                "family_name": people.family_name,
                "given_name": people.given_name,
                "birth_date": _Fixed(people.birth_date, 10),
                "sex": _Fixed(people.sex, 1),
                "citizenship": _Same("KZ"),
                "region_code": _uniform(people.region),
                "created_at": stamp,
            },
        )
        self._insert(
            "membership_event",
            {
                "seq": seqs,
                "person_id": pids,
                "party_id": party,
                "kind": _Same("admitted"),
                "occurred_on": _Fixed(chunk.joined_on, 10),
                "reason": _Same(self.reason),
                "founder": _Same(False),
                "entered_by": _Same(self.entered_by),
                "entered_at": stamp,
                "hash": _Digests(hashes),
            },
        )
        self._insert(
            "current_membership",
            {
                "person_id": pids,
                "party_id": party,
                "region_code": _uniform(chunk.region),
                "since": _Fixed(chunk.joined_on, 10),
                "event_seq": seqs,
            },
        )
        self.counts.update(chunk.region)  # applied once, by finish()
        return len(chunk)

    def _insert(
        self, table: str, columns: dict[str, Sequence[Any] | _Fixed | _Digests | _Same]
    ) -> None:
        """Insert rows given column by column (a :class:`_Same` is one value for every row)."""
        lists = {
            name: v.values if isinstance(v, _Fixed | _Digests) else v
            for name, v in columns.items()
            if not isinstance(v, _Same)
        }
        count = len(next(iter(lists.values())))
        if not count:
            return
        names = ", ".join(columns)
        if self.postgres:
            # the CSV text is written by Polars (native code), not row by row in Python;
            # the copier's thread loads it while this one prepares the next chunk
            frame = pl.DataFrame(lists).select(_csv_column(n, v) for n, v in columns.items())
            statement = f"COPY {table} ({names}) FROM STDIN (FORMAT csv)"
            self.copier.put(statement, frame.write_csv(include_header=False))
            return
        # SQLite: one statement for the whole chunk, which SQLite unpacks itself, row by row
        # index (``key``): each fixed-width column as one blob cut at that index, each run of
        # consecutive numbers (ids, sequence numbers) as its first plus the index, the other
        # columns' rows as a JSON array of arrays (json_each), the constants bound once; with
        # no such other column the indexes are counted by a recursive CTE. The copier's
        # thread runs it, and the driver releases the GIL for the whole statement, so SQLite
        # inserts this chunk while Python prepares the next one.
        values: list[str] = []
        parameters: list[Any] = []
        varying: list[Sequence[Any]] = []
        for v in columns.values():
            if isinstance(v, _Digests):  # SQLite stores the hex text
                v = _Fixed(v.values, 64)
            if isinstance(v, _Same):
                values.append("?")
                parameters.append(v.value)
            elif isinstance(v, range) and v.step == 1:
                values.append("? + key")
                parameters.append(v.start)
            elif isinstance(v, _Fixed):
                # cut from a blob (by byte, in constant time; text is walked character
                # by character), then read back as text: the values are ASCII
                values.append(f"CAST(substr(?, key * {v.width} + 1, {v.width}) AS TEXT)")
                parameters.append(_packed(v))
            else:
                values.append(f"json_extract(value, '$[{len(varying)}]')")
                varying.append(v)
        insert = f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} FROM"
        if varying:
            parameters.append(json.dumps(list(zip(*varying, strict=True)), ensure_ascii=False))
            self.copier.put(f"{insert} json_each(?)", parameters)
        else:
            counted = "WITH RECURSIVE k(key) AS (SELECT 0 UNION ALL SELECT key + 1 FROM k "
            counted += "WHERE key + 1 < ?) "
            self.copier.put(f"{counted}{insert} k", [count, *parameters])

    def _copy(self, statement: str, data: str) -> None:
        """Run one ``COPY ... FROM STDIN`` with ``data`` (in the copier's thread)."""
        with self._cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(data)

    def _execute(self, statement: str, parameters: list[Any]) -> None:
        """Run one statement with ``parameters`` on SQLite (in the copier's thread)."""
        with self._cursor() as cursor:
            cursor.execute(statement, parameters)

    def drain(self) -> None:
        """Wait until every queued statement ran (raise its error); stop the copier's thread."""
        self.copier.drain()

    def abandon(self) -> None:
        """Stop the copier's thread after an error elsewhere; its own error, if any, is dropped."""
        self.copier.close()

    def _raw(self) -> Any:
        """The driver's own connection under the session's."""
        raw = self.connection.connection.dbapi_connection
        if raw is None:  # pragma: no cover - a checked-out connection always has one
            raise RuntimeError("no DBAPI connection")
        return raw

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A cursor of the driver itself, on the session's connection (for the load)."""
        cursor = self._raw().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def restore_schema(self) -> None:
        """Recreate what a large import dropped (indexes, validated foreign keys), if anything."""
        self.drain()
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            _bulk_schema.restore(self.connection, deferred)

    def finish(self, session: Session) -> None:
        """Restore the schema, move the ledger head (and the id sequence of people)."""
        self.restore_schema()
        _counts.adjust(self.connection, {(self.party_id, r): n for r, n in self.counts.items()})
        self.connection.execute(
            text("UPDATE ledger_head SET seq = :seq, hash = :hash WHERE id = 1"),
            {"seq": self.seq, "hash": self.hash},
        )
        if self.postgres and self.next_person_id > 1:
            self.connection.execute(
                text("SELECT setval(pg_get_serial_sequence('person', 'id'), :last)"),
                {"last": self.next_person_id - 1},
            )
        session.expire_all()
