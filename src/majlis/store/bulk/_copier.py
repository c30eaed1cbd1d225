"""Load statements run by a background thread, in order, while the caller prepares the next.

A roll import alternates between Python work (hashing a chunk's events, formatting its rows)
and database work (``COPY`` on PostgreSQL; on SQLite one ``INSERT ... SELECT`` per table and
chunk, during which the driver releases the GIL). Run one after the other, each side waits
for the other; with the statements handed to this thread, the database loads one chunk while
the caller prepares the next, and the two overlap on two cores. At most ``ahead`` statements
wait, so memory stays bounded.

The thread is the only user of the connection while it runs: the caller must not touch it
until :meth:`Copier.drain` (or :meth:`Copier.close`) returned. An error of a statement is
raised in the caller at its next :meth:`~Copier.put`, or at ``drain``; the statements after
it are skipped (the caller then rolls the transaction back). A connection that only its own
thread may use (sqlite3's default, e.g. an in-memory database) gets ``inline=True``: each
statement then runs at once in the caller's thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Copier"]

#: run(statement, data): execute one COPY ... FROM STDIN with ``data`` as its input
Run = Callable[[str, Any], None]


class Copier:
    """Run load statements in a background thread, in the order they were put."""

    def __init__(self, run: Run, *, ahead: int = 3, inline: bool = False) -> None:
        self._run = run
        self._inline = inline  # run each statement in the caller's thread, at put()
        self._waiting: queue.Queue[tuple[str, Any] | None] = queue.Queue(maxsize=ahead)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def _work(self) -> None:
        while (item := self._waiting.get()) is not None:
            if self._error is None:
                try:
                    self._run(*item)
                except BaseException as exc:  # handed to the caller, raised there
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def put(self, statement: str, data: Any) -> None:
        """Queue one statement (waits while ``ahead`` are queued); raise an earlier error."""
        self._raise()
        if self._inline:
            self._run(statement, data)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="majlis-copy", daemon=True)
            self._thread.start()
        self._waiting.put((statement, data))

    def close(self) -> None:
        """Let the queued statements finish (or be skipped after an error) and stop the thread."""
        if self._thread is not None:
            self._waiting.put(None)
            self._thread.join()
            self._thread = None

    def drain(self) -> None:
        """Wait for every queued statement; raise the first error among them."""
        self.close()
        self._raise()
