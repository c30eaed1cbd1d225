"""Deferred checks for a large roll import on PostgreSQL: load first, check the key at the end.

A large import (see :func:`should_defer`) drops, **inside the import's own transaction**, the
foreign key from ``membership_event`` to ``person`` and — for the largest imports — the
secondary indexes of ``membership_event`` (``current_membership`` has none); the rows are loaded
with ``COPY``; then :func:`restore` recreates the indexes and re-adds the key with ``ADD
CONSTRAINT ... NOT VALID`` followed by ``VALIDATE CONSTRAINT``: one set-based check of every
ledger row instead of a trigger per inserted row that looks up and key-share-locks the new
person. PostgreSQL's DDL is transactional, so a failure anywhere (an invalid row, a key that
does not validate, a crash) rolls the schema back with the rows: the constraints and indexes
exist after success and after failure, and no commit can see the ledger without its key.
The party of each event is checked once per ``COPY`` by triggers (migration
``registry_0003``), never deferred; primary keys and unique constraints (one active party per
person, one person per IIN) are never dropped.

Locks, until the import commits or rolls back: dropping the key takes ``ACCESS EXCLUSIVE``
on ``membership_event`` and on ``person``, and dropping an index on its table, so **readers
of the ledger and of people wait during a large import** (``member history``, ``member
show``, ``members stats --growth``, ``registry verify``, the API's people and memberships).
Parties, the current roll and its counts stay readable. Smaller imports already keep every
other writer of people out (``SHARE ROW EXCLUSIVE``) but let readers proceed.

SQLite is left alone: it checks a foreign key by one primary-key lookup per row, and rebuilding
the indexes of the whole ledger was measured to cost more than keeping them during the load.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError as DatabaseIntegrityError

from majlis.errors import IntegrityError

__all__ = ["Deferred", "defer", "restore", "should_defer"]

_PG_KEYS = (
    "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
    "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = 'membership_event'::regclass "
    "AND c.confrelid = 'person'::regclass ORDER BY c.conname"
)
_PG_INDEXES = (
    "SELECT t.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "WHERE t.relname IN ('membership_event', 'current_membership') "
    "AND t.relnamespace = current_schema()::regnamespace "
    "AND NOT x.indisprimary AND NOT x.indisunique "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid) ORDER BY i.relname"
)


@dataclass(frozen=True, slots=True)
class Deferred:
    """What was dropped for the load: (table, name, definition) of keys and indexes."""

    keys: tuple[tuple[str, str, str], ...]
    indexes: tuple[tuple[str, str, str], ...]


def should_defer(rows: int, *, ledger_events: int, fraction: float, min_rows: int) -> bool:
    """Whether an import of ``rows`` into a ledger of ``ledger_events`` is large enough.

    Re-validating the keys and rebuilding the indexes costs time in proportion to the whole
    ledger, so the deferral pays only when the import is at least ``fraction`` of it (and
    at least ``min_rows`` rows).
    """
    return rows >= min_rows and rows >= fraction * ledger_events


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def defer(connection: Connection, *, indexes: bool = True) -> Deferred:
    """Drop the ledger's key to people and the secondary indexes, in this transaction (PostgreSQL).

    With ``indexes=False`` only the key is dropped. The caller's transaction must be
    open; :func:`restore` must run before it commits.
    """
    keys = tuple((str(t), str(n), str(d)) for t, n, d in connection.execute(text(_PG_KEYS)))
    dropped = (
        tuple((str(t), str(n), str(d)) for t, n, d in connection.execute(text(_PG_INDEXES)))
        if indexes
        else ()
    )
    for table, name, _ in keys:
        connection.execute(text(f"ALTER TABLE {_quote(table)} DROP CONSTRAINT {_quote(name)}"))
    for _, name, _ in dropped:
        connection.execute(text(f"DROP INDEX {_quote(name)}"))
    return Deferred(keys=keys, indexes=dropped)


def restore(connection: Connection, deferred: Deferred) -> None:
    """Recreate the indexes, re-add and validate the foreign keys (set-based), in this transaction.

    Raises:
        IntegrityError: a ledger row references a person or party that does not exist; the
            transaction is then aborted and the caller must roll back (nothing is written).
    """
    for _, _, definition in deferred.indexes:
        connection.execute(text(definition))
    for table, name, definition in deferred.keys:
        alter = f"ALTER TABLE {_quote(table)}"
        connection.execute(text(f"{alter} ADD CONSTRAINT {_quote(name)} {definition} NOT VALID"))
        try:
            connection.execute(text(f"{alter} VALIDATE CONSTRAINT {_quote(name)}"))
        except DatabaseIntegrityError as exc:
            detail = str(exc.orig).strip().splitlines()[-1] if exc.orig else str(exc)
            raise IntegrityError(
                f"the imported ledger events fail the foreign key {name} ({definition}): "
                f"{detail}; roll the transaction back, nothing is imported"
            ) from exc
