"""Fast bulk inserts: PostgreSQL ``COPY``, SQLite ``executemany`` — inside the caller's transaction.

For imports of 100,000 rows the ORM (and even Core ``insert`` with many parameter sets)
spends most of its time building parameters; this path hands plain tuples to the driver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

__all__ = ["bind_value", "bulk_insert"]


def bulk_insert(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; returns the row count.

    Values must already be in the driver's terms (int, str, None; datetimes for PostgreSQL,
    or pass them through the column type's bind processor for SQLite — see
    :func:`bind_value`).
    """
    if not rows:
        return 0
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", list(rows))
    return len(rows)


def bind_value(connection: Connection, table: Table, column: str, value: Any) -> Any:
    """``value`` as the dialect's bind processor of ``table.column`` would send it."""
    processor = table.c[column].type.bind_processor(connection.dialect)
    return processor(value) if processor is not None else value
