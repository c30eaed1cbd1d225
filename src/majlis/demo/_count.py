"""The count of the demo: synthetic protocols, checks, double entry, observer copies, tabulation.

Everything here is :mod:`majlis.results` (the synthetic generator ``majlis synth`` and the pure
checks and tabulation); this module only chooses the settings and gathers what the report and
the chamber need.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from majlis.results import (
    KZ_2021,
    Discrepancy,
    FieldDifference,
    Irregularities,
    Level,
    Rule,
    SynthElection,
    SynthSpec,
    TableCheck,
    Tabulation,
    check_table,
    compare_copy,
    compare_entries,
    compare_published,
    synthesize,
    tabulate,
)

__all__ = ["Count", "EntryDifference", "run_count"]


@dataclass(frozen=True, slots=True)
class EntryDifference:
    """The fields on which the two data entries of one station's protocol differ."""

    station: str
    fields: tuple[FieldDifference, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Count:
    """What the count produced: the synthetic election, its checks, differences and tallies."""

    synth: SynthElection
    check: TableCheck
    entry_differences: tuple[EntryDifference, ...]
    observer_discrepancies: tuple[Discrepancy, ...]
    published: Discrepancy
    tabulation: Tabulation

    @property
    def national_votes(self) -> dict[str, int]:
        """Votes per list name, summed over every station's final protocol."""
        return dict(self.tabulation.national.votes)

    @property
    def rule_counts(self) -> dict[Rule, int]:
        """How many protocols each check flags."""
        return self.check.counts()


def _entry_differences(synth: SynthElection) -> tuple[EntryDifference, ...]:
    if synth.entries is None:
        return ()
    first, second = synth.entries
    differ = np.zeros(len(first), dtype=np.bool_)
    for name, column in first.counts.items():
        differ |= column != second.counts[name]
    differ |= (first.votes != second.votes).any(axis=1)
    return tuple(
        EntryDifference(first.station[i], compare_entries(first.protocol(i), second.protocol(i)))
        for i in np.flatnonzero(differ).tolist()
    )


def _observer_discrepancies(synth: SynthElection) -> tuple[Discrepancy, ...]:
    if synth.observer is None:
        return ()
    row_of = {code: i for i, code in enumerate(synth.official.station)}
    found = []
    for j in range(len(synth.observer)):
        copy = synth.observer.protocol(j)
        result = compare_copy(synth.official.protocol(row_of[copy.station]), copy)
        if result.differences:
            found.append(result)
    return tuple(sorted(found, key=lambda d: -d.size))


def run_count(*, stations: int, seed: int) -> Count:
    """Generate, check, compare and tabulate the 2021 election over ``stations`` stations.

    The official protocols sum exactly to the published national totals; a few stations are
    manipulated (with ground truth kept) and compensated elsewhere so that the totals hold.
    """
    spec = SynthSpec(
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
    synth = synthesize(spec)
    region_of_terr = dict(synth.territorials)
    territorial = {s.code: s.territorial for s in synth.stations}
    region_of_station = {s.code: s.region for s in synth.stations}
    check = check_table(
        synth.official, regions=[region_of_station[c] for c in synth.official.station]
    )
    tabulation = tabulate(synth.official, territorial=territorial, region=region_of_terr)
    published = {
        "voters": KZ_2021.registered,
        "invalid": KZ_2021.invalid,
        **{f"votes.{name}": votes for name, votes in KZ_2021.votes},
    }
    return Count(
        synth=synth,
        check=check,
        entry_differences=_entry_differences(synth),
        observer_discrepancies=_observer_discrepancies(synth),
        published=compare_published(tabulation.tally(Level.NATIONAL, "national"), published),
        tabulation=tabulation,
    )
