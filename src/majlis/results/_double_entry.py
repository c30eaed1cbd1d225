"""Double entry: two clerks type the same paper protocol independently; only agreement counts.

A difference is listed field by field for a person to resolve; the resolution (who, which
value for each differing field, a note) is recorded with the final protocol. In bulk
(:func:`finalise_agreeing`), every stored station whose two latest entries agree becomes
final at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis.errors import ConflictError, InputError, Location, NotFoundError, ProtocolError
from majlis.results._bulk import Progress, store_table
from majlis.results._protocol import COUNT_LINES, Lines, Protocol, Source
from majlis.results._protocol_table import ProtocolTable
from majlis.results._stored_tables import latest_table
from majlis.results._table_checks import check_table
from majlis.store.results_rows import ProtocolFinalRow

__all__ = [
    "Agreement",
    "FieldDifference",
    "Resolution",
    "agreed_protocol",
    "compare_entries",
    "finalise_agreeing",
]


@dataclass(frozen=True, slots=True)
class FieldDifference:
    """One field on which the two entries differ."""

    field: str
    first: int
    second: int

    @property
    def difference(self) -> int:
        """second − first."""
        return self.second - self.first

    def __str__(self) -> str:
        return (
            f"{self.field}: entry 1 = {self.first:,}, entry 2 = {self.second:,} "
            f"({self.difference:+,})"
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """A person's decision on differing fields: the value that stands for each one."""

    person: str
    values: Mapping[str, int]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.person.strip():
            raise InputError.expected(
                what="the resolving person", expected="a name", got=self.person
            )
        object.__setattr__(self, "values", dict(self.values))


def _same_paper(first: Protocol, second: Protocol) -> None:
    if (first.election, first.station) != (second.election, second.station):
        raise ConflictError(
            f"entries of different protocols: {first.election}/{first.station} "
            f"vs {second.election}/{second.station}"
        )
    if first.lines.list_names != second.lines.list_names:
        raise ConflictError(
            f"station {first.station}: the entries list different party lists "
            f"({first.lines.list_names} vs {second.lines.list_names})"
        )


def compare_entries(first: Protocol, second: Protocol) -> tuple[FieldDifference, ...]:
    """The fields on which two entries of the same protocol differ, in protocol order."""
    _same_paper(first, second)
    a, b = first.lines.field_values(), second.lines.field_values()
    return tuple(FieldDifference(f, a[f], b[f]) for f in a if a[f] != b[f])


def agreed_protocol(
    first: Protocol, second: Protocol, *, resolution: Resolution | None = None
) -> Protocol:
    """The official protocol two entries stand for, or a ConflictError listing differences.

    Args:
        first: entry 1.
        second: entry 2.
        resolution: a person's values for the differing fields (every one must be given,
            and no other field).
    """
    differences = compare_entries(first, second)
    values = first.lines.field_values()
    if differences:
        if resolution is None:
            listed = "; ".join(str(d) for d in differences)
            raise ConflictError(
                f"station {first.station}: the two entries differ and need a resolution: {listed}",
                code="protocol.entries_differ",
                params={"station": first.station, "differences": differences},
            )
        wanted = {d.field for d in differences}
        given = set(resolution.values)
        if given != wanted:
            raise InputError.expected(
                what=f"the resolution of station {first.station}",
                expected=f"a value for exactly the differing fields {sorted(wanted)}",
                got=sorted(given),
                code="protocol.resolution_fields",
                params={
                    "station": first.station,
                    "wanted": str(sorted(wanted)),
                    "got": repr(sorted(given)),
                },
            )
        for name, value in resolution.values.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ProtocolError.expected(
                    what="a resolved value",
                    expected="a non-negative integer",
                    got=value,
                    location=Location(field=name),
                )
        values.update(resolution.values)
    lines = Lines(
        votes=tuple((n, values[f"votes.{n}"]) for n in first.lines.list_names),
        **{k: values[k] for k in COUNT_LINES},
    )
    return Protocol(first.election, first.station, lines, source=Source.OFFICIAL)


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
