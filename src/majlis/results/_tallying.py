"""Tabulation, discrepancy and export services over the stored protocols."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import InputError, NotFoundError
from majlis.results._discrepancy import Discrepancy, compare_copy, compare_published
from majlis.results._hierarchy import StationPlace, station_places
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._table import IntArray, ProtocolTable
from majlis.results._tabulate import Level, Tabulation, tabulate
from majlis.store.results_rows import ProtocolFinalRow, ProtocolVersionRow, PublishedTotalRow

if TYPE_CHECKING:
    import polars as pl

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


def _final_versions(session: Session, election: str) -> tuple[Rows, dict[int, str]]:
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
        r
        for r in _versions(session, election, Source.OFFICIAL)
        if standing.get(r[_SID], (0, ""))[0] == r[_VERSION]
    ]
    return rows, {sid: digest for sid, (_, digest) in standing.items()}


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
    rows, _ = _final_versions(session, election)
    if not rows:
        raise NotFoundError(f"election '{election}' has no final protocol")
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
    import polars as pl  # loaded on the first export, not by every importer of results

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
