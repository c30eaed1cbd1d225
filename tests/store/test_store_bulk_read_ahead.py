"""The reader thread of a roll load: same chunks as inline, errors surface, it stops."""

from __future__ import annotations

import csv
import io
import threading
from contextlib import closing

import pytest

from majlis.store.bulk import RollChunk, RollColumns
from majlis.store.bulk._read_ahead import chunks


def _check(records: list[list[str]], first_row: int) -> tuple[RollColumns, list[int]]:
    """Records whose IIN ends in 1 are valid, the others suspect (a stand-in for the rules)."""
    valid = RollColumns([], [], [], [], [], [], [], [])
    suspects = []
    for index, (iin, family, given, region) in enumerate(records):
        if iin.endswith("1"):
            valid.add(first_row + index, (iin, family, given, region, "", "", ""))
        else:
            suspects.append(index)
    return valid, suspects


def _roll(rows: int) -> io.TextIOWrapper:
    text = io.StringIO()
    writer = csv.writer(text)
    for k in range(rows):  # every fifth IIN is broken, so every chunk has suspects
        iin = "000101500001" if k % 5 else "000101500002"
        writer.writerow([iin, "F", f"G{k}", "KZ-71"])
    return io.TextIOWrapper(io.BytesIO(text.getvalue().encode()), encoding="utf-8", newline="")


def _read(ahead: int, rows: int = 103, size: int = 10, first: int | None = None) -> list[RollChunk]:
    handle = _roll(rows)
    read = chunks(csv.reader(handle), handle, size=size, check=_check, ahead=ahead, first=first)
    with closing(read):
        return list(read)


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "majlis-roll-reader"]


def test_read_ahead_yields_the_same_chunks_as_inline_reading() -> None:
    inline, ahead = _read(0), _read(2)
    assert [c.first_row for c in ahead] == list(range(2, 105, 10))
    assert [(c.first_row, c.records, c.suspects, c.valid) for c in ahead] == [
        (c.first_row, c.records, c.suspects, c.valid) for c in inline
    ]
    assert sum(len(c.valid) for c in ahead) == 103 - 21
    assert [c.position for c in ahead][-1] > 0
    assert not _readers()


def test_a_smaller_first_chunk_then_chunks_of_the_size() -> None:
    """Only the first chunk is smaller; together they hold every record, in order."""
    chunked = _read(2, first=3)
    assert [c.first_row for c in chunked] == [2, 5, *range(15, 105, 10)]
    assert [len(c.records) for c in chunked] == [3, *[10] * 9, 10]
    assert [r for c in chunked for r in c.records] == [r for c in _read(0) for r in c.records]


def test_an_error_in_the_reader_is_raised_in_the_consumer_at_its_chunk() -> None:
    handle = _roll(50)
    seen: list[int] = []

    def failing(records: list[list[str]], first_row: int) -> tuple[RollColumns, list[int]]:
        if first_row == 22:
            raise ValueError("broken line in the roll")
        return _check(records, first_row)

    read = chunks(csv.reader(handle), handle, size=10, check=failing, ahead=2)

    def consume() -> None:
        for chunk in read:
            seen.append(chunk.first_row)

    with closing(read), pytest.raises(ValueError, match="broken line"):
        consume()
    assert seen == [2, 12]
    assert not _readers()


def test_a_consumer_that_stops_early_stops_the_reader() -> None:
    handle = _roll(10_000)
    read = chunks(csv.reader(handle), handle, size=10, check=_check, ahead=2)
    with closing(read):
        first = next(read)
        assert first.first_row == 2
        assert _readers()  # the reader is ahead, blocked on the full queue
    assert not _readers()  # closing the iterator stopped and joined it
