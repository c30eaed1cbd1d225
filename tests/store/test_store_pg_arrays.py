"""Columns read from PostgreSQL as packed binary values (majlis.store.pg_arrays)."""

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
    """A binary cursor on the test database (PostgreSQL only)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("packed binary values are PostgreSQL's")
    raw = engine.raw_connection()
    try:
        with raw.driver_connection.cursor(binary=True) as c:
            yield c
    finally:
        raw.close()


def _packed(cursor: Any, values: str, kind: str) -> tuple[Any, int]:
    """The packed aggregate of ``values`` (SQL rows of one column ``x``) and their count."""
    cursor.execute(
        f"SELECT {pg_arrays.packed_sql('x', kind)}, count(*) FROM (VALUES {values}) v(x)"
    )
    blob, size = cursor.fetchone()
    return blob, size


@pytest.mark.parametrize(
    ("kind", "low", "high"),
    [
        ("int2", -(2**15), 2**15 - 1),
        ("int4", -(2**31), 2**31 - 1),
        ("int8", -(2**63), 2**63 - 1),
    ],
)
def test_integers_of_every_width_are_read_with_their_extremes(
    cursor: Any, kind: str, low: int, high: int
) -> None:
    """int2, int4 and int8 values are read, with their extremes; a NULL refuses the column,
    as does a count that is not the number of values."""
    blob, size = _packed(cursor, f"(({low})::{kind}), (0), ({high})", kind)
    assert pg_arrays.packed(blob, size, kind).astype(np.int64).tolist() == [low, 0, high]
    assert pg_arrays.packed(blob, size + 1, kind) is None
    blob, size = _packed(cursor, f"(1::{kind}), (NULL), (3)", kind)
    assert (blob, size) != (None, 3)
    assert pg_arrays.packed(blob, size, kind) is None
    blob, size = _packed(cursor, f"(NULL::{kind})", kind)
    assert pg_arrays.packed(blob, size, kind) is None


def test_a_value_of_another_type_is_read_as_the_column_s_type(cursor: Any) -> None:
    """The aggregate casts each value to the kind asked: an int8 column read as int4."""
    blob, size = _packed(cursor, "(1::int8), (2)", "int4")
    assert pg_arrays.packed(blob, size, "int4").tolist() == [1, 2]
    blob, size = _packed(cursor, "(true), (false)", "boolean")
    assert pg_arrays.packed(blob, size, "boolean").tolist() == [1, 0]


def test_dates_times_and_hashes_read_from_the_server_are_written_as_python_does(
    cursor: Any,
) -> None:
    """The server's dates, times (in any zone) and bytes, as Python writes them; a year
    outside 1000 to 9999 and the infinities are NULL."""
    days = "('1000-01-01'::date), ('2024-02-29'), ('9999-12-31'), ('0999-12-31'), "
    days += "('infinity'), ('-infinity')"
    blob, size = _packed(cursor, days, "date")
    written = pg_arrays.iso_days(pg_arrays.packed(blob, size, "date"))
    assert written.to_list() == ["1000-01-01", "2024-02-29", "9999-12-31", None, None, None]
    times = (
        "('1999-12-31 23:59:59+05'::timestamptz), ('2024-02-29 12:00:00.000001+00'), "
        "('9999-12-31 23:59:59.999999+00'), ('0999-01-01 00:00:00+00'), ('infinity')"
    )
    blob, size = _packed(cursor, times, "timestamptz")
    written = pg_arrays.iso_moments(pg_arrays.packed(blob, size, "timestamptz"))
    assert written.to_list() == [
        "1999-12-31T18:59:59.000000Z",
        "2024-02-29T12:00:00.000001Z",
        "9999-12-31T23:59:59.999999Z",
        None,
        None,
    ]
    digests = _digests(cursor, "(sha256('a')), ('\\x00ff'::bytea || repeat('0', 30)::bytea)")
    assert pg_arrays.hex_digests(pg_arrays.packed_digests(*digests)).to_list() == [
        "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
        "00ff" + "30" * 30,
    ]


def _digests(cursor: Any, values: str) -> tuple[Any, Any, int]:
    cursor.execute(f"SELECT {pg_arrays.digests_sql('x')}, count(*) FROM (VALUES {values}) v(x)")
    blob, every, size = cursor.fetchone()
    return blob, every, size


@pytest.mark.parametrize(
    "values",
    [
        "(sha256('a')), (NULL)",  # a NULL
        "(substr(sha256('a'), 1, 31)), (sha256('b') || '\\x00'::bytea)",  # 31 + 33 bytes
        "(sha256('a')), (substr(sha256('b'), 1, 16))",  # a short one
    ],
)
def test_digests_of_another_width_are_refused_even_when_their_bytes_add_up(
    cursor: Any, values: str
) -> None:
    """Digests are read only when every one is 32 bytes: a 31-byte digest beside a 33-byte
    one adds up to two, and is still refused."""
    assert pg_arrays.packed_digests(*_digests(cursor, values)) is None
    good = _digests(cursor, "(sha256('a')), (sha256('b'))")
    assert pg_arrays.packed_digests(*good).shape == (2, 32)


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
