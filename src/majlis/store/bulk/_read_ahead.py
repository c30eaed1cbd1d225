"""Chunks of a roll file, read and column-checked ahead of the writer by a background thread.

The load spends much of its time waiting for the database (``COPY`` on PostgreSQL, a
chunk's inserts on SQLite, both run by :mod:`majlis.store.bulk._copier`'s thread); meanwhile
a reader thread parses the next chunk of the CSV file and runs the rules' column check
(:meth:`~majlis.store.bulk.RollRules.columns`), so that the work overlaps on two cores.
At most ``ahead`` chunks wait in the queue, so memory stays bounded whatever the file's size.
An error in the reader (a broken CSV line, a decoding error) is raised in the consumer at the
chunk where it happened; if the consumer stops early (an error while writing), the reader is
stopped and joined before :func:`chunks` returns.

Without read-ahead (``ahead=0``) the same chunks are produced inline.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator, Iterator
from itertools import islice
from typing import TextIO

from majlis.store.bulk._types import RollChunk, RollColumns

__all__ = ["chunks"]

#: check(records, first_row) -> (valid columns, indexes of the suspect records)
Check = Callable[[list[list[str]], int], tuple[RollColumns, list[int]]]


def _produce(
    reader: Iterator[list[str]], handle: TextIO, size: int, check: Check, first: int
) -> Iterator[RollChunk]:
    first_row, take = 2, first
    while records := list(islice(reader, take)):  # chunks cut by the C reader
        valid, suspects = check(records, first_row)
        # bytes read so far (within the read-ahead buffer of the text layer)
        yield RollChunk(records, first_row, valid, suspects, handle.buffer.tell())
        first_row, take = first_row + len(records), size


def chunks(
    reader: Iterator[list[str]],
    handle: TextIO,
    *,
    size: int,
    check: Check,
    ahead: int,
    first: int | None = None,
) -> Generator[RollChunk, None, None]:
    """Yield the file's chunks in order, produced by a reader thread when ``ahead`` > 0.

    Every chunk has ``size`` records (the last one fewer), but the first, which has
    ``first`` (default ``size``): a smaller first chunk lets the writer and the database
    start sooner, while the next one is read.
    Close the iterator (``contextlib.closing``) when stopping early: that stops the thread.
    """
    produced = _produce(reader, handle, size, check, size if first is None else first)
    if ahead <= 0:
        yield from produced
        return
    waiting: queue.Queue[RollChunk | BaseException | None] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def offer(item: RollChunk | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for chunk in produced:
                if not offer(chunk):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            offer(exc)
            return
        offer(None)

    thread = threading.Thread(target=run, name="majlis-roll-reader", daemon=True)
    thread.start()
    try:
        while (item := waiting.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
