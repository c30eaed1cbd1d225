"""The demo's forensic audit: ``majlis audit`` on the stored final protocols, against the truth.

The synthetic count injects a few documented irregularities (ballot stuffing, vote switching,
turnout written to a round number; see :func:`majlis.demo._count.run_count`) and keeps their
ground truth, so the report can show both what each method concludes from the stored
protocols and which of the truly manipulated stations the station flags point at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from majlis.demo._count import Count
from majlis.percent import percent
from majlis.report import MethodRecord, ReportTable, StoredAudit, election_audit
from majlis.synth import KZ_2021

__all__ = ["Forensics", "forensics_tables", "run_forensics"]

_KINDS = {
    "stuffing": "ballot stuffing for the leader",
    "switching": "votes switched to the leader",
    "rounding": "turnout written up to a round number",
}


@dataclass(frozen=True, slots=True, eq=False)
class Forensics:
    """The stored audit of the protocols and how its station flags meet the ground truth.

    ``truth`` maps each kind of injected irregularity to (stations, stations flagged);
    ``honest`` is the same pair for the stations nobody manipulated.
    """

    stored: StoredAudit
    truth: dict[str, tuple[int, int]]
    honest: tuple[int, int]

    @property
    def signals(self) -> int:
        """How many methods signal an irregularity."""
        return sum(1 for m in self.stored.record.methods if m.signal)


def run_forensics(
    session: Session,
    *,
    count: Count,
    on_step: Callable[[str], None] | None = None,
) -> Forensics:
    """The stored audit of the demo election's final protocols (``majlis audit -e``'s)."""
    stored = election_audit(session, KZ_2021.election, on_step=on_step)
    flagged = {f.station for f in stored.record.flagged}
    truth: dict[str, tuple[int, int]] = {}
    manipulated: set[str] = set()
    for m in count.synth.manipulations:
        stations, hits = truth.get(m.kind, (0, 0))
        truth[m.kind] = (stations + 1, hits + (m.station in flagged))
        manipulated.add(m.station)
    honest = [s.code for s in count.synth.stations if s.code not in manipulated]
    return Forensics(stored, truth, (len(honest), sum(1 for c in honest if c in flagged)))


def _verdict(m: MethodRecord) -> str:
    if m.signal is None:
        return "not judged"
    if m.signal:
        return "signal: the figures depart from what honest counting usually gives; look further"
    return "no signal (which does not rule out fraud this method cannot see)"


def forensics_tables(
    forensics: Forensics, *, report_name: str, truth_name: str
) -> tuple[ReportTable, ...]:
    """The demo report's forensics section: verdicts per method and flags against the truth."""
    audit = forensics.stored.record
    methods = ReportTable(
        f"Forensic audit of the {audit.stations:,} stored final protocols (leader: {audit.leader})",
        ("method", "verdict", "key numbers", "source"),
        [(m.title, _verdict(m), m.headline, m.citation) for m in audit.methods],
        note=f"The same audit as 'majlis audit --election {KZ_2021.election}' (seed "
        f"{audit.options.seed}, {audit.options.resamples} bootstrap and "
        f"{audit.options.spike_resamples} Rozenas resamples). A signal is statistical evidence "
        "that numbers did not arise as honest counting usually produces them, never proof of "
        f"fraud on its own. Every number, plot and flagged station is in {report_name}.",
    )
    rows: list[tuple[str | int | None, ...]] = [
        (_KINDS.get(kind, kind), n, hits, percent(hits, n, places=1))
        for kind, (n, hits) in sorted(forensics.truth.items())
    ]
    n, hits = forensics.honest
    manipulated = sum(k for k, _ in forensics.truth.values())
    rows.append(("none (honest stations)", n, hits, percent(hits, n, places=1)))
    truth = ReportTable(
        "Station flags against the ground truth of the synthetic election",
        ("irregularity injected", "stations", "with at least one flag", "share flagged"),
        rows,
        note="Flags: " + ", ".join(f"{k} {v}" for k, v in audit.flag_counts) + ". "
        f"{audit.flagged_stations:,} stations raise at least one flag. "
        f"{manipulated:,} of {audit.stations:,} stations "
        f"({percent(manipulated, audit.stations, places=1)}) "
        f"were manipulated; the synthetic generator's ground truth is in {truth_name}. Honest "
        "stations were adjusted so that the national totals stay exact. A flag marks a "
        "protocol worth comparing with its paper copy, not a proven fraud.",
    )
    return methods, truth
