"""Chunks of a roll file, read and column-checked ahead of the writer by a background thread.

The import spends much of its time waiting for the database (``COPY`` on PostgreSQL, a
chunk's inserts on SQLite, both run by :mod:`majlis.registry._copier`'s thread); meanwhile
a reader thread parses the next chunk of the CSV file and runs the vectorised check
(:func:`~majlis.registry._columnar.vector_check`), so that the work overlaps on two cores.
At most ``ahead`` chunks wait in the queue, so memory stays bounded whatever the file's size.
An error in the reader (a broken CSV line, a decoding error) is raised in the consumer at the
chunk where it happened; if the consumer stops early (an error while writing), the reader is
stopped and joined before :func:`chunks` returns.

The thread starts as soon as :func:`chunks` is called, so that it reads the first chunks
while the caller looks up the file's registered people. Without read-ahead (``ahead=0``) the
same chunks are produced inline.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol, TextIO

from majlis.registry._columnar import Columns

__all__ = ["Chunk", "Chunks", "chunks"]

#: check(records, first_row) -> (valid columns, indexes of the suspect records)
Check = Callable[[list[list[str]], int], tuple[Columns, list[int]]]


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk of records, its first row number, its column check, the bytes read so far."""

    records: list[list[str]]
    first_row: int
    valid: Columns
    suspects: list[int]
    position: int


def _produce(
    reader: Iterator[list[str]], handle: TextIO, size: int, check: Check
) -> Generator[Chunk, None, None]:
    first_row = 2
    while records := list(islice(reader, size)):  # chunks cut by the C reader
        valid, suspects = check(records, first_row)
        # bytes read so far (within the read-ahead buffer of the text layer)
        yield Chunk(records, first_row, valid, suspects, handle.buffer.tell())
        first_row += len(records)


class Chunks(Protocol):
    """Chunks to iterate over once, and to close when done (which stops a reader thread)."""

    def __iter__(self) -> Iterator[Chunk]: ...

    def __next__(self) -> Chunk: ...

    def close(self) -> None: ...


class _ReadAhead:
    """The chunks of :func:`chunks`, produced by a thread that starts at once."""

    def __init__(self, produced: Iterator[Chunk], ahead: int) -> None:
        self._waiting: queue.Queue[Chunk | BaseException | None] = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._produced = produced
        self._thread = threading.Thread(target=self._run, name="majlis-roll-reader", daemon=True)
        self._thread.start()

    def _offer(self, item: Chunk | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._waiting.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for chunk in self._produced:
                if not self._offer(chunk):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._offer(exc)
            return
        self._offer(None)

    def __iter__(self) -> _ReadAhead:
        return self

    def __next__(self) -> Chunk:
        item = self._waiting.get()
        if item is None or isinstance(item, BaseException):
            self.close()
            if item is None:
                raise StopIteration
            raise item
        return item

    def close(self) -> None:
        """Stop the reader thread (idle, mid-file or done) and wait for it."""
        self._stop.set()
        self._thread.join()


def chunks(
    reader: Iterator[list[str]], handle: TextIO, *, size: int, check: Check, ahead: int
) -> Chunks:
    """The file's chunks in order, produced by a reader thread when ``ahead`` > 0.

    The thread starts at once, so the caller may do other work (a look-up in the database)
    while the first chunks are read. Close the result (``contextlib.closing``) when done or
    stopping early, iterated or not: that stops the thread.
    """
    produced = _produce(reader, handle, size, check)
    if ahead <= 0:
        return produced
    return _ReadAhead(produced, ahead)
