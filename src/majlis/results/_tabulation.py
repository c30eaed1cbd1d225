"""Tabulation: final protocols summed up the hierarchy, station → territorial → region → nation.

Every level keeps the same lines, so turnout (I/V) and shares (votes/Vd) are available at
every level as exact Fractions; the national votes feed :func:`majlis.law.allocate`.
:func:`tabulate` sums a table in memory; :func:`tabulate_election` sums the stored final
protocols of an election, and is the one tally every output reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

import numpy as np
from sqlalchemy.orm import Session

from majlis.errors import InputError, NotFoundError
from majlis.results._protocol_table import IntArray, ProtocolTable
from majlis.results._stored_tables import final_table

__all__ = ["TALLY_LINES", "Level", "Tabulation", "Tally", "tabulate", "tabulate_election"]

#: The summed lines of a tally, before the votes per list.
TALLY_LINES: tuple[str, ...] = (
    "voters",
    "additional_voters",
    "issued",
    "issued_mobile",
    "found",
    "found_mobile",
    "invalid",
    "valid",
    "against_all",
)


class Level(StrEnum):
    """The levels of tabulation, from the polling station up."""

    STATION = "station"
    TERRITORIAL = "territorial"
    REGION = "region"
    NATIONAL = "national"


@dataclass(frozen=True, slots=True)
class Tally:
    """The summed lines of one unit (a station, a territory, a region or the nation)."""

    level: Level
    unit: str
    stations: int
    lines: Mapping[str, int]
    votes: tuple[tuple[str, int], ...]

    @property
    def turnout(self) -> Fraction:
        """I/V: ballots issued over voters on the lists (0 when V is 0)."""
        v = self.lines["voters"]
        return Fraction(self.lines["issued"], v) if v else Fraction(0)

    def share(self, name: str) -> Fraction:
        """Votes for list ``name`` over valid ballots Vd (0 when Vd is 0)."""
        valid = self.lines["valid"]
        return Fraction(dict(self.votes)[name], valid) if valid else Fraction(0)

    @property
    def shares(self) -> dict[str, Fraction]:
        """Every list's share of the valid ballots."""
        return {name: self.share(name) for name, _ in self.votes}


@dataclass(frozen=True, slots=True, eq=False)
class _LevelSums:
    units: tuple[str, ...]
    stations: IntArray
    sums: IntArray  # units × (TALLY_LINES + lists)


@dataclass(frozen=True, slots=True, eq=False)
class Tabulation:
    """Sums at every level; tallies are built on demand from the summed columns."""

    election: str
    list_names: tuple[str, ...]
    levels: Mapping[Level, _LevelSums]

    def units(self, level: Level) -> tuple[str, ...]:
        """The units of ``level`` in first-seen order."""
        return self.levels[level].units

    def tally(self, level: Level, unit: str) -> Tally:
        """The tally of one unit."""
        sums = self.levels[level]
        try:
            i = sums.units.index(unit)
        except ValueError:
            raise NotFoundError(
                f"no {level.value} '{unit}' in the tabulation",
                code=f"tabulation.no_unit.{level.value}",
                params={"unit": unit},
            ) from None
        return self._tally(level, sums, i)

    def tallies(self, level: Level) -> list[Tally]:
        """Every tally of ``level``."""
        sums = self.levels[level]
        return [self._tally(level, sums, i) for i in range(len(sums.units))]

    @property
    def national(self) -> Tally:
        """The national tally."""
        return self.tallies(Level.NATIONAL)[0]

    def _tally(self, level: Level, sums: _LevelSums, i: int) -> Tally:
        row = [int(x) for x in sums.sums[i]]
        k = len(TALLY_LINES)
        return Tally(
            level,
            sums.units[i],
            int(sums.stations[i]),
            dict(zip(TALLY_LINES, row[:k], strict=True)),
            tuple(zip(self.list_names, row[k:], strict=True)),
        )


def _group(keys: Sequence[str], matrix: IntArray) -> _LevelSums:
    units, first, inverse = np.unique(
        np.asarray(keys, dtype=object), return_index=True, return_inverse=True
    )
    order = np.argsort(first)  # keep first-seen order
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    idx = rank[inverse]
    sums = np.zeros((len(units), matrix.shape[1]), dtype=np.int64)
    np.add.at(sums, idx, matrix)
    stations = np.bincount(idx, minlength=len(units)).astype(np.int64)
    return _LevelSums(tuple(str(u) for u in units[order]), stations, sums)


def tabulate(
    table: ProtocolTable,
    *,
    territorial: Mapping[str, str],
    region: Mapping[str, str],
) -> Tabulation:
    """Sum the final protocols of one election up the hierarchy.

    Args:
        table: one final protocol per polling station, all of one election.
        territorial: station code → territorial commission code.
        region: territorial commission code → region name.
    """
    elections = set(table.election)
    if len(elections) > 1:
        raise InputError.expected(
            what="the protocols to tabulate", expected="one election", got=sorted(elections)
        )
    if len(set(table.station)) != len(table):
        raise InputError.expected(
            what="the protocols to tabulate",
            expected="one final protocol per station",
            got="duplicated stations",
        )
    missing = [s for s in table.station if s not in territorial]
    if missing:
        raise NotFoundError(f"stations without a territorial commission: {missing[:5]}")
    terr = [territorial[s] for s in table.station]
    unknown = sorted({t for t in terr if t not in region})
    if unknown:
        raise NotFoundError(f"territorial commissions without a region: {unknown[:5]}")
    cols = [table.line(n) for n in TALLY_LINES]
    matrix = (
        np.column_stack([*cols, table.votes])
        if len(table)
        else np.zeros((0, len(TALLY_LINES) + len(table.list_names)), dtype=np.int64)
    )
    matrix = matrix.astype(np.int64, copy=False)
    n = len(table)
    levels = {
        Level.STATION: _LevelSums(table.station, np.ones(n, dtype=np.int64), matrix),
        Level.TERRITORIAL: _group(terr, matrix),
        Level.REGION: _group([region[t] for t in terr], matrix),
        Level.NATIONAL: _LevelSums(
            ("national",), np.array([n], dtype=np.int64), matrix.sum(axis=0, keepdims=True)
        ),
    }
    election = next(iter(elections)) if elections else ""
    return Tabulation(election, table.list_names, levels)


def tabulate_election(session: Session, election: str) -> Tabulation:
    """Tabulate the final protocols of ``election`` up the commission hierarchy."""
    table, places = final_table(session, election)
    territorial = {code: p.territorial for code, p in places.items()}
    region = {p.territorial: p.region for p in places.values()}
    return tabulate(table, territorial=territorial, region=region)
