"""Membership statistics: members by party and region (now or on a date) and growth series.

Counts come from SQL aggregation: the current roll for "now", the ledger (admissions minus
exits up to the date) for a past date, and daily counts of joins, leaves, expulsions and
dissolutions that are bucketed into weeks (ISO, from Monday) or months.

Known deviations: members by region on a past date use each person's region as stored now
(moves between regions are not dated).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from majlis.errors import InputError
from majlis.registry import _counts
from majlis.registry._lookup import party_row
from majlis.store.registry_rows import (
    MembershipEventRow,
    PartyRow,
    PersonRow,
)

__all__ = [
    "GrowthPoint",
    "growth",
    "members_by_party",
    "members_by_region",
    "members_by_region_on",
]

Period = Literal["day", "week", "month"]
_DELTA = case(
    (MembershipEventRow.kind == "admitted", 1),
    (MembershipEventRow.kind.in_(("left", "expelled", "dissolved")), -1),
    else_=0,
)


@dataclass(frozen=True, slots=True)
class GrowthPoint:
    """One period of a party's membership: joins, exits by kind, net change, members at end."""

    start: date
    joins: int
    leaves: int
    expulsions: int
    dissolutions: int
    members: int

    @property
    def net(self) -> int:
        """Joins minus every kind of exit."""
        return self.joins - self.leaves - self.expulsions - self.dissolutions


def members_by_party(session: Session, *, on: date | None = None) -> list[tuple[str, int]]:
    """Active members per party (slug order), now or on the date ``on``."""
    if on is None:
        counts = _counts.by_party(session)
        slugs = session.execute(select(PartyRow.id, PartyRow.slug))
        return sorted((slug, counts.get(party_id, 0)) for party_id, slug in slugs)
    stmt = (
        select(PartyRow.slug, func.coalesce(func.sum(_DELTA), 0))
        .join(MembershipEventRow, MembershipEventRow.party_id == PartyRow.id, isouter=True)
        .where((MembershipEventRow.occurred_on <= on) | (MembershipEventRow.seq.is_(None)))
        .group_by(PartyRow.slug)
    )
    return sorted((slug, int(count)) for slug, count in session.execute(stmt))


def members_by_region(
    session: Session, *, party: str, on: date | None = None
) -> list[tuple[str | None, int]]:
    """Active members of ``party`` per region code, now or on the date ``on``."""
    party_id = party_row(session, party).id
    if on is None:
        rows: list[tuple[str | None, int]] = list(_counts.by_region(session, party_id).items())
    else:
        then = (
            select(PersonRow.region_code, func.sum(_DELTA))
            .join(MembershipEventRow, MembershipEventRow.person_id == PersonRow.id)
            .where(MembershipEventRow.party_id == party_id, MembershipEventRow.occurred_on <= on)
            .group_by(PersonRow.region_code)
        )
        rows = [(code, int(n)) for code, n in session.execute(then)]
    return sorted(((code, int(n)) for code, n in rows if int(n)), key=lambda r: (r[0] or "", r[1]))


def members_by_region_on(
    session: Session, *, party: str, days: Sequence[date]
) -> dict[str | None, list[int]]:
    """Active members of ``party`` per region code on each of ``days`` (one value per day, in
    the order given): the ledger's daily changes read in one query, then summed up to each day.

    Each value equals :func:`members_by_region` on that day; regions never with a member on
    any of the days are left out.
    """
    party_id = party_row(session, party).id
    changes = session.execute(
        select(MembershipEventRow.occurred_on, PersonRow.region_code, func.sum(_DELTA))
        .join(PersonRow, PersonRow.id == MembershipEventRow.person_id)
        .where(
            MembershipEventRow.party_id == party_id,
            MembershipEventRow.kind.in_(("admitted", "left", "expelled", "dissolved")),
        )
        .group_by(MembershipEventRow.occurred_on, PersonRow.region_code)
        .order_by(MembershipEventRow.occurred_on)
    ).all()
    order = sorted(range(len(days)), key=days.__getitem__)
    running: dict[str | None, int] = defaultdict(int)
    series: dict[str | None, list[int]] = defaultdict(lambda: [0] * len(days))
    at = 0
    for index in order:
        while at < len(changes) and changes[at][0] <= days[index]:
            running[changes[at][1]] += int(changes[at][2])
            at += 1
        for code, members in running.items():
            if members:
                series[code][index] = members
    return dict(series)


def _bucket(day: date, period: Period) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def growth(
    session: Session,
    *,
    party: str,
    period: Period = "month",
    start: date | None = None,
    end: date | None = None,
) -> list[GrowthPoint]:
    """The party's joins, leaves, expulsions and dissolutions per period, with members at end.

    Periods without events between the first and the last are included (with zeros), so
    the series answers "did the ranks grow, and when".
    """
    if period not in ("day", "week", "month"):
        raise InputError.expected(what="period", expected="day, week or month", got=period)
    party_id = party_row(session, party).id
    stmt = (
        select(MembershipEventRow.occurred_on, MembershipEventRow.kind, func.count())
        .where(
            MembershipEventRow.party_id == party_id,
            MembershipEventRow.kind.in_(("admitted", "left", "expelled", "dissolved")),
        )
        .group_by(MembershipEventRow.occurred_on, MembershipEventRow.kind)
        .order_by(MembershipEventRow.occurred_on)
    )
    buckets: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    before = 0
    for day, kind, count in session.execute(stmt):
        if start is not None and day < start:
            before += int(count) if kind == "admitted" else -int(count)
            continue
        if end is not None and day > end:
            continue
        buckets[_bucket(day, period)][kind] += int(count)
    if not buckets:
        return []
    points, members = [], before
    cursor, last = min(buckets), max(buckets)
    while cursor <= last:
        counts = buckets.get(cursor, {})
        point = GrowthPoint(
            start=cursor,
            joins=counts.get("admitted", 0),
            leaves=counts.get("left", 0),
            expulsions=counts.get("expelled", 0),
            dissolutions=counts.get("dissolved", 0),
            members=0,
        )
        members += point.net
        points.append(
            GrowthPoint(
                point.start,
                point.joins,
                point.leaves,
                point.expulsions,
                point.dissolutions,
                members,
            )
        )
        cursor = _next(cursor, period)
    return points


def _next(day: date, period: Period) -> date:
    if period == "day":
        return day + timedelta(days=1)
    if period == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
