"""The driver's own connection under a session, and whether other threads may use it.

The bulk paths (the roll load, the ledger's verification) hand whole batches to the driver
(psycopg's ``COPY``, sqlite3's cursors) and let a background thread use the connection while
the caller's thread works on the previous batch.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy.orm import Session

__all__ = ["driver_connection", "threads_may_share"]


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
