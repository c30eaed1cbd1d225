"""Chunked bulk writes for the roll import: COPY on PostgreSQL, executemany on SQLite.

The writer locks the ledger head for the whole import (``SELECT ... FOR UPDATE`` on
PostgreSQL; a no-op write takes SQLite's write lock), chains every event's hash in order and
moves the head once at the end, all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from majlis.registry.iin import IIN_SCHEME
from majlis.registry.ledger import event_hash
from majlis.registry.model import BarredCategory
from majlis.registry.rules import BARRED_LABELS

_LOOKUP_BATCH = 5_000

_EXISTING = text(
    "SELECT p.national_id, p.id, p.barred_category, p.citizenship, pt.slug "
    "FROM person p LEFT JOIN current_membership c ON c.person_id = p.id "
    "LEFT JOIN party pt ON pt.id = c.party_id "
    "WHERE p.id_scheme = :scheme AND p.national_id IN :ids"
).bindparams(bindparam("ids", expanding=True))

_PERSON_COLUMNS = (
    "id, id_scheme, national_id, family_name, given_name, birth_date, sex, citizenship, "
    "region_code, barred_category, created_at"
)
_EVENT_COLUMNS = (
    "seq, person_id, party_id, kind, occurred_on, reason, deciding_body, founder, entered_by, "
    "entered_at, prev_hash, hash"
)
_CURRENT_COLUMNS = "person_id, party_id, region_code, since, event_seq"


@dataclass(frozen=True, slots=True)
class Reject:
    """One rejected row: where, which field, what is wrong."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, field '{self.field}': {self.problem}"


@dataclass(frozen=True, slots=True)
class Member:
    """One valid row of a roll, ready to be written."""

    row: int
    iin: str
    family_name: str
    given_name: str
    region: str
    joined_on: date
    birth_date: date
    sex: str


def _sqlite_time(moment: datetime) -> str:
    """The text SQLAlchemy's SQLite dialect stores for a DateTime (UTC, no offset)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class ChunkWriter:
    """Checks chunks of members against the database and writes them in bulk."""

    def __init__(
        self,
        session: Session,
        *,
        party_id: int,
        party_slug: str,
        source: str,
        entered_by: str,
        entered_at: datetime,
    ) -> None:
        self.session = session
        self.connection = session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.party_id, self.party_slug = party_id, party_slug
        self.source, self.entered_by, self.entered_at = source, entered_by, entered_at
        if not self.postgres:
            self.connection.execute(text("UPDATE ledger_head SET seq = seq WHERE id = 1"))
        head = self.connection.execute(
            text(
                "SELECT seq, hash FROM ledger_head WHERE id = 1"
                + (" FOR UPDATE" if self.postgres else "")
            )
        ).one()
        self.seq, self.hash = int(head[0]), str(head[1])
        self.next_person_id = 0
        if not self.postgres:
            top = self.connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM person")).scalar()
            self.next_person_id = int(top or 0) + 1
        self.existing: dict[str, tuple[int, str | None, str, str | None]] = {}

    def check(self, chunk: Sequence[Member]) -> list[Reject]:
        """Look the chunk's people up; reject the barred, non-citizens and current members."""
        self.existing = {}
        ids = [m.iin for m in chunk]
        for start in range(0, len(ids), _LOOKUP_BATCH):
            for national_id, pid, barred, citizenship, slug in self.connection.execute(
                _EXISTING, {"scheme": IIN_SCHEME, "ids": ids[start : start + _LOOKUP_BATCH]}
            ):
                self.existing[national_id] = (pid, barred, citizenship, slug)
        rejects = []
        for member in chunk:
            known = self.existing.get(member.iin)
            if known is None:
                continue
            _, barred, citizenship, slug = known
            if slug == self.party_slug:
                rejects.append(
                    Reject(member.row, "iin", f"IIN {member.iin} is already a member of {slug!r}")
                )
            elif slug is not None:
                rejects.append(
                    Reject(
                        member.row,
                        "iin",
                        f"IIN {member.iin} is already an active member of party {slug!r} (one party per person)",
                    )
                )
            elif barred:
                label = BARRED_LABELS[BarredCategory(barred)]
                rejects.append(
                    Reject(
                        member.row,
                        "iin",
                        f"IIN {member.iin} is registered as {label}; barred from party membership (Constitution art. 23(2))",
                    )
                )
            elif citizenship != "KZ":
                rejects.append(
                    Reject(
                        member.row,
                        "iin",
                        f"IIN {member.iin} is registered as a citizen of {citizenship}; only citizens may join",
                    )
                )
        return rejects

    def _new_ids(self, count: int) -> list[int]:
        if count == 0:
            return []
        if self.postgres:
            rows = self.connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence('person', 'id')) FROM generate_series(1, :n)"
                ),
                {"n": count},
            )
            return [int(r[0]) for r in rows]
        first = self.next_person_id
        self.next_person_id += count
        return list(range(first, first + count))

    def write(self, chunk: Sequence[Member], *, exclude: set[int]) -> int:
        """Write the chunk's members (but the excluded rows); return how many were written."""
        members = [m for m in chunk if m.row not in exclude]
        fresh = [m for m in members if m.iin not in self.existing]
        new_ids = dict(zip((m.iin for m in fresh), self._new_ids(len(fresh)), strict=True))
        at = self.entered_at
        stamp: Any = at if self.postgres else _sqlite_time(at)
        people = [
            (
                new_ids[m.iin],
                IIN_SCHEME,
                m.iin,
                m.family_name,
                m.given_name,
                m.birth_date,
                m.sex,
                "KZ",
                m.region,
                None,
                stamp,
            )
            for m in fresh
        ]
        events = []
        current = []
        seq, prev = self.seq, self.hash
        for m in members:
            pid = new_ids[m.iin] if m.iin in new_ids else self.existing[m.iin][0]
            seq += 1
            reason = f"imported from {self.source} row {m.row}"
            digest = event_hash(
                prev_hash=prev,
                seq=seq,
                person_id=pid,
                party_id=self.party_id,
                kind="admitted",
                occurred_on=m.joined_on,
                reason=reason,
                deciding_body=None,
                founder=False,
                entered_by=self.entered_by,
                entered_at=at,
            )
            events.append(
                (
                    seq,
                    pid,
                    self.party_id,
                    "admitted",
                    m.joined_on,
                    reason,
                    None,
                    False,
                    self.entered_by,
                    stamp,
                    prev,
                    digest,
                )
            )
            current.append((pid, self.party_id, m.region, m.joined_on, seq))
            prev = digest
        self.seq, self.hash = seq, prev
        self._insert("person", _PERSON_COLUMNS, people)
        self._insert("membership_event", _EVENT_COLUMNS, events)
        self._insert("current_membership", _CURRENT_COLUMNS, current)
        return len(members)

    def _insert(self, table: str, columns: str, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        raw = self.connection.connection.dbapi_connection
        assert raw is not None
        cursor = raw.cursor()
        try:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * (columns.count(",") + 1))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                    [tuple(_sqlite(v) for v in row) for row in rows],
                )
        finally:
            cursor.close()

    def finish(self) -> None:
        """Move the ledger head to the last event written."""
        self.connection.execute(
            text("UPDATE ledger_head SET seq = :seq, hash = :hash WHERE id = 1"),
            {"seq": self.seq, "hash": self.hash},
        )
        self.session.expire_all()


def _sqlite(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
