"""Tabulation, discrepancy and export services over the stored protocols."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from majlis.errors import InputError, NotFoundError
from majlis.results._discrepancy import Discrepancy, compare_copy, compare_published
from majlis.results._hierarchy import StationPlace, station_places
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._rows import protocol_from_row
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


def _final_rows(session: Session, election: str) -> list[ProtocolVersionRow]:
    latest = (
        select(func.max(ProtocolFinalRow.id).label("id"))
        .where(ProtocolFinalRow.election == election)
        .group_by(ProtocolFinalRow.station_id)
        .subquery()
    )
    query = (
        select(ProtocolVersionRow)
        .join(
            ProtocolFinalRow,
            and_(
                ProtocolFinalRow.station_id == ProtocolVersionRow.station_id,
                ProtocolFinalRow.official_version == ProtocolVersionRow.version,
                ProtocolFinalRow.election == ProtocolVersionRow.election,
            ),
        )
        .join(latest, latest.c.id == ProtocolFinalRow.id)
        .where(ProtocolVersionRow.source == Source.OFFICIAL.value)
        .order_by(ProtocolVersionRow.station_id)
    )
    return list(session.scalars(query))


def _table_of(
    rows: list[ProtocolVersionRow], election: str, by_id: Mapping[int, StationPlace]
) -> ProtocolTable:
    names: dict[str, None] = {}
    for r in rows:
        for name, _ in r.votes:
            names.setdefault(str(name))
    list_names = tuple(names)
    index = {name: j for j, name in enumerate(list_names)}
    votes = np.zeros((len(rows), len(list_names)), dtype=np.int64)
    for i, r in enumerate(rows):
        for name, v in r.votes:
            votes[i, index[name]] = v
    n = len(rows)
    return ProtocolTable(
        election=(election,) * n,
        station=tuple(by_id[r.station_id].code for r in rows),
        source=tuple(Source(r.source) for r in rows),
        observer=tuple(r.observer or None for r in rows),
        evidence_sha256=tuple(r.evidence_sha256 for r in rows),
        counts={k: np.fromiter((getattr(r, k) for r in rows), np.int64, n) for k in COUNT_LINES},
        list_names=list_names,
        votes=votes,
    )


def final_table(session: Session, election: str) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The standing final official protocol of every station of ``election``, as columns."""
    places = station_places(session)
    rows = _final_rows(session, election)
    if not rows:
        raise NotFoundError(f"election '{election}' has no final protocol")
    return _table_of(rows, election, {p.id: p for p in places.values()}), places


def latest_table(
    session: Session, election: str, source: Source = Source.OFFICIAL
) -> tuple[ProtocolTable, dict[str, StationPlace]]:
    """The latest version of one source's protocol of every station (final or not)."""
    places = station_places(session)
    latest = (
        select(func.max(ProtocolVersionRow.id))
        .where(ProtocolVersionRow.election == election, ProtocolVersionRow.source == source.value)
        .group_by(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
    )
    rows = list(
        session.scalars(
            select(ProtocolVersionRow)
            .where(ProtocolVersionRow.id.in_(latest))
            .order_by(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
        )
    )
    if not rows:
        raise NotFoundError(f"election '{election}' has no {source.value} protocol")
    return _table_of(rows, election, {p.id: p for p in places.values()}), places


def tabulate_election(session: Session, election: str) -> Tabulation:
    """Tabulate the final protocols of ``election`` up the commission hierarchy."""
    table, places = final_table(session, election)
    territorial = {code: p.territorial for code, p in places.items()}
    region = {p.territorial: p.region for p in places.values()}
    return tabulate(table, territorial=territorial, region=region)


def observer_discrepancies(session: Session, election: str) -> list[Discrepancy]:
    """Every observer copy (latest version) against the station's standing final protocol."""
    table, places = final_table(session, election)
    by_id = {p.id: p.code for p in places.values()}
    official = {table.station[i]: i for i in range(len(table))}
    latest = (
        select(func.max(ProtocolVersionRow.id))
        .where(
            ProtocolVersionRow.election == election,
            ProtocolVersionRow.source == Source.OBSERVER.value,
        )
        .group_by(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
    )
    copies = session.scalars(
        select(ProtocolVersionRow)
        .where(ProtocolVersionRow.id.in_(latest))
        .order_by(ProtocolVersionRow.station_id, ProtocolVersionRow.observer)
    )
    out = []
    for row in copies:
        code = by_id[row.station_id]
        if code in official:
            found = compare_copy(table.protocol(official[code]), protocol_from_row(row, code))
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
    rows = {r.station_id: r.content_hash for r in _final_rows(session, election)}
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
    data["content_hash"] = [rows[places[s].id] for s in table.station]
    return pl.DataFrame(data)
