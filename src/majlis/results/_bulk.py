"""Bulk storage of many protocols at once (imports, synthetic elections, benchmarks)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.results._chain import canonical_moment, extend_chain, final_fields, version_fields
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._protocol_table import ProtocolTable
from majlis.results._rows import encode_lists, now
from majlis.results._scope import election_scope, scope_stations
from majlis.store import Base
from majlis.store.bulk import bind_value, bulk_insert
from majlis.store.results_rows import PollingStationRow, ProtocolFinalRow, ProtocolVersionRow

__all__ = ["Progress", "station_ids", "store_table"]

_VERSION_COLUMNS = (
    "election",
    "station_id",
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
    "seq",
    "record_hash",
)
_FINAL_COLUMNS = (
    "election",
    "station_id",
    "official_version",
    "content_hash",
    "method",
    "decided_by",
    "decided_at",
    "seq",
    "record_hash",
)

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


def _check_scope(session: Session, table: ProtocolTable) -> None:
    """Refuse the whole table if a row's election, list or station is not the election's."""
    for election in dict.fromkeys(table.election):
        scope = election_scope(session, election)
        scope.check_lists(table.list_names, where="the protocols' vote columns")
        allowed = scope_stations(session, scope)
        for code, row_election in zip(table.station, table.election, strict=True):
            if row_election == election and code not in allowed:
                raise NotFoundError(
                    f"polling station '{code}' is not under the central commission of the "
                    f"election '{election}' (or does not exist); nothing was stored",
                    code="station.not_in_election.bulk",
                    params={"station": code, "election": election},
                )


def _chain(
    session: Session, elections: Sequence[str], chain: str, fields: list[str]
) -> tuple[list[int], list[str]]:
    """Each row's (seq, record hash) in its election's ``chain``, rows in the given order."""
    seqs = [0] * len(fields)
    hashes = [""] * len(fields)
    groups: dict[str, list[int]] = {}
    for i, election in enumerate(elections):
        groups.setdefault(election, []).append(i)
    for election, rows in groups.items():
        picked = fields if len(rows) == len(fields) else [fields[i] for i in rows]
        for i, (seq, digest) in zip(
            rows, extend_chain(session, election, chain, picked), strict=True
        ):
            seqs[i] = seq
            hashes[i] = digest
    return seqs, hashes


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
    _check_scope(session, table)
    ids = ids if ids is not None else station_ids(session)
    existing = _next_versions(session, table)
    connection = session.connection()
    versions = Base.metadata.tables[ProtocolVersionRow.__tablename__]
    finals_table = Base.metadata.tables[ProtocolFinalRow.__tablename__]
    moment = now()
    at = bind_value(connection, versions, "entered_at", moment)
    stamp = canonical_moment(moment)  # one time for every row: made canonical once
    hashes = table.content_hashes()
    lists = encode_lists(table.list_names)
    votes = ["[" + ",".join(map(str, row)) + "]" for row in table.votes.tolist()]
    sids = [ids[s] for s in table.station]
    sources = [s.value for s in table.source]
    observers = [o or "" for o in table.observer]
    numbers: list[int] = []
    for key in zip(table.election, sids, sources, observers, strict=True):
        version = existing.get(key, 0) + 1
        existing[key] = version
        numbers.append(version)
    again = reason or "bulk re-entry"
    reasons = [None if v == 1 else again for v in numbers]
    links = _chain(
        session,
        table.election,
        "protocol_version",
        [
            version_fields(h, v, r, entered_by, stamp)
            for h, v, r in zip(hashes, numbers, reasons, strict=True)
        ],
    )
    rows = list(
        zip(
            table.election,
            sids,
            sources,
            observers,
            table.evidence_sha256,
            numbers,
            *(table.counts[k].tolist() for k in COUNT_LINES),
            [lists] * len(table),
            votes,
            hashes,
            reasons,
            [entered_by] * len(table),
            [at] * len(table),
            *links,
            strict=True,
        )
    )
    total = len(rows)
    for start in range(0, total, chunk):
        bulk_insert(connection, versions, _VERSION_COLUMNS, rows[start : start + chunk])
        if progress is not None:
            progress("storing", min(start + chunk, total), total)
    if final is not None:
        keep = [
            i for i, ok in enumerate(final.tolist()) if ok and table.source[i] is Source.OFFICIAL
        ]
        seqs, record_hashes = _chain(
            session,
            [table.election[i] for i in keep],
            "protocol_final",
            [
                final_fields(
                    table.station[i], numbers[i], hashes[i], method, entered_by, stamp, None, None
                )
                for i in keep
            ],
        )
        bulk_insert(
            connection,
            finals_table,
            _FINAL_COLUMNS,
            [
                (table.election[i], sids[i], numbers[i], hashes[i], method, entered_by, at, q, h)
                for i, q, h in zip(keep, seqs, record_hashes, strict=True)
            ],
        )
    if progress is not None:
        progress("storing", total, total)
    return total
