"""Incidents over HTTP: who may log them, public reading, validation, the audit trail."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from majlis import results
from majlis.store.api_rows import ApiAuditRow
from majlis.store.results_rows import IncidentRow

ELECTION = "kz-majlis-2021"
URL = f"/api/v1/elections/{ELECTION}/incidents"
STATION_URL = f"/api/v1/elections/{ELECTION}/stations/501/incidents"
PHOTO = hashlib.sha256(b"carousel bus photo").hexdigest()


def _count(client: TestClient, row: Any) -> int:
    with client.app.state.session_factory() as session:  # type: ignore[attr-defined]
        return int(session.scalar(select(func.count()).select_from(row)))


@pytest.fixture
def station(client: TestClient, count_election: Any, count_station: Any) -> str:
    """One polling station, '501', under a central and a territorial commission."""
    with client.app.state.session_factory() as session, session.begin():  # type: ignore[attr-defined]
        results.add_commission(
            session, code="CEC", name="CEC", level=results.CommissionLevel.CENTRAL
        )
        count_election(session, ELECTION, ("Nur Otan", "Ak Zhol"))
        count_station(
            session,
            "501",
            territorial="T5",
            region="Shymkent",
            address="School 5",
            voters=2000,
        )
    return "501"


def _body(station: str, **extra: Any) -> dict[str, Any]:
    return {
        "station": station,
        "category": "carousel-voting",
        "description": "A bus brought the same voters twice.",
        "observed_at": "2021-01-10T11:05:00Z",
        "evidence_sha256": PHOTO,
        **extra,
    }


def test_observer_logs_and_anyone_reads(client: TestClient, tokens: Any, station: str) -> None:
    """An observer's incident is stored in their name, audited, and readable without a token."""
    audits = _count(client, ApiAuditRow)
    made = client.post(URL, json=_body(station), headers=tokens.observer)
    assert made.status_code == 201, made.text
    assert made.json()["observer"] == "watch #3"  # the token's name and id (fixture order)
    assert made.json()["recorded_by"] == "watch #3"
    assert _count(client, ApiAuditRow) == audits + 1
    listed = client.get(STATION_URL).json()
    assert [(i["category"], i["evidence_sha256"]) for i in listed] == [("carousel-voting", PHOTO)]
    assert listed[0]["observed_at"].startswith("2021-01-10T11:05")
    assert len(client.get(URL, params={"category": "pressure"}).json()) == 0
    assert len(client.get(URL).json()) == 1


def test_commission_logs_for_a_named_observer(
    client: TestClient, tokens: Any, station: str
) -> None:
    """A commission may log an incident reported by a named observer; it is recorded as its own."""
    made = client.post(URL, json=_body(station, observer="Aliya"), headers=tokens.commission)
    assert made.status_code == 201, made.text
    assert (made.json()["observer"], made.json()["recorded_by"]) == ("Aliya", "cec #2")


@pytest.mark.parametrize(("who", "status"), [("officer_a", 403), ("officer_b", 403), (None, 401)])
def test_party_officers_and_anonymous_cannot_log(
    client: TestClient, tokens: Any, station: str, who: str | None, status: int
) -> None:
    """Party officers are refused (403) and anonymous callers asked for a token (401)."""
    headers = getattr(tokens, who) if who else {}
    refused = client.post(URL, json=_body(station), headers=headers)
    assert refused.status_code == status
    assert _count(client, IncidentRow) == 0


def test_observer_cannot_log_in_another_name(client: TestClient, tokens: Any, station: str) -> None:
    """An observer naming someone else as the observer is refused and nothing is stored."""
    refused = client.post(URL, json=_body(station, observer="someone"), headers=tokens.observer)
    assert refused.status_code == 403
    assert _count(client, IncidentRow) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "fraud"}, "category"),
        ({"evidence_sha256": "not-a-hash"}, "evidence_sha256"),
        ({"description": ""}, "description"),
        ({"observed_at": "2999-01-01T00:00:00Z"}, "observed_at"),
    ],
)
def test_bad_incident_names_the_field(
    client: TestClient, tokens: Any, station: str, change: dict[str, Any], field: str
) -> None:
    """A malformed incident is a 4xx naming the field, with nothing written."""
    audits = _count(client, ApiAuditRow)
    refused = client.post(URL, json={**_body(station), **change}, headers=tokens.observer)
    assert 400 <= refused.status_code < 500
    assert refused.json()["error"]["field"] == field
    assert _count(client, IncidentRow) == 0
    assert _count(client, ApiAuditRow) == audits


def test_unknown_station_is_404(client: TestClient, tokens: Any, station: str) -> None:
    """Logging at, or reading, a station that does not exist is a 404."""
    assert client.post(URL, json=_body("9999"), headers=tokens.observer).status_code == 404
    assert client.get(f"/api/v1/elections/{ELECTION}/stations/9999/incidents").status_code == 404


def test_unknown_election_is_404_and_nothing_is_stored(
    client: TestClient, tokens: Any, station: str
) -> None:
    """An incident for an election that does not exist is refused (404), naming it."""
    before = _count(client, IncidentRow)
    made = client.post(
        URL.replace(ELECTION, "kz-nowhere"), json=_body(station), headers=tokens.observer
    )
    assert made.status_code == 404, made.text
    assert "kz-nowhere" in made.text
    assert _count(client, IncidentRow) == before
