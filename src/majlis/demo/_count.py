"""The count of the demo: synthetic protocols stored, double entry resolved, tabulated, compared.

Everything here is :mod:`majlis.results` — the synthetic generator (``majlis synth``), its
storage (both entries, the agreed final protocols, observer copies), the resolution of
differing entries, the tabulation of the stored final protocols, the discrepancy reports;
this module only chooses the settings and gathers what the report and the chamber need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from majlis.errors import IntegrityError
from majlis.results import (
    Discrepancy,
    FieldDifference,
    Level,
    Resolution,
    Rule,
    TableCheck,
    Tabulation,
    check_table,
    count_versions,
    entry_differences,
    final_table,
    finalise_station,
    observer_discrepancies,
    published_discrepancies,
    record_published_total,
    tabulate_election,
)
from majlis.synth import (
    KZ_2021,
    Irregularities,
    SynthElection,
    SynthSpec,
    store_synthetic,
    synthesize,
)

__all__ = ["Count", "EntryDifference", "run_count"]

SUPERVISOR = "data-entry supervisor (synthetic)"


@dataclass(frozen=True, slots=True)
class EntryDifference:
    """The fields on which the two data entries of one station's protocol differ."""

    station: str
    fields: tuple[FieldDifference, ...]
    resolved: dict[str, int]


@dataclass(frozen=True, slots=True, eq=False)
class Count:
    """What the count produced: the synthetic election, its checks, differences and tallies."""

    synth: SynthElection
    stored_versions: int
    check: TableCheck
    entry_differences: tuple[EntryDifference, ...]
    observer_discrepancies: tuple[Discrepancy, ...]
    published: tuple[Discrepancy, ...]
    tabulation: Tabulation

    @property
    def rule_counts(self) -> dict[Rule, int]:
        """How many final protocols each check flags."""
        return self.check.counts()


def _spec(stations: int, seed: int) -> SynthSpec:
    return SynthSpec(
        totals=KZ_2021,
        stations=stations,
        territorials=min(232, stations),
        seed=seed,
        double_entry=True,
        entry_differences=max(3, stations // 800),
        observer_share=0.05,
        observer_misreads=max(2, stations // 2000),
        irregularities=Irregularities(
            stuffing_share=0.004, switching_share=0.003, rounding_share=0.003
        ),
    )


def _resolve(
    session: Session, synth: SynthElection, pending: tuple[str, ...]
) -> list[EntryDifference]:
    """A supervisor checks each differing field against the paper protocol and records it."""
    row_of = {code: i for i, code in enumerate(synth.official.station)}
    resolved = []
    for station in pending:
        diffs = entry_differences(session, KZ_2021.election, station)
        paper = synth.official.protocol(row_of[station]).lines.field_values()
        values = {d.field: paper[d.field] for d in diffs}
        finalise_station(
            session,
            KZ_2021.election,
            station,
            decided_by=SUPERVISOR,
            resolution=Resolution(
                SUPERVISOR, values, note="checked against the signed paper protocol"
            ),
        )
        resolved.append(EntryDifference(station, diffs, values))
    return resolved


def run_count(
    session: Session,
    *,
    stations: int,
    seed: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> Count:
    """Generate, store, resolve, tabulate and compare the 2021 election over ``stations``.

    The official protocols sum exactly to the published national totals; a few stations are
    manipulated (with ground truth kept) and compensated elsewhere so that the totals hold.

    Raises:
        IntegrityError: the stored final protocols do not sum to the published totals.
    """
    synth = synthesize(_spec(stations, seed))
    stored = store_synthetic(session, synth, entered_by="majlis demo", progress=progress)
    resolved = _resolve(session, synth, stored.pending)
    record_published_total(
        session,
        election=KZ_2021.election,
        level=Level.NATIONAL,
        unit="national",
        lines={
            "voters": KZ_2021.registered,
            "found": KZ_2021.ballots,
            "invalid": KZ_2021.invalid,
            **{f"votes.{name}": votes for name, votes in KZ_2021.votes},
        },
        source_note="Central Election Commission, final results of 15 January 2021",
    )
    tabulation = tabulate_election(session, KZ_2021.election)
    published = tuple(published_discrepancies(session, KZ_2021.election))
    if published or dict(tabulation.national.votes) != dict(KZ_2021.votes):
        raise IntegrityError(
            f"the stored final protocols do not sum to the published totals: {published}"
        )
    table, places = final_table(session, KZ_2021.election)
    check = check_table(table, regions=[places[code].region for code in table.station])
    copies = sorted(observer_discrepancies(session, KZ_2021.election), key=lambda d: -d.size)
    return Count(
        synth=synth,
        stored_versions=count_versions(session, KZ_2021.election),
        check=check,
        entry_differences=tuple(resolved),
        observer_discrepancies=tuple(copies),
        published=published,
        tabulation=tabulation,
    )
