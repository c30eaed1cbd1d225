"""The roll's people who are stored already, looked up once for the whole file before the load.

On PostgreSQL the roll's IINs are copied into a temporary table and joined with the people
once, instead of one index probe per row and chunk; SQLite looks them up in batches (an index
probe each, in-process, the batch one JSON array parameter). Only the people found are kept,
so memory stays small.

Optimistic (PostgreSQL): the first :data:`SAMPLE` IINs are probed first, an index probe each;
if none of them is stored, the look-up is skipped and the load takes everybody as new. The
unique key of people then refuses anybody stored after all (:func:`registered_after_all`),
and the load starts again from a savepoint with the look-up. The join costs time in
proportion to everybody stored, the probes to the sample.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, text

from majlis.store.bulk._types import KnownPerson

__all__ = ["SAMPLE", "Registered", "look_up", "registered_after_all"]

_LOOKUP_BATCH = 5_000
_KEY_BLOCK = 10_000
#: how many of a roll's first IINs are probed before a load that assumes everybody is new
SAMPLE = 2_000
#: the unique key of people by national id, which an optimistic load runs into (PostgreSQL)
_PERSON_KEY = "uq_person_person_national_id"

_SELECT = "SELECT p.national_id, p.id, p.barred_category, p.citizenship, pt.slug FROM "
_ROLL = (
    " LEFT JOIN current_membership c ON c.person_id = p.id LEFT JOIN party pt ON pt.id = c.party_id"
)
# a batch of the roll's people (SQLite): one JSON array parameter, not a statement with
# thousands of bound parameters to compile
_EXISTING_SQLITE = text(
    _SELECT + "person p" + _ROLL + " WHERE p.id_scheme = :scheme "
    "AND p.national_id IN (SELECT value FROM json_each(:ids))"
)
# the whole roll at once (PostgreSQL): its keys in a temporary table, one hash join
_KNOWN = text(
    _SELECT + "roll_key k JOIN person p ON p.id_scheme = :scheme AND p.national_id = k.iin" + _ROLL
)
# a sample of the roll's first IINs (PostgreSQL): an index probe each, in a plan that cannot
# become a scan of every person whatever the statistics say (a LATERAL subquery with LIMIT)
_ANY_REGISTERED = text(
    "SELECT k.iin FROM unnest(CAST(:iins AS text[])) AS k(iin) CROSS JOIN LATERAL "
    "(SELECT 1 FROM person p WHERE p.id_scheme = :scheme AND p.national_id = k.iin LIMIT 1) "
    "AS found LIMIT 1"
)


class Registered(Exception):
    """An optimistic load met a person who was stored already: look the roll up, redo."""


def registered_after_all(exc: BaseException) -> bool:
    """Whether ``exc`` is the unique key of people refusing a person an optimistic load added."""
    diag = getattr(exc, "diag", None)
    return (
        getattr(exc, "sqlstate", None) == "23505"
        and getattr(diag, "constraint_name", None) == _PERSON_KEY
    )


def _key_blocks(iins: Iterable[str], size: int) -> Iterator[list[str]]:
    """The well-formed IINs among ``iins``, ``size`` at a time (the rules reject the rest)."""
    block: list[str] = []
    for iin in iins:
        if len(iin) == 12 and iin.isdigit():
            block.append(iin)
            if len(block) == size:
                yield block
                block = []
    if block:
        yield block


def _remember(found: Iterable[Any], known: dict[str, KnownPerson]) -> None:
    """Add the rows of a look-up (IIN, person id, barred, citizenship, party) to ``known``."""
    for iin, pid, barred, citizenship, slug in found:
        known[iin] = KnownPerson(int(pid), barred, citizenship, slug)


def look_up(
    connection: Connection,
    copy: Callable[[str], Any],
    iins: Callable[[], Iterable[str]],
    *,
    scheme: str,
    optimistic: bool,
) -> dict[str, KnownPerson] | None:
    """The stored people among ``iins()`` by IIN; None if an optimistic probe found nobody.

    ``iins()`` yields the file's IINs (called once or twice); ``copy(statement)`` opens a
    ``COPY ... FROM STDIN`` of the driver (PostgreSQL). ``optimistic`` is for PostgreSQL only.
    """
    known: dict[str, KnownPerson] = {}
    if connection.dialect.name != "postgresql":
        for batch in _key_blocks(iins(), _LOOKUP_BATCH):
            parameters = {"scheme": scheme, "ids": json.dumps(batch)}
            _remember(connection.execute(_EXISTING_SQLITE, parameters), known)
        return known
    if optimistic:
        probe = {"iins": next(_key_blocks(iins(), SAMPLE), []), "scheme": scheme}
        if connection.execute(_ANY_REGISTERED, probe).first() is None:
            return None
    connection.execute(
        text('CREATE TEMPORARY TABLE roll_key (iin text COLLATE "C") ON COMMIT DROP')
    )
    with copy("COPY roll_key (iin) FROM STDIN") as keys:
        for block in _key_blocks(iins(), _KEY_BLOCK):
            keys.write("\n".join(block) + "\n")
    connection.execute(text("ANALYZE roll_key"))
    _remember(connection.execute(_KNOWN, {"scheme": scheme}), known)
    connection.execute(text("DROP TABLE roll_key"))
    return known
