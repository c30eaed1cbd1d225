"""Bulk writes: many rows in few statements, on PostgreSQL and SQLite alike.

- :func:`load_roll`: a party's roll from a CSV file into people, ledger events and the
  current roll, as fast as each database takes it (``COPY`` on PostgreSQL, one
  ``INSERT ... SELECT`` over ``json_each`` per table and chunk on SQLite, a reader and a
  loader thread beside the caller's, the cyclic garbage collector paused). The owner of the
  rows decides which to load and how the ledger chains them (:class:`RollRules`); the
  registry's import is the one caller (:func:`majlis.registry.bulk.import_members`).
- :func:`bulk_insert`, :func:`bind_value`: plain tuples into one table (protocol imports).
"""

from typing import TYPE_CHECKING

from majlis._lazy import lazy_exports
from majlis.store.bulk._insert import bind_value, bulk_insert
from majlis.store.bulk._types import (
    Admission,
    KnownPerson,
    LoadedRoll,
    LoadTuning,
    RollChunk,
    RollColumns,
    RollRules,
)

if TYPE_CHECKING:
    from majlis.store.bulk._roll import load_roll

#: The roll load writes its rows with Polars: imported on first use, so that the protocol
#: imports' bulk_insert (and a server worker's start-up) do not load Polars.
__getattr__ = lazy_exports(__name__, {"load_roll": "majlis.store.bulk._roll"})

__all__ = [
    "Admission",
    "KnownPerson",
    "LoadTuning",
    "LoadedRoll",
    "RollChunk",
    "RollColumns",
    "RollRules",
    "bind_value",
    "bulk_insert",
    "load_roll",
]
