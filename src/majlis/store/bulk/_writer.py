"""Chunked writes of a roll: people, ledger events and the roll, in the caller's transaction.

The writer locks the ledger head for the whole load (``SELECT ... FOR UPDATE`` on PostgreSQL;
a no-op write takes SQLite's write lock), has the rules chain every event's hash in order, and
moves the head once at the end. New people get ids from ``MAX(id) + 1``: on PostgreSQL the
writer keeps other writers of people out meanwhile (``SHARE ROW EXCLUSIVE``). Each chunk
becomes one statement per table (:mod:`majlis.store.bulk._pack`), run in a background thread
(:mod:`majlis.store.bulk._copier`) while the next chunk is prepared. A large load on
PostgreSQL runs without some of the ledger's keys and indexes (:mod:`majlis.store.bulk._schema`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from majlis.store._driver import threads_may_share
from majlis.store.bulk import _people, _schema
from majlis.store.bulk._copier import Copier
from majlis.store.bulk._pack import (
    Column,
    Digests,
    Fixed,
    Same,
    copy_statement,
    insert_statement,
    row_count,
    uniform,
)
from majlis.store.bulk._types import Admission, KnownPerson, LoadTuning, RollColumns

__all__ = ["ChunkWriter", "Hashes"]

#: hashes(prev_hash, first_seq, person_ids, days): the chained hashes of a chunk's events
Hashes = Callable[[str, int, Sequence[int], Sequence[str]], list[str]]


class ChunkWriter:
    """Writes chunks of a roll in bulk; knows the stored people it was told to look up."""

    def __init__(
        self,
        session: Session,
        admission: Admission,
        *,
        expected_rows: int = 0,
        tuning: LoadTuning = LoadTuning(),
    ) -> None:
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.admission = admission
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
        self.deferred: _schema.Deferred | None = None
        if self.postgres and _schema.should_defer(
            expected_rows,
            ledger_events=self.seq,
            fraction=tuning.defer_fraction,
            min_rows=tuning.defer_min_rows,
        ):  # measured: on SQLite rebuilding the indexes costs more than it saves
            self.deferred = _schema.defer(self.connection)
        elif self.postgres and _schema.should_defer(
            expected_rows,
            ledger_events=self.seq,
            fraction=tuning.defer_keys_fraction,
            min_rows=tuning.defer_min_rows,
        ):  # keys only: re-validating them is cheap, rebuilding the indexes is not
            self.deferred = _schema.defer(self.connection, indexes=False)
        top = self.connection.execute(text("SELECT MAX(id) FROM person")).scalar()
        self.people_before = top is not None
        self.next_person_id = int(top or 0) + 1
        # as text once, not formatted again for every row (PostgreSQL reads the offset)
        at = admission.entered_at
        self.stamp = at.isoformat(sep=" ") if self.postgres else at.strftime("%Y-%m-%d %H:%M:%S.%f")
        self.counts: Counter[str] = Counter()
        self.loaded = 0
        self.copier = (
            Copier(self._copy)
            if self.postgres
            else Copier(self._execute, inline=not threads_may_share(self._raw()))
        )
        # what prefetch() found: IIN -> the stored person
        self.known: dict[str, KnownPerson] = {}
        # the load takes everybody as new, unchecked (see prefetch)
        self.optimistic = False

    def prefetch(self, iins: Callable[[], Iterable[str]], *, optimistic: bool = False) -> None:
        """Look up, before the load, which of the file's people are stored already.

        ``iins()`` yields the file's IINs. :meth:`write` then reads the answer from memory, so
        the load's thread is the only user of the connection. With ``optimistic``
        (PostgreSQL), a sample that finds nobody skips the look-up (see
        :mod:`majlis.store.bulk._people`): the caller must then roll back to a savepoint taken
        before this writer and load again when :func:`~._people.registered_after_all`.
        """
        if not self.people_before:
            return
        known = _people.look_up(
            self.connection,
            self._copy_into,
            iins,
            scheme=self.admission.id_scheme,
            optimistic=optimistic,
        )
        self.optimistic = known is None
        self.known = known or {}

    def _new_ids(self, count: int) -> range:
        first, self.next_person_id = self.next_person_id, self.next_person_id + count
        return range(first, first + count)

    def write(self, chunk: RollColumns, hashes: Hashes) -> int:
        """Write the chunk's members (people not yet stored first); return how many."""
        known = self.known
        fresh = [i for i, iin in enumerate(chunk.iin) if iin not in known]
        new_ids = self._new_ids(len(fresh))
        pids: Sequence[int]
        if len(fresh) == len(chunk):  # everybody is new (the usual case): no copies
            pids, people = new_ids, chunk
        else:
            listed = [known[iin].person_id if iin in known else 0 for iin in chunk.iin]
            for i, pid in zip(fresh, new_ids, strict=True):
                listed[i] = pid
            pids, people = listed, chunk.take(fresh)
        chained = hashes(self.hash, self.seq + 1, pids, chunk.joined_on)
        seqs = range(self.seq + 1, self.seq + 1 + len(chained))
        if chained:
            self.seq, self.hash = seqs[-1], chained[-1]
        admission = self.admission
        party, stamp = Same(admission.party_id), Same(self.stamp)
        self._insert(
            "person",
            {
                "id": new_ids,
                "id_scheme": Same(admission.id_scheme),
                "national_id": Fixed(people.iin, 12),
                "family_name": people.family_name,
                "given_name": people.given_name,
                "birth_date": Fixed(people.birth_date, 10),
                "sex": Fixed(people.sex, 1),
                "citizenship": Same(admission.citizenship),
                "region_code": uniform(people.region),
                "created_at": stamp,
            },
        )
        self._insert(
            "membership_event",
            {
                "seq": seqs,
                "person_id": pids,
                "party_id": party,
                "kind": Same(admission.kind),
                "occurred_on": Fixed(chunk.joined_on, 10),
                "reason": Same(admission.reason),
                "founder": Same(False),
                "entered_by": Same(admission.entered_by),
                "entered_at": stamp,
                "hash": Digests(chained),
            },
        )
        self._insert(
            "current_membership",
            {
                "person_id": pids,
                "party_id": party,
                "region_code": uniform(chunk.region),
                "since": Fixed(chunk.joined_on, 10),
                "event_seq": seqs,
            },
        )
        self.counts.update(chunk.region)
        self.loaded += len(chunk)
        return len(chunk)

    def _insert(self, table: str, columns: dict[str, Column]) -> None:
        """Queue the insert of rows given column by column, unless there are none."""
        if not row_count(columns):
            return
        if self.postgres:
            self.copier.put(*copy_statement(table, columns))
        else:
            self.copier.put(*insert_statement(table, columns))

    def _copy(self, statement: str, data: str) -> None:
        """Run one ``COPY ... FROM STDIN`` with ``data`` (in the copier's thread)."""
        with self._copy_into(statement) as copy:
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

    @contextmanager
    def _copy_into(self, statement: str) -> Iterator[Any]:
        """The driver's ``COPY ... FROM STDIN`` of ``statement`` (PostgreSQL), to write to."""
        with self._cursor() as cursor, cursor.copy(statement) as copy:
            yield copy

    def restore_schema(self) -> None:
        """Recreate what a large load dropped (indexes, validated foreign keys), if anything."""
        self.drain()
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            _schema.restore(self.connection, deferred)

    def finish(self, session: Session) -> None:
        """Restore the schema, move the ledger head (and the id sequence of people)."""
        self.restore_schema()
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
