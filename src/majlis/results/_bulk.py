"""Bulk storage of many protocols at once (imports, synthetic elections, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.results._protocol import COUNT_LINES, Source, content_hash
from majlis.results._rows import now
from majlis.results._table import ProtocolTable
from majlis.store.results_rows import PollingStationRow, ProtocolFinalRow, ProtocolVersionRow

__all__ = ["Progress", "station_ids", "store_table"]

#: A progress callback: (what is happening, done so far, total).
Progress = Callable[[str, int, int], None]


def station_ids(session: Session) -> dict[str, int]:
    """Every station code with its row id."""
    rows = session.execute(select(PollingStationRow.code, PollingStationRow.id))
    return dict(rows.all())


def _next_versions(session: Session, table: ProtocolTable) -> dict[tuple[str, int, str, str], int]:
    query = (
        select(
            ProtocolVersionRow.election,
            ProtocolVersionRow.station_id,
            ProtocolVersionRow.source,
            ProtocolVersionRow.observer,
            func.max(ProtocolVersionRow.version),
        )
        .where(ProtocolVersionRow.election.in_(sorted(set(table.election))))
        .group_by(
            ProtocolVersionRow.election,
            ProtocolVersionRow.station_id,
            ProtocolVersionRow.source,
            ProtocolVersionRow.observer,
        )
    )
    return {(e, s, src, obs): int(v) for e, s, src, obs, v in session.execute(query)}


def store_table(
    session: Session,
    table: ProtocolTable,
    *,
    entered_by: str,
    reason: str | None = None,
    final: npt.NDArray[np.bool_] | None = None,
    method: str = "import",
    ids: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    chunk: int = 5_000,
) -> int:
    """Insert every row of ``table`` as the next protocol version; returns rows stored.

    Args:
        table: the protocols.
        entered_by: who entered them (a person or a process, e.g. the import file).
        reason: why, for rows that are not a first version (default: "bulk re-entry").
        final: official rows to record as final (e.g. those without an error).
        method: the finality method recorded for them.
        ids: station code → row id (looked up when not given).
        progress: called after every chunk.
    """
    ids = ids if ids is not None else station_ids(session)
    unknown = [s for s in dict.fromkeys(table.station) if s not in ids]
    if unknown:
        raise NotFoundError(f"unknown polling stations: {', '.join(unknown[:5])}")
    existing = _next_versions(session, table)
    at = now()
    columns = {k: table.counts[k].tolist() for k in COUNT_LINES}
    votes = table.votes.tolist()
    names = table.list_names
    rows: list[dict[str, Any]] = []
    finals: list[dict[str, Any]] = []
    total = len(table)
    for i in range(total):
        sid = ids[table.station[i]]
        source = table.source[i].value
        observer = table.observer[i] or ""
        key = (table.election[i], sid, source, observer)
        version = existing.get(key, 0) + 1
        existing[key] = version
        digest = content_hash(table.content(i))
        row = {k: columns[k][i] for k in COUNT_LINES}
        row.update(
            election=table.election[i],
            station_id=sid,
            source=source,
            observer=observer,
            evidence_sha256=table.evidence_sha256[i],
            version=version,
            votes=[[n, v] for n, v in zip(names, votes[i], strict=True)],
            content_hash=digest,
            reason=None if version == 1 else (reason or "bulk re-entry"),
            entered_by=entered_by,
            entered_at=at,
        )
        rows.append(row)
        if final is not None and final[i] and table.source[i] is Source.OFFICIAL:
            finals.append(
                {
                    "election": table.election[i],
                    "station_id": sid,
                    "official_version": version,
                    "content_hash": digest,
                    "method": method,
                    "decided_by": entered_by,
                    "decided_at": at,
                    "resolution": None,
                    "note": None,
                }
            )
        if len(rows) == chunk:
            session.execute(insert(ProtocolVersionRow), rows)
            rows = []
            if progress is not None:
                progress("storing", i + 1, total)
    if rows:
        session.execute(insert(ProtocolVersionRow), rows)
    for start in range(0, len(finals), chunk):
        session.execute(insert(ProtocolFinalRow), finals[start : start + chunk])
    if progress is not None:
        progress("storing", total, total)
    return total
