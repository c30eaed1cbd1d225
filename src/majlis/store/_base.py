"""The one declarative base every area's rows derive from."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase

#: Constraint names are deterministic so that migrations on SQLite and PostgreSQL agree.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of all majlis tables (one metadata, one naming convention)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def column_length(column: Any) -> int:
    """The declared length of a ``String(n)`` column: a ``Column``, a mapped attribute, or the
    column's name as ``"table.column"`` (``"party.slug"``).

    The one source of a text field's limit: the API and the checks of the services read it
    here instead of repeating the number. An adapter names the column as text, so that it
    reads a limit without importing an area's rows.
    """
    if isinstance(column, str):
        column = _named_column(column)
    if hasattr(column, "property"):  # a mapped attribute: its first column
        column = column.property.columns[0]
    kind = column.type
    kind = getattr(kind, "impl", kind)  # a TypeDecorator over String(n)
    if not isinstance(kind, String) or kind.length is None:
        raise TypeError(f"{column} is not a String column with a length")
    return kind.length


def _named_column(name: str) -> Any:
    table, _, column = name.partition(".")
    found = Base.metadata.tables.get(table)
    if found is None or column not in found.c:
        raise KeyError(f"no column {name!r} in the schema (expected 'table.column')")
    return found.c[column]
