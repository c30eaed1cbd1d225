"""Discrepancies: official figures against observer copies and against published totals.

This is how an observer "exposes the violations": the copy signed at the station at the
close of the count says one thing, the official record another — line by line, with the
size of every difference. :func:`compare_copy` and :func:`compare_published` compare records
in memory; :func:`observer_discrepancies` and :func:`published_discrepancies` compare what is
stored, and :func:`record_published_total` stores a total published by a commission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, InputError, NotFoundError
from majlis.results._protocol import Protocol, Source
from majlis.results._stored_tables import final_table, latest_table
from majlis.results._tabulation import TALLY_LINES, Level, Tally, tabulate_election
from majlis.store.results_rows import PublishedTotalRow

__all__ = [
    "Discrepancy",
    "LineDifference",
    "compare_copy",
    "compare_published",
    "observer_discrepancies",
    "published_discrepancies",
    "record_published_total",
]


@dataclass(frozen=True, slots=True)
class LineDifference:
    """One line on which the official figure and the other figure differ."""

    line: str
    official: int
    other: int

    @property
    def difference(self) -> int:
        """official − other: positive when the official figure is higher."""
        return self.official - self.other


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Every differing line of one unit (a station's copy, or a published total)."""

    unit: str
    against: str
    differences: tuple[LineDifference, ...]

    @property
    def size(self) -> int:
        """Σ |difference| over the lines."""
        return sum(abs(d.difference) for d in self.differences)


def compare_copy(official: Protocol, copy: Protocol) -> Discrepancy:
    """Official protocol against an observer's copy of the same station, line by line."""
    if copy.source is not Source.OBSERVER or official.source is not Source.OFFICIAL:
        raise ConflictError(
            f"station {official.station}: compare an official protocol with an observer copy, "
            f"not {official.source.value} with {copy.source.value}"
        )
    if (official.election, official.station) != (copy.election, copy.station):
        raise ConflictError(
            f"copy of {copy.election}/{copy.station} compared with "
            f"{official.election}/{official.station}"
        )
    a, b = official.lines.field_values(), copy.lines.field_values()
    names = list(dict.fromkeys([*a, *b]))
    diffs = tuple(
        LineDifference(n, a.get(n, 0), b.get(n, 0)) for n in names if a.get(n, 0) != b.get(n, 0)
    )
    return Discrepancy(official.station, f"observer {copy.observer}", diffs)


def compare_published(tally: Tally, published: Mapping[str, int]) -> Discrepancy:
    """Sum of the official station protocols against the officially published total.

    ``published`` maps tally lines (see :data:`TALLY_LINES`) and ``votes.<list>`` to the
    published figure; lines it does not name are not compared.
    """
    ours: dict[str, int] = {**tally.lines, **{f"votes.{n}": v for n, v in tally.votes}}
    diffs = []
    for line, value in published.items():
        if line not in ours:
            raise ConflictError(
                f"published {tally.level.value} total '{tally.unit}' names an unknown line "
                f"'{line}' (known: {', '.join([*TALLY_LINES, 'votes.<list>'])})",
                code=f"published.unknown_line.{tally.level.value}",
                params={
                    "unit": tally.unit,
                    "line": line,
                    "known": ", ".join([*TALLY_LINES, "votes.<list>"]),
                },
            )
        if ours[line] != value:
            diffs.append(LineDifference(line, ours[line], value))
    return Discrepancy(tally.unit, f"published {tally.level.value} total", tuple(diffs))


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
