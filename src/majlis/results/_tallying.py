"""Tabulation, discrepancy and export services over the stored protocols."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import InputError, NotFoundError
from majlis.results._discrepancy import Discrepancy, compare_copy, compare_published
from majlis.results._hierarchy import StationPlace, station_places
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._table import ProtocolTable
from majlis.results._tabulate import Level, Tabulation, tabulate
from majlis.store.results_rows import ProtocolFinalRow, ProtocolVersionRow, PublishedTotalRow

__all__ = [
    "final_table",
    "latest_table",
    "observer_discrepancies",
    "published_discrepancies",
    "record_published_total",
    "station_frame",
    "tabulate_election",
]


_COLUMNS = (
    ProtocolVersionRow.station_id,
    ProtocolVersionRow.version,
    ProtocolVersionRow.source,
    ProtocolVersionRow.observer,
    ProtocolVersionRow.evidence_sha256,
    ProtocolVersionRow.votes,
    *(getattr(ProtocolVersionRow, k) for k in COUNT_LINES),
)


@dataclass(frozen=True, slots=True)
class _Version:
    station_id: int
    version: int
    source: str
    observer: str
    evidence_sha256: str | None
    votes: str
    counts: tuple[int, ...]


def _versions(session: Session, election: str, source: Source) -> list[_Version]:
    """Every version of one source in an election, oldest first (plain column tuples)."""
    query = (
        select(*_COLUMNS)
        .where(ProtocolVersionRow.election == election, ProtocolVersionRow.source == source.value)
        .order_by(ProtocolVersionRow.id)
    )
    return [
        _Version(r[0], r[1], r[2], r[3], r[4], r[5], tuple(r[6:])) for r in session.execute(query)
    ]


def _final_versions(session: Session, election: str) -> tuple[list[_Version], dict[int, str]]:
    """The standing final official version of every station, and its content hash."""
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
    rows = [
        v
        for v in _versions(session, election, Source.OFFICIAL)
        if standing.get(v.station_id, (0, ""))[0] == v.version
    ]
    return rows, {sid: digest for sid, (_, digest) in standing.items()}


def _table_of(
    rows: list[_Version], election: str, by_id: Mapping[int, StationPlace]
) -> ProtocolTable:
    decoded = json.loads("[" + ",".join(r.votes for r in rows) + "]")  # one parse, not n
    names: dict[str, None] = {}
    for pairs in decoded:
        for name, _ in pairs:
            names.setdefault(name)
    list_names = tuple(names)
    index = {name: j for j, name in enumerate(list_names)}
    full = list(list_names)
    matrix: list[list[int]] = []
    for pairs in decoded:
        if [name for name, _ in pairs] == full:  # the usual case: every list, ballot order
            matrix.append([v for _, v in pairs])
        else:
            row = [0] * len(full)
            for name, v in pairs:
                row[index[name]] = v
            matrix.append(row)
    votes = np.array(matrix, dtype=np.int64).reshape(len(rows), len(full))
    n = len(rows)
    counts = np.array([r.counts for r in rows], dtype=np.int64).reshape(n, len(COUNT_LINES))
    return ProtocolTable(
        election=(election,) * n,
        station=tuple(by_id[r.station_id].code for r in rows),
        source=tuple(Source(r.source) for r in rows),
        observer=tuple(r.observer or None for r in rows),
        evidence_sha256=tuple(r.evidence_sha256 for r in rows),
        counts={k: counts[:, j].copy() for j, k in enumerate(COUNT_LINES)},
        list_names=list_names,
        votes=votes,
    )


def final_table(session: Session, election: str) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The standing final official protocol of every station of ``election``, as columns."""
    places = station_places(session)
    rows, _ = _final_versions(session, election)
    if not rows:
        raise NotFoundError(f"election '{election}' has no final protocol")
    return _table_of(rows, election, {p.id: p for p in places.values()}), places


def latest_table(
    session: Session, election: str, source: Source = Source.OFFICIAL
) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The latest version of one source's protocol of every station (final or not)."""
    places = station_places(session)
    latest: dict[tuple[int, str], _Version] = {}
    for v in _versions(session, election, source):
        latest[(v.station_id, v.observer)] = v
    if not latest:
        raise NotFoundError(f"election '{election}' has no {source.value} protocol")
    rows = [latest[k] for k in sorted(latest)]
    return _table_of(rows, election, {p.id: p for p in places.values()}), places


def tabulate_election(session: Session, election: str) -> Tabulation:
    """Tabulate the final protocols of ``election`` up the commission hierarchy."""
    table, places = final_table(session, election)
    territorial = {code: p.territorial for code, p in places.items()}
    region = {p.territorial: p.region for p in places.values()}
    return tabulate(table, territorial=territorial, region=region)


def observer_discrepancies(session: Session, election: str) -> list[Discrepancy]:
    """Every observer copy (latest version) against the station's standing final protocol."""
    table, _ = final_table(session, election)
    official = {table.station[i]: i for i in range(len(table))}
    try:
        copies, _ = latest_table(session, election, Source.OBSERVER)
    except NotFoundError:
        return []
    out = []
    for j in range(len(copies)):
        code = copies.station[j]
        if code in official:
            found = compare_copy(table.protocol(official[code]), copies.protocol(j))
            if found.differences:
                out.append(found)
    return out


def record_published_total(
    session: Session,
    *,
    election: str,
    level: Level,
    unit: str,
    lines: Mapping[str, int],
    source_note: str | None = None,
) -> None:
    """Record an officially published total of a territory, a region or the nation."""
    if Level(level) is Level.STATION:
        raise InputError.expected(
            what="a published total's level",
            expected="territorial, region or national",
            got=level.value,
        )
    session.add(
        PublishedTotalRow(
            election=election,
            level=Level(level).value,
            unit=unit,
            lines=dict(lines),
            source_note=source_note,
        )
    )
    session.flush()


def published_discrepancies(session: Session, election: str) -> list[Discrepancy]:
    """Station sums against every published higher-level total (only differing ones)."""
    tab = tabulate_election(session, election)
    out = []
    for row in session.scalars(
        select(PublishedTotalRow)
        .where(PublishedTotalRow.election == election)
        .order_by(PublishedTotalRow.id)
    ):
        level = Level(row.level)
        tally = tab.national if level is Level.NATIONAL else tab.tally(level, row.unit)
        found = compare_published(tally, row.lines)
        if found.differences:
            out.append(found)
    return out


def station_frame(session: Session, election: str) -> pl.DataFrame:
    """Per-station open data: place, every line, votes per list, turnout, content hash."""
    table, places = final_table(session, election)
    _, hashes = _final_versions(session, election)
    data: dict[str, Any] = {
        "election": list(table.election),
        "station": list(table.station),
        "territorial": [places[s].territorial for s in table.station],
        "region": [places[s].region for s in table.station],
        "address": [places[s].address for s in table.station],
    }
    for k in COUNT_LINES:
        data[k] = table.counts[k]
    for j, name in enumerate(table.list_names):
        data[f"votes.{name}"] = table.votes[:, j]
    voters, issued = table.counts["voters"], table.line("issued")
    data["turnout"] = np.divide(issued, voters, out=np.zeros(len(table)), where=voters > 0)
    data["content_hash"] = [hashes[places[s].id] for s in table.station]
    return pl.DataFrame(data)
