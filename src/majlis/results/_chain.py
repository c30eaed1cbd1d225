"""The election record's hash chains: canonical forms and the hash of each chained record.

Protocol versions, final decisions and incidents are chained per election, one chain per
table. A record's hash is SHA-256 over one line of text: the previous record's hash
(:data:`GENESIS` for the first), the record's place in its chain (``seq``, from 1) and its
canonical fields, joined by the ASCII unit separator. Editing any stored field, the order, or
removing a record changes every later hash; the last hash of each chain is kept as its head
(``record_head``), and :func:`heads_digest` folds the heads into one published digest.

Every writer of a chained table (one protocol, a bulk import, a decision, an incident) calls
:func:`extend_chain` in its transaction: the head row is locked, extended and moved on. On
PostgreSQL the lock is ``FOR UPDATE``, so concurrent writers to one election's chain take
turns; the unique ``(election, seq)`` of each chained table refuses a fork that slipped past
anyway.

The canonical forms are this module's own (they are what ``docs/integrity.md`` documents and
what an exported record is verified against):

- text: NUL (``\\x00``) for a missing value; backslash and the unit separator escaped;
- a moment: ISO-8601 UTC with microseconds (``2021-01-10T08:00:00.000000Z``); a naive time is
  UTC already (SQLite keeps no zone);
- a protocol version: its content hash (:attr:`Protocol.content_hash`: election, station,
  source, observer, evidence and every line), version, reason, who entered it and when;
- a final decision: station code, the official version, its content hash, method, who
  decided and when, the resolution as canonical JSON, the note;
- an incident: station code, observer, when observed, category, description, evidence hash,
  who recorded it and when.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from majlis.results._protocol import canonical_json
from majlis.store.results_rows import RecordHeadRow

__all__ = [
    "CHAINS",
    "GENESIS",
    "SEPARATOR",
    "canonical_moment",
    "canonical_text",
    "chain_hashes",
    "counted_elections",
    "extend_chain",
    "final_fields",
    "heads_digest",
    "incident_fields",
    "sample_fields",
    "version_fields",
]

#: The hash before the first record of every chain.
GENESIS = "0" * 64
#: The separator between the canonical fields of a record (ASCII unit separator).
SEPARATOR = "\x1f"
#: The chained tables, in the order verification walks them and the digest lists them.
CHAINS = ("protocol_version", "protocol_final", "incident", "pvt_sample")


def canonical_text(value: str | None) -> str:
    """A text field as hashed: NUL for None; backslash and the unit separator escaped."""
    if value is None:
        return "\x00"
    return value.replace("\\", "\\\\").replace(SEPARATOR, "\\x1f")


def canonical_moment(moment: datetime | str) -> str:
    """ISO-8601 UTC with microseconds; a naive time is UTC; a canonical string stays as is."""
    if isinstance(moment, str):
        return moment
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def version_fields(
    content_hash: str, version: int, reason: str | None, entered_by: str, entered_at: datetime | str
) -> str:
    """The canonical fields of a protocol version (its content through its content hash)."""
    return SEPARATOR.join(
        (
            content_hash,
            str(version),
            canonical_text(reason),
            canonical_text(entered_by),
            canonical_moment(entered_at),
        )
    )


def final_fields(
    station: str,
    official_version: int,
    content_hash: str,
    method: str,
    decided_by: str,
    decided_at: datetime | str,
    resolution: Mapping[str, Any] | None,
    note: str | None,
) -> str:
    """The canonical fields of a final decision."""
    return SEPARATOR.join(
        (
            canonical_text(station),
            str(official_version),
            content_hash,
            method,
            canonical_text(decided_by),
            canonical_moment(decided_at),
            canonical_text(None if resolution is None else canonical_json(resolution)),
            canonical_text(note),
        )
    )


def incident_fields(
    station: str,
    observer: str,
    observed_at: datetime | str,
    category: str,
    description: str,
    evidence_sha256: str | None,
    recorded_by: str,
    recorded_at: datetime | str,
) -> str:
    """The canonical fields of an incident."""
    return SEPARATOR.join(
        (
            canonical_text(station),
            canonical_text(observer),
            canonical_moment(observed_at),
            category,
            canonical_text(description),
            canonical_text(evidence_sha256),
            canonical_text(recorded_by),
            canonical_moment(recorded_at),
        )
    )


def chain_hashes(prev: str, first_seq: int, fields: Iterable[str]) -> list[str]:
    """The hashes of records with the given canonical fields, chained after ``prev``.

    Record ``i`` (from 0) has place ``first_seq + i``; its hash is SHA-256 of
    ``prev ␟ seq ␟ fields`` where ``prev`` is the hash of the record before it.
    """
    out: list[str] = []
    sha = hashlib.sha256
    sep = SEPARATOR
    seq = first_seq
    for record in fields:
        prev = sha(f"{prev}{sep}{seq}{sep}{record}".encode()).hexdigest()
        out.append(prev)
        seq += 1
    return out


def heads_digest(lines: Sequence[tuple[str, str, int, str]]) -> str:
    """One hex SHA-256 over chain heads ``(scope, chain, length, head hash)``, sorted.

    The scope is an election slug (or ``registry`` for the membership ledger); chains with
    no record are left out, so an empty record has the digest of no lines.
    """
    text = "\n".join(SEPARATOR.join((s, c, str(n), h)) for s, c, n, h in sorted(lines))
    return hashlib.sha256(text.encode()).hexdigest()


def sample_fields(
    sample_sha256: str, design: str, designed_by: str, designed_at: datetime | str
) -> str:
    """The canonical fields of a quick-count sample: its digest, design JSON, who and when."""
    return SEPARATOR.join(
        (
            sample_sha256,
            canonical_text(design),
            canonical_text(designed_by),
            canonical_moment(designed_at),
        )
    )


_CREATE = text(
    "INSERT INTO record_head (election, chain, seq, hash) VALUES (:election, :chain, 0, :genesis) "
    "ON CONFLICT DO NOTHING"
)
_READ = text("SELECT seq, hash FROM record_head WHERE election = :election AND chain = :chain")
_READ_LOCKED = text(_READ.text + " FOR UPDATE")
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
    read = _READ_LOCKED if connection.dialect.name == "postgresql" else _READ
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
