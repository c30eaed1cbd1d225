"""Appending to an election's hash chains: the head row is locked, extended and moved on.

Every writer of a chained table (one protocol, a bulk import, a decision, an incident) calls
:func:`extend_chain` in its transaction. On PostgreSQL the head row is locked (``FOR
UPDATE``), so concurrent writers to one election's chain take turns; the unique
``(election, seq)`` of each chained table refuses a fork that slipped past anyway.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from majlis.results._chain import GENESIS, chain_hashes
from majlis.store.results_rows import RecordHeadRow

__all__ = ["counted_elections", "extend_chain"]

_CREATE = text(
    "INSERT INTO record_head (election, chain, seq, hash) VALUES (:election, :chain, 0, :genesis) "
    "ON CONFLICT DO NOTHING"
)
_READ = "SELECT seq, hash FROM record_head WHERE election = :election AND chain = :chain"
_MOVE = text(
    "UPDATE record_head SET seq = :seq, hash = :hash WHERE election = :election AND chain = :chain"
)


def extend_chain(
    session: Session, election: str, chain: str, fields: Sequence[str]
) -> list[tuple[int, str]]:
    """Chain records with the given canonical fields after ``election``'s ``chain`` head.

    Returns each record's (seq, record hash), in order, and moves the head to the last one.
    The caller inserts the records with these values in the same transaction.
    """
    if not fields:
        return []
    connection = session.connection()
    key = {"election": election, "chain": chain}
    read = text(_READ + (" FOR UPDATE" if connection.dialect.name == "postgresql" else ""))
    found = connection.execute(read, key).first()
    if found is None:  # the chain's first record: its head is made (once, under concurrency)
        connection.execute(_CREATE, {**key, "genesis": GENESIS})
        found = connection.execute(read, key).one()
    seq, head = found
    hashes = chain_hashes(head, seq + 1, fields)
    connection.execute(_MOVE, {**key, "seq": seq + len(hashes), "hash": hashes[-1]})
    return list(zip(range(seq + 1, seq + 1 + len(hashes)), hashes, strict=True))


def counted_elections(session: Session) -> tuple[str, ...]:
    """The elections with at least one stored protocol version, by slug (read from the heads
    of their chains, one small row per election)."""
    return tuple(
        session.scalars(
            select(RecordHeadRow.election)
            .where(RecordHeadRow.chain == "protocol_version", RecordHeadRow.seq > 0)
            .order_by(RecordHeadRow.election)
        )
    )
