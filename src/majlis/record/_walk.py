"""Re-walking one election's chains from their stored columns (no ORM objects).

Each walk fetches the columns of one chained table for one election in chain order,
recomputes every record's canonical fields (a protocol version's content hash from its
lines, in bulk through :meth:`ProtocolTable.content_hashes`) and the chain of hashes, and
returns the chain's head; the first record that does not match is named in an
:class:`~majlis.errors.IntegrityError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import String, cast, func, select, type_coerce
from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.record._versions import walk_version_rows
from majlis.results import (
    COUNT_LINES,
    GENESIS,
    IntArray,
    Source,
    canonical_moment,
    chain_hashes,
    column_content_hashes,
    final_fields,
    incident_fields,
)
from majlis.store.results_rows import (
    IncidentRow,
    PollingStationRow,
    ProtocolFinalRow,
    ProtocolVersionRow,
)

__all__ = [
    "VERSION_NAMES",
    "Walked",
    "content_hashes",
    "version_columns",
    "walk_chain",
    "walk_finals",
    "walk_incidents",
    "walk_versions",
]


@dataclass(frozen=True, slots=True)
class Walked:
    """A walked chain: its length and last hash; for versions, official content by key."""

    length: int
    head: str
    official: dict[tuple[str, int], str]


def content_hashes(
    election: str,
    stations: Sequence[str],
    sources: Sequence[str],
    observers: Sequence[str | None],
    evidence: Sequence[str | None],
    counts: Mapping[str, Sequence[int]],
    lists: Sequence[str],
    votes: Sequence[str],
    where: Callable[[int], str],
) -> list[str]:
    """The content hash of every protocol row, computed in bulk per distinct list text.

    A list or votes text that is not what majlis writes is refused naming its row.
    """
    n = len(stations)
    out = [""] * n
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(lists):
        groups.setdefault(text, []).append(i)
    for text, rows in groups.items():
        whole = len(rows) == n
        try:
            names = tuple(str(n) for n in json.loads(text))
            matrix = _votes_matrix([votes[i] for i in rows], len(names))
        except (ValueError, TypeError):
            raise IntegrityError(
                f"protocol_version: {where(_first_bad(rows, text, votes))}: its lists or votes "
                "are not readable (the row was edited outside majlis)"
            ) from None

        def pick(column: Sequence[Any], rows: list[int] = rows, whole: bool = whole) -> Any:
            return column if whole else [column[i] for i in rows]

        hashes = column_content_hashes(
            [election] * len(rows),
            pick(stations),
            pick(sources),
            [o or None for o in pick(observers)],
            pick(evidence),
            [pick(counts[k]) for k in COUNT_LINES],
            names,
            matrix,
        )
        for i, digest in zip(rows, hashes, strict=True):
            out[i] = digest
    return out


def _votes_matrix(texts: list[str], width: int) -> IntArray:
    """Votes texts ``[v1,...,vk]`` as a matrix, parsed at once; ValueError if one is not so."""
    if width == 0:
        if any(t != "[]" for t in texts):
            raise ValueError("votes for no list")
        return np.zeros((len(texts), 0), dtype=np.int64)
    commas = width - 1
    for t in texts:
        if t[:1] != "[" or t[-1:] != "]" or t.count(",") != commas:
            raise ValueError(t)
    flat = ",".join(t[1:-1] for t in texts)
    values: IntArray = np.array(flat.split(","), dtype=np.int64)
    return values.reshape(len(texts), width)


def _first_bad(rows: list[int], text: str, votes: Sequence[str]) -> int:
    for i in rows:
        try:
            names = json.loads(text)
            values = json.loads(votes[i])
            if not isinstance(names, list) or len(values) != len(names):
                return i
            np.array(values, dtype=np.int64)
        except (ValueError, TypeError):
            return i
    return rows[0]


def walk_chain(
    table: str,
    where: Callable[[int], str],
    seqs: Sequence[int],
    stored: Sequence[str],
    fields: list[str],
) -> tuple[int, str]:
    """Check places 1..n and every stored hash against the recomputed chain; return the head."""
    hashes = chain_hashes(GENESIS, 1, fields)
    for i, (seq, expected, found) in enumerate(zip(seqs, hashes, stored, strict=True)):
        if seq != i + 1:
            raise IntegrityError(
                f"{table}: {where(i)}: chain place {seq}, expected {i + 1} "
                "(a record was removed or inserted outside majlis)"
            )
        if expected != found:
            raise IntegrityError(
                f"{table}: {where(i)} (chain place {seq}): the stored record does not match its "
                "hash (the row, or one before it, was edited outside majlis)"
            )
    return len(hashes), hashes[-1] if hashes else GENESIS


_SOURCES = {s.value: s for s in Source}


def _columns(session: Session, query: Any) -> list[Any]:
    """Rows of a Core query on the session's connection (no ORM loading)."""
    return list(session.connection().execute(query).all())


