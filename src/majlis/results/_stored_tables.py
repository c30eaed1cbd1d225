"""The stored protocols read back as columns: the standing final ones, or a source's latest."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.results._hierarchy import StationPlace, station_places
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._protocol_table import IntArray, ProtocolTable
from majlis.store.results_rows import ProtocolFinalRow, ProtocolVersionRow

__all__ = ["final_content_hashes", "final_table", "latest_table"]


_COLUMNS = (
    ProtocolVersionRow.station_id,
    ProtocolVersionRow.version,
    ProtocolVersionRow.source,
    ProtocolVersionRow.observer,
    ProtocolVersionRow.evidence_sha256,
    ProtocolVersionRow.lists,
    ProtocolVersionRow.votes,
    *(getattr(ProtocolVersionRow, k) for k in COUNT_LINES),
)
_SID, _VERSION, _SOURCE, _OBSERVER, _EVIDENCE, _LISTS, _VOTES = range(7)

Rows = list[Sequence[Any]]


def _versions(session: Session, election: str, source: Source) -> Rows:
    """Every version of one source in an election, oldest first, as plain column tuples."""
    query = (
        select(*_COLUMNS)
        .where(ProtocolVersionRow.election == election, ProtocolVersionRow.source == source.value)
        .order_by(ProtocolVersionRow.id)
    )
    return list(session.execute(query).all())


def _standing(session: Session, election: str) -> dict[int, tuple[int, str]]:
    """Station id → (official version, content hash) of its standing final decision."""
    standing: dict[int, tuple[int, str]] = {}
    decisions = (
        select(
            ProtocolFinalRow.station_id,
            ProtocolFinalRow.official_version,
            ProtocolFinalRow.content_hash,
        )
        .where(ProtocolFinalRow.election == election)
        .order_by(ProtocolFinalRow.id)
    )
    for sid, version, digest in session.execute(decisions):
        standing[sid] = (version, digest)  # the latest decision stands
    return standing


def final_content_hashes(session: Session, election: str) -> dict[int, str]:
    """Station id → content hash of its standing final protocol."""
    return {sid: digest for sid, (_, digest) in _standing(session, election).items()}


def _votes_matrix(rows: Rows) -> tuple[tuple[str, ...], IntArray]:
    """The votes of every row as a matrix over the union of the lists (ballot order)."""
    layouts = {text: tuple(json.loads(text)) for text in {r[_LISTS] for r in rows}}
    if len(layouts) == 1:  # the usual case: one ballot for the whole election, parsed at once
        (names,) = layouts.values()
        flat = ",".join(r[_VOTES][1:-1] for r in rows)
        votes = np.array(flat.split(","), dtype=np.int64) if flat else np.zeros(0, np.int64)
        return names, votes.reshape(len(rows), len(names))
    union: dict[str, None] = {}
    for names in layouts.values():
        union.update(dict.fromkeys(names))
    index = {name: j for j, name in enumerate(union)}
    matrix = np.zeros((len(rows), len(union)), dtype=np.int64)
    for i, r in enumerate(rows):
        for name, v in zip(layouts[r[_LISTS]], json.loads(r[_VOTES]), strict=True):
            matrix[i, index[name]] = v
    return tuple(union), matrix


def _table_of(rows: Rows, election: str, by_id: Mapping[int, StationPlace]) -> ProtocolTable:
    list_names, votes = _votes_matrix(rows)
    n = len(rows)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (7 + len(COUNT_LINES))
    return ProtocolTable(
        election=(election,) * n,
        station=tuple(by_id[sid].code for sid in columns[_SID]),
        source=tuple(_SOURCES[s] for s in columns[_SOURCE]),
        observer=tuple(o or None for o in columns[_OBSERVER]),
        evidence_sha256=tuple(columns[_EVIDENCE]),
        counts={k: np.array(columns[7 + j], dtype=np.int64) for j, k in enumerate(COUNT_LINES)},
        list_names=list_names,
        votes=votes,
    )


_SOURCES = {s.value: s for s in Source}


def final_table(session: Session, election: str) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The standing final official protocol of every station of ``election``, as columns."""
    places = station_places(session)
    standing = _standing(session, election)
    rows = [
        r
        for r in _versions(session, election, Source.OFFICIAL)
        if standing.get(r[_SID], (0, ""))[0] == r[_VERSION]
    ]
    if not rows:
        raise NotFoundError(
            f"election '{election}' has no final protocol",
            code="election.no_final_protocol",
            params={"election": election},
        )
    return _table_of(rows, election, {p.id: p for p in places.values()}), places


def latest_table(
    session: Session, election: str, source: Source = Source.OFFICIAL
) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The latest version of one source's protocol of every station (final or not)."""
    places = station_places(session)
    latest: dict[tuple[int, str], Sequence[Any]] = {}
    for v in _versions(session, election, source):
        latest[(v[_SID], v[_OBSERVER])] = v
    if not latest:
        raise NotFoundError(
            f"election '{election}' has no {source.value} protocol",
            code="election.no_protocol",
            params={"election": election, "source": source.value},
        )
    rows = [latest[k] for k in sorted(latest)]
    return _table_of(rows, election, {p.id: p for p in places.values()}), places
