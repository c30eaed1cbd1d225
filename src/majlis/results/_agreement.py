"""Bulk double entry: every station whose two latest entries agree becomes final at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import NotFoundError
from majlis.results._bulk import Progress, store_table
from majlis.results._protocol import COUNT_LINES, Source
from majlis.results._table import ProtocolTable
from majlis.results._tallying import latest_table
from majlis.results._vector import check_table
from majlis.store.results_rows import ProtocolFinalRow

__all__ = ["Agreement", "finalise_agreeing"]


@dataclass(frozen=True, slots=True)
class Agreement:
    """Stations made final because their entries agree, and those whose entries differ."""

    finalised: tuple[str, ...]
    differing: tuple[str, ...]
    blocked: tuple[str, ...]


def finalise_agreeing(
    session: Session, election: str, *, decided_by: str, progress: Progress | None = None
) -> Agreement:
    """Make final every station without a final protocol whose two latest entries agree.

    Stations whose entries differ wait for :func:`finalise_station` with a resolution;
    agreeing entries that break a control relation stay blocked (not final).
    """
    try:
        first, places = latest_table(session, election, Source.ENTRY_1)
        second, _ = latest_table(session, election, Source.ENTRY_2)
    except NotFoundError:
        return Agreement((), (), ())
    done = {
        sid
        for (sid,) in session.execute(
            select(ProtocolFinalRow.station_id).where(ProtocolFinalRow.election == election)
        )
    }
    row2 = {code: i for i, code in enumerate(second.station)}
    pairs = [
        (i, row2[code])
        for i, code in enumerate(first.station)
        if code in row2 and places[code].id not in done
    ]
    if not pairs or first.list_names != second.list_names:
        return Agreement((), (), ())
    a = first.take([i for i, _ in pairs])
    b = second.take([j for _, j in pairs])
    same = (a.votes == b.votes).all(axis=1)
    for k in COUNT_LINES:
        same &= a.counts[k] == b.counts[k]
    agreed = a.take(np.flatnonzero(same))
    n = len(agreed)
    official = ProtocolTable(
        election=agreed.election,
        station=agreed.station,
        source=(Source.OFFICIAL,) * n,
        observer=(None,) * n,
        evidence_sha256=(None,) * n,
        counts=agreed.counts,
        list_names=agreed.list_names,
        votes=agreed.votes,
    )
    check = check_table(official, regions=[places[s].region for s in official.station])
    store_table(
        session,
        official,
        entered_by=decided_by,
        reason="entries agree",
        final=~check.blocked,
        method="double-entry",
        ids={c: p.id for c, p in places.items()},
        progress=progress,
    )
    blocked = check.blocked.tolist()
    return Agreement(
        tuple(s for s, bad in zip(official.station, blocked, strict=True) if not bad),
        tuple(a.station[i] for i in np.flatnonzero(~same).tolist()),
        tuple(s for s, bad in zip(official.station, blocked, strict=True) if bad),
    )
