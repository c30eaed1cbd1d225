"""Engines and sessions: SQLite with foreign keys and WAL, PostgreSQL through psycopg 3."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from majlis.store._url import resolve_database_url

__all__ = ["is_sqlite", "make_engine", "session_factory"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Switch on what SQLite leaves off by default: foreign keys, WAL, a busy timeout.

    The driver's own transaction handling is switched off so that :func:`_sqlite_begin`
    opens every transaction itself.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


#: execution option of an engine or connection that only reads (see :func:`_sqlite_begin`)
READ_ONLY = "majlis_read_only"


def _sqlite_begin(connection: Any) -> None:
    """Open SQLite transactions with BEGIN IMMEDIATE: take the write lock up front.

    A deferred transaction that reads and then writes fails at once with "database is
    locked" when another connection wrote meanwhile; an immediate one waits (busy timeout)
    for the other writer instead. Readers are not blocked (WAL). A connection whose
    execution options say :data:`READ_ONLY` opens a deferred transaction, which reads one
    snapshot and neither waits for a writer nor makes one wait.
    """
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    """Return whether ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` (default: :func:`resolve_database_url`).

    SQLite connections get ``foreign_keys=ON``, ``journal_mode=WAL``, ``synchronous=NORMAL``,
    a 30 s busy timeout and ``BEGIN IMMEDIATE`` transactions; PostgreSQL connections are
    pre-pinged.
    """
    url = url or resolve_database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, echo=echo)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory bound to ``engine`` (objects stay usable after commit)."""
    return sessionmaker(engine, expire_on_commit=False)
