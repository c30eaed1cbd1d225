"""The driver's own connection under a session, and whether other threads may use it.

The bulk paths (the roll load, the ledger's verification) hand whole batches to the driver
(psycopg's ``COPY``, sqlite3's cursors) and let a background thread use the connection while
the caller's thread works on the previous batch.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

__all__ = ["driver_connection", "snapshot_twin", "threads_may_share"]


def driver_connection(session: Session) -> Any:
    """The driver's own connection under the session's (flushed first)."""
    session.flush()
    raw = session.connection().connection.driver_connection
    if raw is None:  # pragma: no cover - a checked-out connection always has one
        raise RuntimeError("no DBAPI connection")
    return raw


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


def snapshot_twin(session: Session) -> sqlite3.Connection | None:
    """Begin ``session``'s transaction and, on SQLite, a second connection reading the same.

    Returns a read-only connection of its own on the session's database file, in a
    transaction that sees exactly what the session's transaction sees, so that another thread
    may read beside the session's connection (SQLite runs one statement at a time on one
    connection; two connections of this process share its one SQLite library, so their file
    locks stay coherent). None, with the session's transaction begun all the same, when that
    cannot be vouched for: not SQLite, a database that is no plain file, a session already in
    a transaction (its snapshot may be older than any new one), bound to a connection rather
    than an engine, or holding changes not yet flushed, or a commit by another connection
    while the two began (``PRAGMA data_version`` on a third connection, read before and
    after, tells). The caller closes the twin.
    """
    fresh = not (session.in_transaction() or session.new or session.dirty or session.deleted)
    bind = session.get_bind()
    # (bound to a connection, the connection's own transaction may be under way)
    url = bind.url if isinstance(bind, Engine) else None
    database = url.database if url is not None and not url.query else None
    if not fresh or bind.dialect.name != "sqlite" or not database or database == ":memory:":
        driver_connection(session)
        return None
    uri = Path(database).resolve().as_uri() + "?mode=ro"
    twin: sqlite3.Connection | None = None
    try:
        probe = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        driver_connection(session)
        return None
    try:
        (before,) = probe.execute("PRAGMA data_version").fetchone()
        ours = _begin_reading(driver_connection(session))
        twin = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        twin.execute("BEGIN")
        theirs = _begin_reading(twin)
        (after,) = probe.execute("PRAGMA data_version").fetchone()
    except sqlite3.Error:
        before, after = 0, 1
    finally:
        probe.close()
    if twin is not None and (before != after or ours != theirs):
        twin.close()
        twin = None
    return twin


def _begin_reading(raw: Any) -> str:
    """Read the schema, which fixes the transaction's snapshot; the main database's file."""
    cursor = raw.cursor()
    try:
        cursor.execute("SELECT count(*) FROM sqlite_master").fetchone()
        cursor.execute("PRAGMA database_list")
        return str(next(row[2] for row in cursor.fetchall() if row[1] == "main"))
    finally:
        cursor.close()
