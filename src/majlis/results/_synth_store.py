"""Putting a synthetic election to use: into the database, or into files with its truth."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from majlis.results._bulk import Progress, station_ids, store_table
from majlis.results._hierarchy import load_synthetic_hierarchy
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._synth import SynthElection
from majlis.results._table import ProtocolTable
from majlis.results._vector import check_table

__all__ = [
    "SynthStored",
    "ground_truth",
    "store_synthetic",
    "table_frame",
    "write_synthetic",
]


@dataclass(frozen=True, slots=True)
class SynthStored:
    """What was stored: stations, final protocols, and stations whose entries differ."""

    stations: int
    final: int
    pending: tuple[str, ...]
    observer_copies: int


def _as_official(table: ProtocolTable) -> ProtocolTable:
    n = len(table)
    return ProtocolTable(
        election=table.election,
        station=table.station,
        source=(Source.OFFICIAL,) * n,
        observer=(None,) * n,
        evidence_sha256=(None,) * n,
        counts=table.counts,
        list_names=table.list_names,
        votes=table.votes,
    )


def store_synthetic(
    session: Session,
    election: SynthElection,
    *,
    entered_by: str = "majlis synth",
    progress: Progress | None = None,
) -> SynthStored:
    """Store the hierarchy and protocols of a synthetic election in the caller's transaction.

    The election is registered and linked to its central commission by
    :func:`load_synthetic_hierarchy`. With double entry, both entries
    are stored and the stations whose entries agree become final (method ``double-entry``);
    the others wait for a person's resolution. Without it, the official protocols are
    stored final (method ``import``). Observer copies are stored.
    """
    load_synthetic_hierarchy(session, election)
    ids = station_ids(session)
    regions = [s.region for s in election.stations]
    pending: tuple[str, ...] = ()
    if election.entries is not None:
        first, second = election.entries
        for entry in (first, second):
            store_table(
                session,
                entry,
                entered_by=f"{entered_by} ({entry.source[0].value})",
                ids=ids,
                progress=progress,
            )
        same = (first.votes == second.votes).all(axis=1)
        for k in COUNT_LINES:
            same &= first.counts[k] == second.counts[k]
        agreed = _as_official(first.take(np.flatnonzero(same)))
        pending = tuple(first.station[i] for i in np.flatnonzero(~same).tolist())
        check = check_table(agreed, regions=[regions[i] for i in np.flatnonzero(same).tolist()])
        final = ~check.blocked
        store_table(
            session,
            agreed,
            entered_by=entered_by,
            final=final,
            method="double-entry",
            ids=ids,
            progress=progress,
        )
    else:
        check = check_table(election.official, regions=regions)
        final = ~check.blocked
        store_table(
            session,
            election.official,
            entered_by=entered_by,
            final=final,
            method="import",
            ids=ids,
            progress=progress,
        )
    copies = 0
    if election.observer is not None:
        copies = store_table(session, election.observer, entered_by=entered_by, ids=ids)
    return SynthStored(len(election.stations), int(final.sum()), pending, copies)


def table_frame(table: ProtocolTable) -> pl.DataFrame:
    """A protocol table as an importable frame (the columns ``majlis protocols import`` reads)."""
    data: dict[str, Any] = {
        "election": list(table.election),
        "station": list(table.station),
        "source": [s.value for s in table.source],
        "observer": list(table.observer),
        "evidence_sha256": list(table.evidence_sha256),
    }
    data.update({k: table.counts[k] for k in COUNT_LINES})
    data.update({f"votes.{n}": table.votes[:, j] for j, n in enumerate(table.list_names)})
    return pl.DataFrame(
        data, schema_overrides={"observer": pl.String, "evidence_sha256": pl.String}
    )


def write_synthetic(election: SynthElection, folder: Path) -> list[Path]:
    """Write stations, official protocols, entries, copies (CSV) and the ground truth (JSON)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    stations = pl.DataFrame([asdict(s) for s in election.stations])
    tables = {"official": election.official}
    if election.entries is not None:
        tables["entry1"], tables["entry2"] = election.entries
    if election.observer is not None:
        tables["observer"] = election.observer
    stations.write_csv(folder / "stations.csv")
    written.append(folder / "stations.csv")
    for name, table in tables.items():
        table_frame(table).write_csv(folder / f"protocols-{name}.csv")
        written.append(folder / f"protocols-{name}.csv")
    (folder / "ground-truth.json").write_text(
        json.dumps(ground_truth(election), indent=1, ensure_ascii=False)
    )
    written.append(folder / "ground-truth.json")
    return written


def ground_truth(election: SynthElection) -> dict[str, Any]:
    """The ground truth of a synthetic election as JSON-ready data (``ground-truth.json``).

    The spec (election, seed, stations, irregularities), every manipulation (station, kind,
    the leader's votes added, ballots added, votes removed from other lists) and the true
    national totals per list.
    """
    return {
        "spec": {
            "election": election.spec.totals.election,
            "seed": election.spec.seed,
            "stations": election.spec.stations,
            "irregularities": asdict(election.spec.irregularities),
        },
        "manipulations": [asdict(m) for m in election.manipulations],
        "true_totals": dict(
            zip(election.truth.list_names, election.truth.votes.sum(axis=0).tolist(), strict=True)
        ),
    }
