"""Columns read from PostgreSQL as binary arrays (majlis.store.pg_arrays)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from majlis.registry.ledger import canonical_time
from majlis.store import pg_arrays

_EPOCH = date(2000, 1, 1)


@pytest.fixture
def cursor(engine: Engine) -> Iterator[Any]:
    """A binary cursor of pg_arrays on the test database (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("binary arrays are PostgreSQL's")
    raw = engine.raw_connection()
    try:
        with pg_arrays.binary_cursor(raw.driver_connection) as c:
            yield c
    finally:
        raw.close()


def _one(cursor: Any, sql: str) -> Any:
    cursor.execute(sql)
    (value,) = cursor.fetchone()
    return value


@pytest.mark.parametrize(
    ("sql", "size"),
    [
        ("SELECT array_agg(x) FROM (VALUES (1), (NULL), (3)) v(x)", 3),  # a NULL
        ("SELECT ARRAY[[1, 2], [3, 4]]", 4),  # two dimensions
        ("SELECT ARRAY[1, 2]::int8[]", 2),  # another type
        ("SELECT ARRAY[1, 2, 3]", 2),  # another length
    ],
)
def test_an_array_not_as_expected_is_refused(cursor: Any, sql: str, size: int) -> None:
    """Only a one-dimensional array of the expected type and length, without NULL, is read."""
    assert pg_arrays.fixed_array(_one(cursor, sql), size, 23, np.dtype(">i4")) is None
    good = _one(cursor, "SELECT ARRAY[1, 2, 3]")
    assert pg_arrays.fixed_array(good, 3, 23, np.dtype(">i4")).tolist() == [1, 2, 3]


@pytest.mark.parametrize("kind", ["int2", "int4", "int8"])
def test_integers_of_every_width_are_read_as_int64(cursor: Any, kind: str) -> None:
    """int2, int4 and int8 arrays are read, with their extremes; a NULL refuses the array."""
    low, high = {"int2": (-(2**15), 2**15 - 1), "int4": (-(2**31), 2**31 - 1)}.get(
        kind, (-(2**63), 2**63 - 1)
    )
    blob = _one(cursor, f"SELECT ARRAY[{low}, 0, {high}]::{kind}[]")
    values = pg_arrays.int_array(blob, 3)
    assert values.dtype == np.int64
    assert values.tolist() == [low, 0, high]
    assert pg_arrays.int_array(_one(cursor, f"SELECT ARRAY[1, NULL]::{kind}[]"), 2) is None
    assert pg_arrays.int_array(_one(cursor, "SELECT ARRAY[true]"), 1) is None


def test_dates_times_and_hashes_read_from_the_server_are_written_as_python_does(
    cursor: Any,
) -> None:
    """The server's dates, times (in any zone) and bytes, as Python writes them; a year
    outside 1000 to 9999 and the infinities are NULL."""
    days = "'1000-01-01', '2024-02-29', '9999-12-31', '0999-12-31', 'infinity', '-infinity'"
    blob = _one(cursor, f"SELECT ARRAY[{days}]::date[]")
    written = pg_arrays.iso_days(pg_arrays.fixed_array(blob, 6, 1082, np.dtype(">i4")))
    assert written.to_list() == ["1000-01-01", "2024-02-29", "9999-12-31", None, None, None]
    times = (
        "'1999-12-31 23:59:59+05', '2024-02-29 12:00:00.000001+00', "
        "'9999-12-31 23:59:59.999999+00', '0999-01-01 00:00:00+00', 'infinity'"
    )
    blob = _one(cursor, f"SELECT ARRAY[{times}]::timestamptz[]")
    written = pg_arrays.iso_moments(pg_arrays.fixed_array(blob, 5, 1184, np.dtype(">i8")))
    assert written.to_list() == [
        "1999-12-31T18:59:59.000000Z",
        "2024-02-29T12:00:00.000001Z",
        "9999-12-31T23:59:59.999999Z",
        None,
        None,
    ]
    blob = _one(cursor, "SELECT ARRAY[sha256('a'), '\\x00ff'::bytea || repeat('0', 30)::bytea]")
    digests = pg_arrays.fixed_array(blob, 2, 17, np.dtype((np.uint8, (32,))))
    assert pg_arrays.hex_digests(digests).to_list() == [
        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
        "00ff" + "30" * 30,
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dates(date(1000, 1, 1), date(9999, 12, 31)), max_size=20))
def test_dates_are_written_as_isoformat(days: list[date]) -> None:
    """Any date of the years 1000 to 9999, as ``date.isoformat`` writes it."""
    offsets = np.array([(d - _EPOCH).days for d in days], dtype=np.int64)
    assert pg_arrays.iso_days(offsets).to_list() == [d.isoformat() for d in days]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.datetimes(datetime(1000, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999)),
        max_size=20,
    )
)
def test_times_are_written_as_the_canonical_text_does(moments: list[datetime]) -> None:
    """Any time of the years 1000 to 9999, as the ledger's canonical text writes it."""
    epoch = datetime(2000, 1, 1, tzinfo=UTC)
    micros = np.array(
        [(m.replace(tzinfo=UTC) - epoch) // _MICROSECOND for m in moments], dtype=np.int64
    )
    expected = [canonical_time(m.replace(tzinfo=UTC)) for m in moments]
    assert pg_arrays.iso_moments(micros).to_list() == expected


_MICROSECOND = datetime(2000, 1, 1, 0, 0, 0, 1) - datetime(2000, 1, 1)