def _driver_rows(session: Session, query: Any) -> list[Any]:
    """The driver's own rows of a Core query: no result processing (ints and texts only)."""
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def moment_text(column: Any, dialect: str) -> Any:
    """SQL giving a stored time as text: canonical on PostgreSQL, as stored on SQLite.

    PostgreSQL formats it (UTC, microseconds, ``Z``; an infinity, which ``to_char`` leaves
    NULL, as its own text, which no hash of majlis covers); SQLite returns its stored text,
    made canonical by :func:`canonical_moments`. Either spares a datetime object per record.
    """
    if dialect == "postgresql":
        written = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
        return func.coalesce(written, cast(column, String))
    return type_coerce(column, String)


def _sqlite_moment(text: str) -> str:
    if len(text) == 32 and text[19] == "." and text.endswith("+00:00"):
        return f"{text[:10]}T{text[11:26]}Z"
    if len(text) == 26 and text[19] == ".":
        return f"{text[:10]}T{text[11:]}Z"
    return canonical_moment(datetime.fromisoformat(text))


def canonical_moments(values: Sequence[Any], dialect: str) -> list[str]:
    """The texts of :func:`moment_text` as canonical times (SQLite's rewritten in Python)."""
    if dialect == "postgresql":
        return list(values)
    return [_sqlite_moment(v) for v in values]


#: The exported names of :func:`version_columns`, in their order.
VERSION_NAMES = (
    "seq",
    "record_hash",
    "station",
    "source",
    "observer",
    "evidence_sha256",
    "version",
    *COUNT_LINES,
    "lists",
    "votes",
    "content_hash",
    "reason",
    "entered_by",
    "entered_at",
)


def version_columns(entered_at: Any) -> tuple[Any, ...]:
    """A protocol version's record as walked and exported (``entered_at`` as the caller reads it).

    Joined with the polling station for its code; the order is :data:`VERSION_NAMES`.
    """
    v = ProtocolVersionRow
    return (
        v.seq,
        v.record_hash,
        PollingStationRow.code,
        v.source,
        v.observer,
        v.evidence_sha256,
        v.version,
        *(getattr(v, k) for k in COUNT_LINES),
        v.lists,
        v.votes,
        v.content_hash,
        v.reason,
        v.entered_by,
        entered_at,
    )


def walk_versions(session: Session, election: str) -> Walked:
    """Walk the election's protocol versions: content hashes, then the chain."""
    v = ProtocolVersionRow
    dialect = session.connection().dialect.name
    rows = _driver_rows(
        session,
        select(*version_columns(moment_text(v.entered_at, dialect)), v.station_id)
        .join(PollingStationRow, PollingStationRow.id == v.station_id)
        .where(v.election == election)
        .order_by(v.seq),
    )
    moment = (lambda text: text) if dialect == "postgresql" else _sqlite_moment
    head, official = walk_version_rows(election, rows, moment)
    return Walked(len(rows), head, official)


def walk_finals(session: Session, election: str, official: dict[tuple[str, int], str]) -> Walked:
    """Walk the final decisions; each must name a stored official version with its content."""
    f = ProtocolFinalRow
    dialect = session.connection().dialect.name
    rows = _columns(
        session,
        select(
            f.seq,
            f.record_hash,
            PollingStationRow.code,
            f.official_version,
            f.content_hash,
            f.method,
            f.decided_by,
            moment_text(f.decided_at, dialect),
            f.resolution,
            f.note,
            f.station_id,
        )
        .join(PollingStationRow, PollingStationRow.id == f.station_id)
        .where(f.election == election)
        .order_by(f.seq),
    )
    where = [f"station {r[2]}, final official version {r[3]}" for r in rows]
    for i, r in enumerate(rows):
        if official.get((str(r[10]), int(r[3]))) != r[4]:
            raise IntegrityError(
                f"protocol_final: {where[i]} (chain place {r[0]}): no stored official version "
                "with that number and content hash"
            )
    decided = canonical_moments([r[7] for r in rows], dialect)
    fields = [
        final_fields(r[2], r[3], r[4], r[5], r[6], at, r[8], r[9])
        for r, at in zip(rows, decided, strict=True)
    ]
    length, head = walk_chain(
        "protocol_final", where.__getitem__, [r[0] for r in rows], [r[1] for r in rows], fields
    )
    return Walked(length, head, {})


def walk_incidents(session: Session, election: str) -> Walked:
    """Walk the incidents logged for the election."""
    t = IncidentRow
    dialect = session.connection().dialect.name
    rows = _columns(
        session,
        select(
            t.seq,
            t.record_hash,
            PollingStationRow.code,
            t.observer,
            moment_text(t.observed_at, dialect),
            t.category,
            t.description,
            t.evidence_sha256,
            t.recorded_by,
            moment_text(t.recorded_at, dialect),
        )
        .join(PollingStationRow, PollingStationRow.id == t.station_id)
        .where(t.election == election)
        .order_by(t.seq),
    )
    where = [f"station {r[2]}, incident by {r[3]}" for r in rows]
    seen = canonical_moments([r[4] for r in rows], dialect)
    recorded = canonical_moments([r[9] for r in rows], dialect)
    fields = [
        incident_fields(r[2], r[3], a, r[5], r[6], r[7], r[8], b)
        for r, a, b in zip(rows, seen, recorded, strict=True)
    ]
    length, head = walk_chain(
        "incident", where.__getitem__, [r[0] for r in rows], [r[1] for r in rows], fields
    )
    return Walked(length, head, {})
