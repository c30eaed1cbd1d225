"""The drill-down levels of one election: national → region → territorial commission → station.

Every figure comes from the services the other pages use: the tabulation
(:func:`majlis.results.tabulate_election`), the stored audit's flagged stations
(:func:`majlis.report.election_audit`), the checks of each final protocol
(:func:`majlis.results.check_protocol`) and the observer discrepancies
(:func:`majlis.results.observer_discrepancies`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from majlis import results
from majlis.cache import cached_audit, results_probe
from majlis.errors import InputError
from majlis.web._labels import region_label

__all__ = ["Drill", "UnitRow", "drill"]


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One row of a level's table: the unit's tally, label, link and its stations' signals."""

    tally: results.Tally
    label: str
    href: str
    flagged: int
    warnings: int
    discrepancies: int


@dataclass(frozen=True, slots=True)
class Drill:
    """One election's tabulation with the signals of each station."""

    slug: str
    tabulation: results.Tabulation
    places: dict[str, results.StationPlace]
    flags: dict[str, tuple[str, ...]]
    findings: dict[str, tuple[results.Finding, ...]]
    discrepant: Counter[str]
    #: why the stored audit cannot run on this election (e.g. too few stations), or "" (the
    #: page words it in the reader's language: this object is shared by every request)
    audit_note: str = ""

    def region_href(self, region: str) -> str:
        """The region's page."""
        return f"/results/regions/{quote(region, safe='')}?election={quote(self.slug)}"

    def territory_href(self, code: str) -> str:
        """The territorial commission's page."""
        return f"/results/territories/{quote(code, safe='')}?election={quote(self.slug)}"

    def station_href(self, code: str) -> str:
        """The station's page."""
        return f"/stations/{quote(code, safe='')}?election={quote(self.slug)}"

    def _row(self, tally: results.Tally, label: str, href: str, codes: Iterable[str]) -> UnitRow:
        stations = list(codes)
        return UnitRow(
            tally,
            label,
            href,
            flagged=sum(1 for c in stations if self.flags.get(c)),
            warnings=sum(1 for c in stations if self.findings.get(c)),
            discrepancies=sum(self.discrepant[c] for c in stations),
        )

    def _stations_where(
        self, *, region: str | None = None, territory: str | None = None
    ) -> list[str]:
        return [
            code
            for code, p in self.places.items()
            if (region is None or p.region == region)
            and (territory is None or p.territorial == territory)
        ]

    def national(self) -> UnitRow:
        """The whole country."""
        tally = self.tabulation.national
        return self._row(tally, "National", "/results", self.places)

    def regions(self) -> list[UnitRow]:
        """Every region, in the tabulation's order."""
        return [
            self._row(
                t,
                region_label(t.unit),
                self.region_href(t.unit),
                self._stations_where(region=t.unit),
            )
            for t in self.tabulation.tallies(results.Level.REGION)
        ]

    def region(self, region: str) -> UnitRow:
        """One region (:class:`~majlis.errors.NotFoundError` when the tabulation has none)."""
        tally = self.tabulation.tally(results.Level.REGION, region)
        return self._row(
            tally,
            region_label(region),
            self.region_href(region),
            self._stations_where(region=region),
        )

    def territories(self, region: str) -> list[UnitRow]:
        """The territorial commissions of ``region``."""
        mine = {p.territorial for p in self.places.values() if p.region == region}
        return [
            self._row(
                t, t.unit, self.territory_href(t.unit), self._stations_where(territory=t.unit)
            )
            for t in self.tabulation.tallies(results.Level.TERRITORIAL)
            if t.unit in mine
        ]

    def territory(self, code: str) -> UnitRow:
        """One territorial commission."""
        tally = self.tabulation.tally(results.Level.TERRITORIAL, code)
        return self._row(
            tally, code, self.territory_href(code), self._stations_where(territory=code)
        )

    def stations(self, territory: str) -> list[UnitRow]:
        """The stations of a territorial commission that have a final protocol."""
        mine = set(self._stations_where(territory=territory))
        return [
            self._row(t, t.unit, self.station_href(t.unit), [t.unit])
            for t in self.tabulation.tallies(results.Level.STATION)
            if t.unit in mine
        ]


def drill(state: Any, session: Session, slug: str) -> Drill:
    """The drill-down of ``slug``: tabulation, stored audit flags, checks and discrepancies.

    Kept in ``state`` (the app's) while the election's record chains stay the same
    (:func:`~majlis.cache.results_probe`).
    """
    memo: dict[str, tuple[Hashable, Drill]] = state.__dict__.setdefault("drills", {})
    probe = results_probe(session, slug)
    hit = memo.get(slug)
    if hit is not None and hit[0] == probe:
        return hit[1]
    made = _drill(state, session, slug)
    memo[slug] = (probe, made)
    return made


def _drill(state: Any, session: Session, slug: str) -> Drill:
    tab = results.tabulate_election(session, slug)
    table, places = results.final_table(session, slug)
    try:
        flags = {f.station: f.flags for f in cached_audit(state, session, slug).record.flagged}
        note = ""
    except InputError as exc:  # the methods cannot run on this count (e.g. too few stations)
        flags, note = {}, str(exc)
    findings = {
        table.station[i]: tuple(results.check_protocol(table.protocol(i)))
        for i in range(len(table))
    }
    return Drill(
        slug=slug,
        tabulation=tab,
        places=places,
        flags=flags,
        findings={code: found for code, found in findings.items() if found},
        discrepant=Counter(d.unit for d in results.observer_discrepancies(session, slug)),
        audit_note=note,
    )
