"""Chunked bulk writes for the roll import: COPY on PostgreSQL, executemany on SQLite.

The writer locks the ledger head for the whole import (``SELECT ... FOR UPDATE`` on
PostgreSQL; a no-op write takes SQLite's write lock), chains every event's hash in order and
moves the head once at the end, all in the caller's transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from majlis.registry import _bulk_schema, _counts
from majlis.registry._columnar import Columns
from majlis.registry.iin import IIN_SCHEME
from majlis.registry.ledger import SEPARATOR, canonical_text, canonical_time
from majlis.registry.model import BarredCategory
from majlis.registry.rules import BARRED_LABELS

_LOOKUP_BATCH = 5_000
_COPY_SLICE = 2_000

_LOOKUP = (
    "SELECT p.national_id, p.id, p.barred_category, p.citizenship, pt.slug "
    "FROM person p LEFT JOIN current_membership c ON c.person_id = p.id "
    "LEFT JOIN party pt ON pt.id = c.party_id WHERE p.id_scheme = :scheme AND "
)
# one JSON array parameter: no statement with thousands of bound parameters to compile
_EXISTING_SQLITE = text(_LOOKUP + "p.national_id IN (SELECT value FROM json_each(:ids))")
_EXISTING_PG = text(_LOOKUP + "p.national_id = ANY(:ids)")

_PERSON = (
    "person",
    "id, id_scheme, national_id, family_name, given_name, birth_date, sex, citizenship, "
    "region_code, created_at",
)
_EVENT = (
    "membership_event",
    "seq, person_id, party_id, kind, occurred_on, reason, founder, entered_by, entered_at, "
    "prev_hash, hash",
)
_CURRENT = ("current_membership", "person_id, party_id, region_code, since, event_seq")


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

    def check(self, chunk: Columns) -> list[Reject]:
        """Look the chunk's people up; reject the barred, non-citizens and current members."""
        self.existing = {}
        if not self.people_before:
            return []
        rejects = []
        row_of = dict(zip(chunk.iin, chunk.rows, strict=True))
        for start in range(0, len(chunk), _LOOKUP_BATCH):
            batch = chunk.iin[start : start + _LOOKUP_BATCH]
            if self.postgres:
                found = self.connection.execute(
                    _EXISTING_PG, {"scheme": IIN_SCHEME, "ids": batch}
                ).all()
            else:
                found = self.connection.execute(
                    _EXISTING_SQLITE, {"scheme": IIN_SCHEME, "ids": json.dumps(batch)}
                ).all()
            for iin, pid, barred, citizenship, slug in found:
                self.existing[iin] = int(pid)
                problem = _problem(iin, barred, citizenship, slug, self.party_slug)
                if problem is not None:
                    rejects.append(Reject(row_of[iin], "iin", problem))
        return sorted(rejects, key=lambda r: r.row)

    def _new_ids(self, count: int) -> list[int]:
        first, self.next_person_id = self.next_person_id, self.next_person_id + count
        return list(range(first, first + count))

    def write(self, chunk: Columns) -> int:
        """Write the chunk's members; return how many were written."""
        fresh = [i for i, iin in enumerate(chunk.iin) if iin not in self.existing]
        new_ids = self._new_ids(len(fresh))
        pids = [self.existing.get(iin, 0) for iin in chunk.iin]
        for i, pid in zip(fresh, new_ids, strict=True):
            pids[i] = pid
        n = len(fresh)
        people = zip(
            new_ids,
            [IIN_SCHEME] * n,
            [chunk.iin[i] for i in fresh],
            [chunk.family_name[i] for i in fresh],
            [chunk.given_name[i] for i in fresh],
            [chunk.birth_date[i] for i in fresh],
            [chunk.sex[i] for i in fresh],
            ["KZ"] * n,
            [chunk.region[i] for i in fresh],
            [self.stamp] * n,
            strict=True,
        )
        seqs, prevs, hashes = [], [], []
        seq, prev, middle, suffix, sep = self.seq, self.hash, self.middle, self.suffix, SEPARATOR
        sha = hashlib.sha256
        for pid, day in zip(pids, chunk.joined_on, strict=True):
            seq += 1
            digest = sha(f"{prev}{sep}{seq}{sep}{pid}{middle}{day}{suffix}".encode()).hexdigest()
            seqs.append(seq)
            prevs.append(prev)
            hashes.append(digest)
            prev = digest
        self.seq, self.hash = seq, prev
        m = len(chunk)
        events = zip(
            seqs,
            pids,
            [self.party_id] * m,
            ["admitted"] * m,
            chunk.joined_on,
            [self.reason] * m,
            ["f" if self.postgres else 0] * m,
            [self.entered_by] * m,
            [self.stamp] * m,
            prevs,
            hashes,
            strict=True,
        )
        current = zip(pids, [self.party_id] * m, chunk.region, chunk.joined_on, seqs, strict=True)
        self._insert(_PERSON, people)
        self._insert(_EVENT, events)
        self._insert(_CURRENT, current)
        _counts.adjust(self.connection, Counter((self.party_id, r) for r in chunk.region))
        return m

    def _insert(self, target: tuple[str, str], rows: Any) -> None:
        table, columns = target
        raw = self.connection.connection.dbapi_connection
        if raw is None:  # pragma: no cover - a checked-out connection always has one
            raise RuntimeError("no DBAPI connection")
        cursor = raw.cursor()
        try:
            if self.postgres:
                # streamed in slices: the server parses one slice while the next is formatted
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                    while block := list(islice(rows, _COPY_SLICE)):
                        buffer = io.StringIO()
                        csv.writer(buffer, lineterminator="\n").writerows(block)
                        copy.write(buffer.getvalue())
            else:
                marks = ", ".join("?" * (columns.count(",") + 1))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        finally:
            cursor.close()

    def restore_schema(self) -> None:
        """Recreate what a large import dropped (indexes, validated foreign keys), if anything."""
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            _bulk_schema.restore(self.connection, deferred)

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
