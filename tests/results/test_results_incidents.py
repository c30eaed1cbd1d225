"""Incidents at polling stations on SQLite and PostgreSQL: validation, order, append-only."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from majlis.errors import InputError, IntegrityError, NotFoundError
from majlis.results import (
    CommissionLevel,
    IncidentCategory,
    add_commission,
    add_station,
    list_incidents,
    record_incident,
)
from majlis.store.results_rows import INCIDENT_CATEGORIES, IncidentRow

E = "kz-majlis-2021"
PHOTO = hashlib.sha256(b"photo of the ballot box").hexdigest()


@pytest.fixture
def two_stations(session: Session, count_election: Any) -> Session:
    """A precinct commission with two polling stations, '11' and '12'."""
    add_commission(session, code="CEC", name="CEC", level=CommissionLevel.CENTRAL)
    count_election(session, E, ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan"))
    add_commission(
        session,
        code="T1",
        name="Almaty TEC",
        level=CommissionLevel.TERRITORIAL,
        parent="CEC",
        region="Almaty",
    )
    add_commission(
        session,
        code="P1",
        name="PEC 1",
        level=CommissionLevel.PRECINCT,
        parent="T1",
        region="Almaty",
    )
    for code in ("11", "12"):
        add_station(
            session,
            code=code,
            commission="P1",
            region="Almaty",
            address=f"School {code}",
            registered_voters=1500,
        )
    session.commit()
    return session


def test_categories_match_the_database_check() -> None:
    """The domain's categories are exactly those the table's CHECK constraint admits."""
    assert tuple(c.value for c in IncidentCategory) == INCIDENT_CATEGORIES


def test_record_and_list_per_station(two_stations: Session) -> None:
    """Incidents are stored with every field and listed per station in logging order."""
    seen = datetime(2021, 1, 10, 14, 30, tzinfo=UTC)
    first = record_incident(
        two_stations,
        election=E,
        station="11",
        observer="Aigerim",
        category="ballot-stuffing",
        description="A bundle of ballots dropped into box 2.",
        observed_at=seen,
        evidence_sha256=PHOTO,
        recorded_by="observer-token",
    )
    record_incident(
        two_stations,
        election=E,
        station="12",
        observer="Daulet",
        category=IncidentCategory.OBSERVER_REMOVED,
        description="Asked to leave before the count.",
    )
    record_incident(
        two_stations,
        election=E,
        station="11",
        observer="Aigerim",
        category=IncidentCategory.PROTOCOL_NOT_POSTED,
        description="No protocol copy on the door at 22:00.",
    )
    two_stations.commit()
    at_11 = list_incidents(two_stations, E, station="11")
    assert [i.category for i in at_11] == [
        IncidentCategory.BALLOT_STUFFING,
        IncidentCategory.PROTOCOL_NOT_POSTED,
    ]
    assert at_11[0] == first
    assert at_11[0].observed_at == seen
    assert at_11[0].evidence_sha256 == PHOTO
    assert at_11[0].recorded_by == "observer-token"
    assert at_11[1].recorded_by == "Aigerim"
    assert len(list_incidents(two_stations, E)) == 3
    assert [i.station for i in list_incidents(two_stations, E, category="observer-removed")] == [
        "12"
    ]
    assert list_incidents(two_stations, "another-election") == ()


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("category", {"category": "fraud"}),
        ("description", {"description": "   "}),
        ("evidence_sha256", {"evidence_sha256": "ABC"}),
        ("observer", {"observer": ""}),
        ("observed_at", {"observed_at": datetime.now(UTC) + timedelta(days=1)}),
    ],
)
def test_invalid_incident_names_the_field(
    two_stations: Session, field: str, changes: dict[str, object]
) -> None:
    """A malformed incident is refused with the field named, and nothing is stored."""
    values: dict[str, object] = {
        "election": E,
        "station": "11",
        "observer": "Aigerim",
        "category": "pressure",
        "description": "Voters told whom to vote for.",
    }
    values.update(changes)
    with pytest.raises(InputError) as refused:
        record_incident(two_stations, **values)  # type: ignore[arg-type]
    assert refused.value.location is not None
    assert refused.value.location.field == field
    assert two_stations.query(IncidentRow).count() == 0


def test_unknown_station_is_not_found(two_stations: Session) -> None:
    """An incident at a station that does not exist is refused."""
    with pytest.raises(NotFoundError, match="no polling station '99'"):
        record_incident(
            two_stations,
            election=E,
            station="99",
            observer="Aigerim",
            category="pressure",
            description="x",
        )


def test_incidents_are_append_only(two_stations: Session) -> None:
    """ORM and raw SQL updates or deletes of an incident are refused."""
    record_incident(
        two_stations,
        election=E,
        station="11",
        observer="Aigerim",
        category="carousel-voting",
        description="The same group voted at three stations.",
    )
    two_stations.commit()
    row = two_stations.query(IncidentRow).one()
    row.description = "nothing happened"
    with pytest.raises(IntegrityError, match="append-only"):
        two_stations.flush()
    two_stations.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        two_stations.execute(text("UPDATE incident SET category = 'other'"))
    two_stations.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        two_stations.execute(text("DELETE FROM incident"))
    two_stations.rollback()
    assert len(list_incidents(two_stations, E)) == 1
