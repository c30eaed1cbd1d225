"""Hostile input through the real app, on SQLite and PostgreSQL: a clear 4xx, never a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy.exc
from fastapi import FastAPI
from fastapi.testclient import TestClient

from majlis import results, store
from majlis.api import Settings, create_app
from majlis.api._text import column_length
from majlis.store.elections_rows import ElectionRow
from majlis.store.tokens import ACTOR_LENGTH, Role

from .conftest import bearer_for

CALENDAR = {
    "called_on": "2020-10-20",
    "nomination_deadline": "2020-11-14",
    "registration_deadline": "2020-11-24",
    "candidate_withdrawal_deadline": "2020-12-31",
    "list_withdrawal_deadline": "2020-12-31",
    "polling_day": "2021-01-10",
}

#: Public pages and API reads whose parameters reach SQL (the PostgreSQL 500s of issue 13).
HOSTILE_GETS = [
    "/results?election=a%00b",
    "/parties/a%00b",
    "/stations/a%00b",
    "/forensics?election=a%00b",
    "/discrepancies?election=a%00b",
    "/discrepancies.csv?election=a%00b",
    "/parliament?convocation=a%00b",
    "/stations?q=a%00b",
    "/results/regions/a%00b",
    "/results/territories/a%00b/table.csv?table=stations",
    "/results/table.json?table=a%00b",
    "/parliament/table.csv?table=composition&convocation=a%00b",
    "/api/v1/elections?jurisdiction=a%00b",
    "/api/v1/elections/a%00b",
    "/api/v1/parties/a%00b",
    "/api/v1/stations?region=a%00b",
    "/api/v1/stations?territorial=a%1fb",
    "/api/v1/elections/kz%00/results",
    "/api/v1/parliament/composition?on=2024-01-01&convocation=a%7fb",
    "/api/v1/rulesets?jurisdiction=k%c2%85z",  # U+0085, a C1 control
    "/api/v1/parliament/convocations/a%0ab",
]


@pytest.mark.parametrize("path", HOSTILE_GETS)
def test_control_characters_in_path_or_query_are_refused(client: TestClient, path: str) -> None:
    """A NUL or other control character gets 422: JSON under /api, an error page elsewhere."""
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
    if path.startswith("/api"):
        assert answer.json()["error"]["code"] == "validation_error"
        assert "control characters" in answer.json()["error"]["message"]
    else:
        assert answer.headers["content-type"].startswith("text/html")
        assert "control characters" in answer.text


def test_a_query_string_that_is_not_utf8_is_refused(client: TestClient) -> None:
    """Percent-encoded bytes that are not UTF-8 are refused, not guessed."""
    answer = client.get("/api/v1/elections?jurisdiction=%ff%fe")
    assert answer.status_code == 422
    assert "UTF-8" in answer.json()["error"]["message"]


def test_control_characters_in_a_json_body_are_refused_wherever_they_hide(
    client: TestClient, tokens: Any
) -> None:
    """A NUL in a field, a nested field or a dictionary key is refused and named; nothing stored."""
    election = {"slug": "e1", "name": "E\u0000", "calendar": CALENDAR}
    answer = client.post("/api/v1/elections", json=election, headers=tokens.admin)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "body.name"
    nested = {**election, "name": "E", "calendar": {**CALENDAR, "polling_day": "2021\u0000"}}
    answer = client.post("/api/v1/elections", json=nested, headers=tokens.admin)
    assert answer.json()["error"]["field"] == "body.calendar.polling_day"
    key = {"ruleset": "kz-majlis-2009", "lists": [{"name": "A", "votes": 1}], "x\u0001": 1}
    assert client.post("/api/v1/allocations", json=key).status_code == 422
    assert client.get("/api/v1/elections/e1").status_code == 404


def test_line_breaks_pass_in_prose_but_not_in_names(client: TestClient, tokens: Any) -> None:
    """A reason may span lines; a name may not carry a line break."""
    election = {"slug": "e1", "name": "two\nlines", "calendar": CALENDAR}
    answer = client.post("/api/v1/elections", json=election, headers=tokens.admin)
    assert answer.status_code == 422
    assert "control characters" in answer.json()["error"]["message"]
    created = client.post(
        "/api/v1/elections", json={**election, "name": "One line"}, headers=tokens.admin
    )
    assert created.status_code == 201, created.text


def test_lengths_come_from_the_columns(client: TestClient, tokens: Any) -> None:
    """A slug one character over its column is refused with 422, one that fits is stored."""
    limit = column_length(ElectionRow.slug)
    for slug, status in (("s" * (limit + 1), 422), ("s" * limit, 201)):
        body = {"slug": slug, "name": "E", "calendar": CALENDAR}
        assert client.post("/api/v1/elections", json=body, headers=tokens.admin).status_code == (
            status
        )
    assert client.get(f"/api/v1/elections/{'s' * (limit + 1)}").status_code == 422
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ElectionCreate"]
    assert schema["properties"]["slug"]["maxLength"] == limit


def test_a_token_with_the_longest_name_can_write(
    client: TestClient, tokens: Any, count_station: Any
) -> None:
    """A 200-character token name is recorded within the narrowest author column (PostgreSQL)."""
    made = client.post(
        "/api/v1/tokens", json={"name": "N" * 200, "role": "commission"}, headers=tokens.admin
    )
    assert made.status_code == 201, made.text
    header = {"Authorization": f"Bearer {made.json()['secret']}"}
    _station(client, tokens, count_station)
    body = {"station": "501", "category": "pressure", "description": "Told to leave.",
            "observer": "Aliya"}  # fmt: skip
    logged = client.post("/api/v1/elections/e/incidents", json=body, headers=header)
    assert logged.status_code == 201, logged.text
    recorded = logged.json()["recorded_by"]
    assert len(recorded) == ACTOR_LENGTH
    assert recorded.endswith(f" #{made.json()['id']}")


def test_two_tokens_of_one_name_are_two_observers(
    client: TestClient, tokens: Any, count_station: Any
) -> None:
    """Observers are told apart by their token, not by the name written on it."""
    first = bearer_for(client, "Erkin", Role.OBSERVER)
    second = bearer_for(client, "Erkin", Role.OBSERVER)
    _station(client, tokens, count_station)
    body = {"station": "501", "category": "pressure", "description": "Told to leave."}
    names = {
        client.post("/api/v1/elections/e/incidents", json=body, headers=h).json()["observer"]
        for h in (first, second)
    }
    assert len(names) == 2
    assert all(name.startswith("Erkin #") for name in names)
    refused = client.post(
        "/api/v1/elections/e/incidents", json={**body, "observer": "Someone"}, headers=first
    )
    assert refused.status_code == 403


def _station(client: TestClient, tokens: Any, count_station: Any) -> None:
    """Election ``e`` and its station ``501`` (under a territorial and a central commission)."""
    election = {"slug": "e", "name": "E", "calendar": CALENDAR}
    assert client.post("/api/v1/elections", json=election, headers=tokens.admin).status_code == 201
    with client.app.state.session_factory() as session, session.begin():  # type: ignore[attr-defined]
        results.add_commission(
            session, code="CEC", name="CEC", level=results.CommissionLevel.CENTRAL
        )
        results.link_election(session, election="e", commission="CEC")
        count_station(
            session,
            "501",
            territorial="T5",
            region="Shymkent",
            address="School 5",
            voters=2000,
        )


WHAT_IF = {
    "ruleset": "kz-majlis-2009",
    "lists": [{"name": "A", "votes": 700}, {"name": "B", "votes": 300}],
}


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (
            "/api/v1/allocations/what-if",
            {**WHAT_IF, "changes": [{"kind": "move_share", "source": "A", "target": "B",
                                     "share": "1/0"}]},
        ),
        (
            "/api/v1/allocations/what-if",
            {**WHAT_IF, "changes": [{"kind": "remove_list", "name": "B",
                                     "redistribution": {"A": "3/0"}}]},
        ),
        (
            "/api/v1/projections",
            {"ruleset": "kz-majlis-2009", "names": ["A", "B"], "shares": ["1/0", "1/2"],
             "sample_size": 100, "runs": 10},
        ),
    ],
)  # fmt: skip
def test_a_zero_denominator_is_a_422(client: TestClient, path: str, body: Any) -> None:
    """A share ``"1/0"`` is refused with the field named, not a 500."""
    answer = client.post(path, json=body)
    assert answer.status_code == 422, answer.text
    assert "share" in answer.json()["error"]["message"]


@pytest.mark.parametrize("votes", [True, "700", 700.0, None])
def test_counts_are_strict_integers(client: TestClient, votes: Any) -> None:
    """``true``, ``"700"`` and ``700.0`` are not a count of votes."""
    body = {"ruleset": "kz-majlis-2009", "lists": [{"name": "A", "votes": votes}]}
    answer = client.post("/api/v1/allocations", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["field"] == "lists.0.votes"


@pytest.fixture
def small_client(database_url: str) -> Iterator[TestClient]:
    """The app with a 4 KB body limit."""
    engine = store.make_engine(database_url)
    app = create_app(
        Settings(database_url=database_url, access_log=False, max_body_bytes=4096), engine=engine
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()


def test_a_body_over_the_limit_is_a_413(small_client: TestClient) -> None:
    """Over ``max_body_bytes`` (declared or streamed) is refused with 413; under it is served."""
    lists = [{"name": f"L{i}", "votes": i} for i in range(200)]
    big = small_client.post("/api/v1/allocations", json={"ruleset": "kz-majlis", "lists": lists})
    assert big.status_code == 413
    assert big.json()["error"]["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"ruleset": "kz-majlis", "lists": ['
        for _ in range(400):
            yield b'{"name": "A", "votes": 1},'
        yield b'{"name": "B", "votes": 1}]}'

    streamed = small_client.post(
        "/api/v1/allocations", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    small = small_client.post(
        "/api/v1/allocations", json={"ruleset": "kz-majlis", "lists": lists[:3]}
    )
    assert small.status_code == 200, small.text


def test_json_nested_too_deeply_is_a_422(client: TestClient) -> None:
    """A body of 100,000 nested brackets is refused, not a RecursionError."""
    answer = client.post(
        "/api/v1/allocations", content=b"[" * 100_000, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422


SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "referrer-policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize(
    "path", ["/api/v1/health", "/", "/results", "/api/v1/nowhere", "/parties/a%00", "/openapi.json"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    """Pages, API answers, 404s and refusals all carry the security headers."""
    headers = client.get(path).headers
    assert {k: headers.get(k) for k in SECURITY} == SECURITY


def test_tokens_and_personal_data_are_never_cached(client: TestClient, tokens: Any) -> None:
    """Token endpoints, the login page and authenticated answers say ``no-store``."""
    issued = client.post(
        "/api/v1/tokens", json={"name": "x", "role": "observer"}, headers=tokens.admin
    )
    assert issued.headers["cache-control"] == "no-store"
    assert client.get("/api/v1/me", headers=tokens.admin).headers["cache-control"] == "no-store"
    assert client.get("/login").headers["cache-control"] == "no-store"
    people = client.get("/api/v1/people/123456789012/memberships", headers=tokens.admin)
    assert people.headers["cache-control"] == "no-store"
    assert client.get("/api/v1/elections", headers=tokens.admin).headers["cache-control"] == (
        "no-store"
    )
    assert "cache-control" not in client.get("/api/v1/elections").headers


@pytest.fixture
def failing_app(api_settings: Settings) -> Iterator[TestClient]:
    """The app with one extra route that raises the database error it is told to."""
    app: FastAPI = create_app(api_settings)
    failures: dict[str, Exception] = {
        "data": sqlalchemy.exc.DataError("SELECT", {}, ValueError("NUL")),
        "integrity": sqlalchemy.exc.IntegrityError("INSERT", {}, ValueError("dup")),
        "operational": sqlalchemy.exc.OperationalError("SELECT", {}, ValueError("gone")),
        "internal": sqlalchemy.exc.InternalError("SELECT", {}, ValueError("aborted")),
        "pool": sqlalchemy.exc.TimeoutError("QueuePool limit reached"),
    }

    @app.get("/api/v1/test-failure/{kind}")
    def fail(kind: str) -> None:
        raise failures[kind]

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("kind", "status"),
    [("data", 422), ("integrity", 409), ("operational", 503), ("internal", 503), ("pool", 503)],
)
def test_database_errors_become_json(failing_app: TestClient, kind: str, status: int) -> None:
    """Every database error has a JSON answer of its own status, never an anonymous 500."""
    answer = failing_app.get(f"/api/v1/test-failure/{kind}")
    assert answer.status_code == status
    assert set(answer.json()["error"]) >= {"code", "message"}
