"""A synthetic election stored in the database through the elections and results services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy.orm import Session

from majlis.elections import register_count_election
from majlis.results import (
    COUNT_LINES,
    Progress,
    ProtocolTable,
    Source,
    add_hierarchy,
    check_table,
    station_ids,
    store_table,
)
from majlis.synth._generate import SynthElection

__all__ = ["SynthStored", "load_synthetic_hierarchy", "store_synthetic"]

#: The polling day of a synthetic election's record (modelled on 10 January 2021).
SYNTHETIC_POLLING_DAY = date(2021, 1, 10)


@dataclass(frozen=True, slots=True)
class SynthStored:
    """What was stored: stations, final protocols, and stations whose entries differ."""

    stations: int
    final: int
    pending: tuple[str, ...]
    observer_copies: int


def load_synthetic_hierarchy(
    session: Session, election: SynthElection, *, central: str = "CEC"
) -> int:
    """Bulk-create the commissions and stations of a synthetic election; returns stations.

    The election is registered with its lists in ballot order when the database has no
    election of its slug (:func:`majlis.elections.register_count_election`), and the central
    commission is linked to it (:func:`majlis.results.add_hierarchy`), so its protocols are
    accepted.
    """
    slug = election.spec.totals.election
    register_count_election(
        session,
        slug=slug,
        name=f"{slug} (synthetic)",
        lists=election.official.list_names,
        polling_day=SYNTHETIC_POLLING_DAY,
    )
    return add_hierarchy(
        session,
        election=slug,
        central=central,
        territorials=election.territorials,
        stations=election.stations,
    )


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
