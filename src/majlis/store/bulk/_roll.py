"""Loading a roll file into people, ledger events and the current roll, as fast as it goes.

One pass reads the CSV file in chunks (a reader thread runs the rules' column check ahead),
asks the rules which rows of each chunk to load, and hands them to the writer, whose thread
loads one chunk while the next is prepared: three threads overlap on two cores. Python's
cyclic garbage collector is paused meanwhile. On PostgreSQL a first, optimistic pass inside
a savepoint assumes that nobody in the roll is stored when a sample says so; if the unique
key of people says otherwise, the pass is rolled back and the load starts again with the
look-up (see :mod:`majlis.store.bulk._people`).
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from majlis.store.bulk._people import Registered, registered_after_all
from majlis.store.bulk._read_ahead import chunks
from majlis.store.bulk._types import Admission, LoadedRoll, LoadTuning, R
from majlis.store.bulk._writer import ChunkWriter

__all__ = ["load_roll"]

#: rules(header): the rules of one pass over a file with this header (the first record)
Rules = Callable[[list[str]], AbstractContextManager[R]]


def load_roll(
    session: Session,
    *,
    source: Path,
    admission: Admission,
    rules: Rules[R],
    progress: Callable[[int], None] | None = None,
    tuning: LoadTuning = LoadTuning(),
) -> LoadedRoll[R]:
    """Load the rows of the CSV file ``source`` that ``rules`` accept, as ``admission`` says.

    Every loaded row becomes a person (unless one with its IIN is stored already), a ledger
    event (its hash chained by ``rules.hashes``) and a row of the current roll, in the
    caller's transaction; the ledger head moves once, at the end. ``rules(header)`` makes the
    rules of a pass (it may raise to refuse the header); they are asked which rows of each
    chunk to load (:meth:`~majlis.store.bulk.RollRules.screen`). The pass's rules come back
    in the result, with the rows loaded and their number per region.

    ``progress`` is told the bytes read since its last call; when the load starts again (an
    optimistic pass met a stored person, PostgreSQL), it is told once minus what it was told.

    Lock: on PostgreSQL other writers of people wait until commit or rollback, and a large
    load (see :class:`~majlis.store.bulk.LoadTuning`) also keeps readers of people and of the
    ledger waiting (see :mod:`majlis.store.bulk._schema`).

    Raises:
        IntegrityError: (large loads on PostgreSQL) a foreign key of the ledger does not
            validate; the caller's rollback leaves nothing loaded. Whatever the rules or the
            database raise is raised as it is; the caller rolls back.
    """
    told = 0

    def tell(read: int) -> None:
        nonlocal told
        told += read
        if progress is not None:
            progress(read)

    if session.connection().dialect.name == "postgresql":
        try:
            with session.begin_nested():
                return _pass(session, source, admission, rules, tell, tuning, optimistic=True)
        except Registered:
            if progress is not None and told:
                progress(-told)  # the load starts again from the first byte
    return _pass(session, source, admission, rules, tell, tuning, optimistic=False)


def _pass(
    session: Session,
    source: Path,
    admission: Admission,
    rules: Rules[R],
    tell: Callable[[int], None],
    tuning: LoadTuning,
    *,
    optimistic: bool,
) -> LoadedRoll[R]:
    """One pass over the file: screen, write, drain, finish (see :func:`load_roll`)."""
    position = 0
    with _collector_paused(), source.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        with rules(next(reader, [])) as checker:
            writer = ChunkWriter(
                session, admission, expected_rows=_count_rows(source), tuning=tuning
            )
            try:
                iin = checker.iin_column
                writer.prefetch(lambda: _column(source, iin), optimistic=optimistic)
                size = tuning.chunk_size
                # the database waits for the first chunk only: make it small
                first, check = max(1, size // 8), checker.columns
                read = chunks(reader, handle, size=size, check=check, ahead=2, first=first)
                with closing(read):
                    for chunk in read:
                        rows = checker.screen(chunk, writer.known)
                        if rows is not None:
                            writer.write(rows, checker.hashes)
                        tell(chunk.position - position)
                        position = chunk.position
                writer.drain()
            except BaseException as exc:
                writer.abandon()  # the copier's thread lets go of the connection first
                if writer.optimistic and registered_after_all(exc):
                    raise Registered(f"{source.name}: a person in the roll is stored") from exc
                raise
        tell(source.stat().st_size - position)
        writer.finish(session)
    return LoadedRoll(rules=checker, loaded=writer.loaded, by_region=writer.counts)


def _count_rows(path: Path) -> int:
    """The number of data lines in ``path`` (lines minus the header), read in 1 MiB blocks."""
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return max(0, lines + (last != b"\n") - 1)


def _column(source: Path, index: int) -> Iterator[str]:
    """One column of every data row of ``source`` (stripped; short rows skipped).

    Undecodable bytes are replaced here: the reading pass that follows reports them.
    """
    with source.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for record in reader:
            if len(record) > index:
                yield record[index].strip()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a load, and restore it after.

    A load allocates millions of short-lived lists and tuples, which reference counting
    frees; each allocation burst would otherwise start a collection that walks every object
    of the process, about a tenth of a SQLite load's time. The pause is process-wide: cycles
    made meanwhile (by any thread) are collected once it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
