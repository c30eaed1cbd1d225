"""Commissions (central → territorial → precinct) and polling stations: the services."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session, aliased

from majlis.errors import ConflictError, InputError, NotFoundError
from majlis.results._scope import link_election
from majlis.store.results_rows import CommissionRow, PollingStationRow

__all__ = [
    "CommissionLevel",
    "StationPlace",
    "StationSite",
    "add_commission",
    "add_hierarchy",
    "add_station",
    "station_places",
]


class CommissionLevel(StrEnum):
    """The three tiers of election commissions."""

    CENTRAL = "central"
    TERRITORIAL = "territorial"
    PRECINCT = "precinct"


_PARENT = {
    CommissionLevel.TERRITORIAL: CommissionLevel.CENTRAL,
    CommissionLevel.PRECINCT: CommissionLevel.TERRITORIAL,
}


@dataclass(frozen=True, slots=True)
class StationPlace:
    """Where a station sits: its id, code, territorial commission and region."""

    id: int
    code: str
    territorial: str
    region: str
    registered_voters: int
    address: str


@dataclass(frozen=True, slots=True)
class StationSite:
    """A polling station to create: its code, territorial commission, region, address, voters."""

    code: str
    territorial: str
    region: str
    address: str
    registered: int


def add_commission(
    session: Session,
    *,
    code: str,
    name: str,
    level: CommissionLevel,
    parent: str | None = None,
    region: str | None = None,
) -> CommissionRow:
    """Add a commission under its parent (a central commission has none)."""
    level = CommissionLevel(level)
    parent_id = None
    if level is CommissionLevel.CENTRAL:
        if parent is not None:
            raise InputError.expected(
                what="a central commission's parent", expected="none", got=parent
            )
    else:
        if parent is None:
            raise InputError.expected(
                what=f"a {level.value} commission's parent",
                expected=f"a {_PARENT[level].value} commission",
                got=None,
            )
        row = session.scalar(select(CommissionRow).where(CommissionRow.code == parent))
        if row is None:
            raise NotFoundError(
                f"no commission '{parent}'",
                code="commission.unknown",
                params={"commission": parent},
            )
        if row.level != _PARENT[level].value:
            raise ConflictError(
                f"commission '{code}' ({level.value}) must sit under a "
                f"{_PARENT[level].value} commission; '{parent}' is {row.level}"
            )
        parent_id = row.id
    if session.scalar(select(CommissionRow.id).where(CommissionRow.code == code)) is not None:
        raise ConflictError(
            f"commission '{code}' exists already",
            code="commission.exists",
            params={"commission": code},
        )
    commission = CommissionRow(
        code=code, name=name, level=level.value, parent_id=parent_id, region=region
    )
    session.add(commission)
    session.flush()
    return commission


def add_station(
    session: Session,
    *,
    code: str,
    commission: str,
    region: str,
    address: str,
    registered_voters: int,
) -> PollingStationRow:
    """Add a polling station run by a precinct commission."""
    row = session.scalar(select(CommissionRow).where(CommissionRow.code == commission))
    if row is None or row.level != CommissionLevel.PRECINCT.value:
        raise NotFoundError(
            f"no precinct commission '{commission}'",
            code="commission.no_precinct",
            params={"commission": commission},
        )
    if registered_voters < 0:
        raise InputError.expected(what="registered_voters", expected="≥ 0", got=registered_voters)
    station = PollingStationRow(
        code=code,
        commission_id=row.id,
        region=region,
        address=address,
        registered_voters=registered_voters,
    )
    session.add(station)
    session.flush()
    return station


def station_places(session: Session, codes: Sequence[str] | None = None) -> dict[str, StationPlace]:
    """Every station (or the given ones) with its territorial commission and region."""
    precinct = aliased(CommissionRow)
    territorial = aliased(CommissionRow)
    query = (
        select(
            PollingStationRow.id,
            PollingStationRow.code,
            territorial.code,
            PollingStationRow.region,
            PollingStationRow.registered_voters,
            PollingStationRow.address,
        )
        .join(precinct, PollingStationRow.commission_id == precinct.id)
        .join(territorial, precinct.parent_id == territorial.id)
    )
    if codes is not None:
        query = query.where(PollingStationRow.code.in_(list(codes)))
    return {
        code: StationPlace(sid, code, terr, region, voters, address)
        for sid, code, terr, region, voters, address in session.execute(query)
    }


def find_stations(session: Session, text: str, *, limit: int = 100) -> list[str]:
    """The codes of the stations whose code or address contains ``text`` (case-insensitive),
    the first ``limit`` by code; ``%``, ``_`` and ``\\`` in ``text`` match themselves."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(
        session.scalars(
            select(PollingStationRow.code)
            .where(
                or_(
                    PollingStationRow.code.ilike(pattern, escape="\\"),
                    PollingStationRow.address.ilike(pattern, escape="\\"),
                )
            )
            .order_by(PollingStationRow.code)
            .limit(limit)
        )
    )


def add_hierarchy(
    session: Session,
    *,
    election: str,
    central: str,
    territorials: Sequence[tuple[str, str]],
    stations: Sequence[StationSite],
) -> int:
    """Bulk-create a whole hierarchy for a registered election; returns the stations added.

    The central commission ``central`` is created and linked to ``election``; then the
    territorial commissions (code, region), one precinct commission ``P<code>`` per station
    and the stations, each under its territorial commission.
    """
    cec = add_commission(
        session, code=central, name="Central Election Commission", level=CommissionLevel.CENTRAL
    )
    link_election(session, election=election, commission=central)
    session.execute(
        insert(CommissionRow),
        [
            {
                "code": code,
                "name": f"Territorial commission {code}",
                "level": "territorial",
                "parent_id": cec.id,
                "region": region,
            }
            for code, region in territorials
        ],
    )
    terr_ids = dict(
        session.execute(
            select(CommissionRow.code, CommissionRow.id).where(CommissionRow.level == "territorial")
        ).all()
    )
    session.execute(
        insert(CommissionRow),
        [
            {
                "code": f"P{s.code}",
                "name": f"Precinct commission {s.code}",
                "level": "precinct",
                "parent_id": terr_ids[s.territorial],
                "region": s.region,
            }
            for s in stations
        ],
    )
    precinct_ids = dict(
        session.execute(
            select(CommissionRow.code, CommissionRow.id).where(CommissionRow.level == "precinct")
        ).all()
    )
    session.execute(
        insert(PollingStationRow),
        [
            {
                "code": s.code,
                "commission_id": precinct_ids[f"P{s.code}"],
                "region": s.region,
                "address": s.address,
                "registered_voters": s.registered,
            }
            for s in stations
        ],
    )
    session.flush()
    return len(stations)
