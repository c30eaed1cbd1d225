"""Re-walking one election's chains from their stored columns (no ORM objects).

Each walk fetches the columns of one chained table for one election in chain order,
recomputes every record's canonical fields (a protocol version's content hash from its
lines, in bulk through :meth:`ProtocolTable.content_hashes`) and the chain of hashes, and
returns the chain's head; the first record that does not match is named in an
:class:`~majlis.errors.IntegrityError`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.results import (
    COUNT_LINES,
    GENESIS,
    ProtocolTable,
    Source,
    chain_hashes,
    final_fields,
    incident_fields,
    version_fields,
)
from majlis.store.results_rows import (
    IncidentRow,
    PollingStationRow,
    ProtocolFinalRow,
    ProtocolVersionRow,
)

__all__ = [
    "Walked",
    "content_hashes",
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
    where: Sequence[str],
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
        try:
            names = tuple(str(n) for n in json.loads(text))
            matrix = np.array(
                json.loads("[" + ",".join(votes[i] for i in rows) + "]"), dtype=np.int64
            ).reshape(len(rows), len(names))
        except (ValueError, TypeError):
            raise IntegrityError(
                f"protocol_version: {where[_first_bad(rows, text, votes)]}: its lists or votes "
                "are not readable (the row was edited outside majlis)"
            ) from None
        table = ProtocolTable(
            election=(election,) * len(rows),
            station=tuple(stations[i] for i in rows),
            source=tuple(Source(sources[i]) for i in rows),
            observer=tuple(observers[i] or None for i in rows),
            evidence_sha256=tuple(evidence[i] for i in rows),
            counts={k: np.array([counts[k][i] for i in rows], dtype=np.int64) for k in COUNT_LINES},
            list_names=names,
            votes=matrix,
        )
        for i, digest in zip(rows, table.content_hashes(), strict=True):
            out[i] = digest
    return out


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
    table: str, where: Sequence[str], seqs: Sequence[int], stored: Sequence[str], fields: list[str]
) -> tuple[int, str]:
    """Check places 1..n and every stored hash against the recomputed chain; return the head."""
    hashes = chain_hashes(GENESIS, 1, fields)
    for i, (seq, expected, found) in enumerate(zip(seqs, hashes, stored, strict=True)):
        if seq != i + 1:
            raise IntegrityError(
                f"{table}: {where[i]}: chain place {seq}, expected {i + 1} "
                "(a record was removed or inserted outside majlis)"
            )
        if expected != found:
            raise IntegrityError(
                f"{table}: {where[i]} (chain place {seq}): the stored record does not match its "
                "hash (the row, or one before it, was edited outside majlis)"
            )
    return len(hashes), hashes[-1] if hashes else GENESIS


def _columns(session: Session, query: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(query)]


def walk_versions(session: Session, election: str) -> Walked:
    """Walk the election's protocol versions: content hashes, then the chain."""
    v = ProtocolVersionRow
    rows = _columns(
        session,
        select(
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
            v.entered_at,
            v.station_id,
        )
        .join(PollingStationRow, PollingStationRow.id == v.station_id)
        .where(v.election == election)
        .order_by(v.seq),
    )
    if not rows:
        return Walked(0, GENESIS, {})
    cols = list(zip(*rows, strict=True))
    k = len(COUNT_LINES)
    seqs, stored, codes, sources, observers, evidence, versions = cols[:7]
    counts = {name: cols[7 + j] for j, name in enumerate(COUNT_LINES)}
    lists, votes, content, reasons, by, at, station_ids = cols[7 + k :]
    where = [
        f"station {c}, {s}{' ' + o if o else ''} version {n}"
        for c, s, o, n in zip(codes, sources, observers, versions, strict=True)
    ]
    computed = content_hashes(
        election, codes, sources, observers, evidence, counts, lists, votes, where
    )
    for i, (mine, theirs) in enumerate(zip(computed, content, strict=True)):
        if mine != theirs:
            raise IntegrityError(
                f"protocol_version: {where[i]} (chain place {seqs[i]}): its lines do not match "
                "its stored content hash (the row was edited outside majlis)"
            )
    fields = [
        version_fields(h, n, r, b, t)
        for h, n, r, b, t in zip(computed, versions, reasons, by, at, strict=True)
    ]
    length, head = walk_chain("protocol_version", where, seqs, stored, fields)
    official = {
        (str(sid), int(n)): h
        for sid, s, n, h in zip(station_ids, sources, versions, computed, strict=True)
        if s == Source.OFFICIAL.value
    }
    return Walked(length, head, official)


def walk_finals(session: Session, election: str, official: dict[tuple[str, int], str]) -> Walked:
    """Walk the final decisions; each must name a stored official version with its content."""
    f = ProtocolFinalRow
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
            f.decided_at,
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
    fields = [final_fields(*r[2:10]) for r in rows]
    length, head = walk_chain(
        "protocol_final", where, [r[0] for r in rows], [r[1] for r in rows], fields
    )
    return Walked(length, head, {})


def walk_incidents(session: Session, election: str) -> Walked:
    """Walk the incidents logged for the election."""
    t = IncidentRow
    rows = _columns(
        session,
        select(
            t.seq,
            t.record_hash,
            PollingStationRow.code,
            t.observer,
            t.observed_at,
            t.category,
            t.description,
            t.evidence_sha256,
            t.recorded_by,
            t.recorded_at,
        )
        .join(PollingStationRow, PollingStationRow.id == t.station_id)
        .where(t.election == election)
        .order_by(t.seq),
    )
    where = [f"station {r[2]}, incident by {r[3]}" for r in rows]
    fields = [incident_fields(*r[2:10]) for r in rows]
    length, head = walk_chain("incident", where, [r[0] for r in rows], [r[1] for r in rows], fields)
    return Walked(length, head, {})
