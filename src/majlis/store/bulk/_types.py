"""What a roll load takes and gives: the rows as columns, the rules it asks, what it did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, NamedTuple, Protocol, TypeVar

__all__ = [
    "Admission",
    "KnownPerson",
    "LoadTuning",
    "LoadedRoll",
    "RollChunk",
    "RollColumns",
    "RollRules",
]


@dataclass(frozen=True, slots=True)
class RollColumns:
    """Rows of a roll that are to be loaded, column by column (dates as ISO text).

    ``rows`` are the rows' numbers in the file (for messages); ``sex`` is ``M`` or ``F``.
    """

    rows: list[int]
    iin: list[str]
    family_name: list[str]
    given_name: list[str]
    region: list[str]
    joined_on: list[str]
    birth_date: list[str]
    sex: list[str]

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: int, values: tuple[str, str, str, str, str, str, str]) -> None:
        """Append one row (iin, family, given, region, joined, birth, sex) validated elsewhere."""
        self.rows.append(row)
        for name, value in zip(self.__slots__[1:], values, strict=True):
            getattr(self, name).append(value)

    def take(self, indexes: Sequence[int]) -> RollColumns:
        """The rows at ``indexes`` (positions in these columns), in that order."""
        return RollColumns(*([getattr(self, f)[i] for i in indexes] for f in self.__slots__))

    def without(self, rows: set[int]) -> RollColumns:
        """These columns minus the given row numbers."""
        return self.take([i for i, row in enumerate(self.rows) if row not in rows])


@dataclass(frozen=True, slots=True)
class RollChunk:
    """One chunk of a roll file: its records, its first row number, their column check.

    ``valid`` and ``suspects`` are what :meth:`RollRules.columns` said; ``position`` is the
    number of bytes of the file read so far.
    """

    records: list[list[str]]
    first_row: int
    valid: RollColumns
    suspects: list[int]
    position: int


class KnownPerson(NamedTuple):
    """A person already stored whose IIN is in the roll, as the load found them."""

    person_id: int
    barred_category: str | None
    citizenship: str
    party: str | None  # the slug of their current party, if any


@dataclass(frozen=True, slots=True)
class Admission:
    """What every loaded row becomes: a ledger event of ``kind`` into ``party_id``.

    A person not stored yet is stored with ``id_scheme`` and ``citizenship``; the event
    carries ``reason``, ``entered_by`` and ``entered_at``, as its hash must cover them.
    """

    party_id: int
    kind: str
    reason: str
    entered_by: str
    entered_at: datetime
    id_scheme: str
    citizenship: str


@dataclass(frozen=True, slots=True)
class LoadTuning:
    """How a load is cut and when it drops the ledger's key and indexes (PostgreSQL).

    ``chunk_size`` rows per chunk. An import of at least ``defer_min_rows`` rows and at
    least ``defer_keys_fraction`` of the events already in the ledger loads without the
    ledger's foreign key to people; one of at least ``defer_fraction`` also without the
    ledger's secondary indexes (see :mod:`majlis.store.bulk._schema`).
    """

    chunk_size: int = 20_000
    defer_fraction: float = 1.0
    defer_keys_fraction: float = 0.25
    defer_min_rows: int = 10_000


class RollRules(Protocol):
    """What the load asks the owner of the rows, once per pass over the file."""

    @property
    def iin_column(self) -> int:
        """The position of the IIN in a record (the people are looked up by it)."""
        ...

    def columns(self, records: list[list[str]], first_row: int) -> tuple[RollColumns, list[int]]:
        """The valid records as columns and the positions of the suspect ones.

        Runs in the reader's thread, ahead of the load.
        """
        ...

    def screen(self, chunk: RollChunk, known: Mapping[str, KnownPerson]) -> RollColumns | None:
        """The rows of ``chunk`` to load (None: none), given the people stored already.

        ``known`` holds every stored person whose IIN is in the file (or, on an optimistic
        pass, nobody: see :func:`~majlis.store.bulk.load_roll`).
        """
        ...

    def hashes(
        self, prev_hash: str, first_seq: int, person_ids: Sequence[int], days: Sequence[str]
    ) -> list[str]:
        """The chained hashes of consecutive events from ``first_seq`` after ``prev_hash``."""
        ...


R = TypeVar("R", bound=RollRules)


@dataclass(frozen=True, slots=True)
class LoadedRoll(Generic[R]):
    """What a load did: the rules of its last pass, rows loaded, and how many per region."""

    rules: R
    loaded: int
    by_region: Counter[str] = field(default_factory=Counter)
