"""A party officer of one party cannot touch another party's roll, lists or decisions.

Every write endpoint of the OpenAPI document must appear in WRITES below (the test fails
on an unlisted one), and for each the officer of party 'beta' acting on party 'alpha' is
refused with 403 while nothing is written.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from majlis.store.api_rows import ApiAuditRow

DAY = "2020-11-01"
DECISION = {"on": DAY, "text": "decided"}
LINES = {
    "voters": 100,
    "received": 100,
    "issued_station": 50,
    "cancelled": 50,
    "found_stationary": 50,
    "valid": 50,
    "votes": {"A": 50},
}

#: Every write endpoint: (method, path with alpha's identifiers, body).
WRITES: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {
    ("post", "/api/v1/tokens"): ("/api/v1/tokens", {"name": "x", "role": "observer"}),
    ("delete", "/api/v1/tokens/{token_id}"): ("/api/v1/tokens/1", None),
    ("post", "/api/v1/elections"): (
        "/api/v1/elections",
        {
            "slug": "e",
            "name": "E",
            "calendar": {
                "called_on": "2020-10-20",
                "nomination_deadline": "2020-11-14",
                "registration_deadline": "2020-11-24",
                "candidate_withdrawal_deadline": "2020-12-31",
                "list_withdrawal_deadline": "2020-12-31",
                "polling_day": "2021-01-10",
            },
        },
    ),
    ("post", "/api/v1/elections/{slug}/lists"): (
        "/api/v1/elections/e/lists",
        {"party": "alpha", "candidates": [1], "on": DAY},
    ),
    ("post", "/api/v1/elections/{slug}/lists/{party}/registration"): (
        "/api/v1/elections/e/lists/alpha/registration",
        DECISION,
    ),
    ("post", "/api/v1/elections/{slug}/lists/{party}/withdrawal"): (
        "/api/v1/elections/e/lists/alpha/withdrawal",
        DECISION,
    ),
    ("post", "/api/v1/elections/{slug}/lists/{party}/candidates/{person}/withdrawal"): (
        "/api/v1/elections/e/lists/alpha/candidates/1/withdrawal",
        DECISION,
    ),
    ("post", "/api/v1/elections/{slug}/lists/{party}/candidates/{person}/revocation"): (
        "/api/v1/elections/e/lists/alpha/candidates/1/revocation",
        DECISION,
    ),
    ("post", "/api/v1/elections/{slug}/boycotts/{party}"): (
        "/api/v1/elections/e/boycotts/alpha",
        DECISION,
    ),
    ("post", "/api/v1/elections/{slug}/ballot"): (
        "/api/v1/elections/e/ballot",
        {"seed": 1, "on": DAY},
    ),
    ("post", "/api/v1/parliament/convocations/{slug}/terminations"): (
        "/api/v1/parliament/convocations/c8/terminations",
        {"person": 1, "reason": "resigned", "on": DAY},
    ),
    ("post", "/api/v1/parliament/convocations/{slug}/dissolutions"): (
        "/api/v1/parliament/convocations/c8/dissolutions",
        {"party": "alpha", "on": DAY},
    ),
    ("post", "/api/v1/parliament/convocations/{slug}/by-elections"): (
        "/api/v1/parliament/convocations/c8/by-elections",
        {"post": 1, "person": 1, "on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/liquidation"): (
        "/api/v1/parties/alpha/liquidation",
        {"on": DAY, "decided_by": "Supreme Court"},
    ),
    ("post", "/api/v1/elections/{slug}/protocols"): (
        "/api/v1/elections/e/protocols",
        {"station": "1", "source": "entry1", "lines": LINES},
    ),
    ("post", "/api/v1/elections/{slug}/stations/{code}/finalisation"): (
        "/api/v1/elections/e/stations/1/finalisation",
        {},
    ),
    ("post", "/api/v1/elections/{slug}/stations/{code}/corrections"): (
        "/api/v1/elections/e/stations/1/corrections",
        {"station": "1", "source": "entry1", "lines": LINES, "reason": "typo"},
    ),
    ("post", "/api/v1/elections/{slug}/incidents"): (
        "/api/v1/elections/e/incidents",
        {"station": "1", "category": "pressure", "description": "Voters were told whom to pick."},
    ),
    ("post", "/api/v1/elections/{slug}/pvt/design"): ("/api/v1/elections/e/pvt/design", {}),
    ("post", "/api/v1/elections/{slug}/pvt/assignments"): (
        "/api/v1/elections/e/pvt/assignments",
        {},
    ),
    ("post", "/api/v1/parties/{slug}/members"): (
        "/api/v1/parties/alpha/members",
        {"national_id": "900101300017", "on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/members/{national_id}/departure"): (
        "/api/v1/parties/alpha/members/900101300017/departure",
        {"on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/members/{national_id}/expulsion"): (
        "/api/v1/parties/alpha/members/900101300017/expulsion",
        {"on": DAY, "reason": "r", "deciding_body": "council"},
    ),
    ("post", "/api/v1/parties/{slug}/intake/suspension"): (
        "/api/v1/parties/alpha/intake/suspension",
        {"decided_on": DAY, "reason": "congress"},
    ),
    ("post", "/api/v1/parties/{slug}/intake/resumption"): (
        "/api/v1/parties/alpha/intake/resumption",
        {"decided_on": DAY},
    ),
    ("post", "/api/v1/parties"): (
        "/api/v1/parties",
        {"slug": "gamma", "name": "Gamma", "initiated_on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/congress"): (
        "/api/v1/parties/alpha/congress",
        {"on": DAY, "founders": ["900101300017"]},
    ),
    ("post", "/api/v1/parties/{slug}/registration"): (
        "/api/v1/parties/alpha/registration",
        {"on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/recorded-registration"): (
        "/api/v1/parties/alpha/recorded-registration",
        {"on": DAY, "authority": "Ministry of Justice", "reference": "No. 1"},
    ),
    ("post", "/api/v1/parties/{slug}/suspension"): (
        "/api/v1/parties/alpha/suspension",
        {"since": DAY, "court": "Astana city court"},
    ),
    ("post", "/api/v1/parties/{slug}/suspension/end"): (
        "/api/v1/parties/alpha/suspension/end",
        {"on": DAY},
    ),
    ("post", "/api/v1/parties/{slug}/reorganisation"): (
        "/api/v1/parties/alpha/reorganisation",
        {"on": DAY, "mode": "merger", "successors": ["beta"]},
    ),
    ("put", "/api/v1/people/{national_id}/barred-category"): (
        "/api/v1/people/900101300017/barred-category",
        {"category": "judge"},
    ),
}

#: Writes that touch no party's roll: an officer may register a person for any party.
UNSCOPED = {("post", "/api/v1/people")}

#: Writes scoped by the person's party, not a party in the path: a move of alpha's member by
#: beta's officer is refused in tests/api/test_api_registry_lifecycle.py.
PERSON_SCOPED = {("put", "/api/v1/people/{national_id}/region")}

#: Writes authenticated by the text-message gateway's shared secret, not a token (tests/pvt).
GATEWAY = {("post", "/api/v1/elections/{slug}/pvt/sms")}

#: Calculations that store nothing: open to anyone, so not writes.
NOT_WRITES = {
    ("post", "/api/v1/allocations"),
    ("post", "/api/v1/allocations/what-if"),
    ("post", "/api/v1/projections"),
}


def _write_routes(client: TestClient) -> set[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    return (
        {
            (method, path)
            for path, item in spec["paths"].items()
            for method in item
            if method in {"post", "put", "patch", "delete"}
        }
        - NOT_WRITES
        - UNSCOPED
        - PERSON_SCOPED
        - GATEWAY
    )


def test_every_write_endpoint_is_listed(client: TestClient) -> None:
    """The table below covers every write endpoint the API offers."""
    assert _write_routes(client) == set(WRITES)


@pytest.mark.parametrize("route", sorted(WRITES), ids=lambda r: f"{r[0]} {r[1]}")
def test_officer_of_another_party_is_refused(
    client: TestClient, tokens: Any, route: tuple[str, str]
) -> None:
    """Beta's officer gets 403 on every write touching alpha, and nothing is stored."""
    method, (path, body) = route[0], WRITES[route]
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session:
        before = session.scalar(select(func.count()).select_from(ApiAuditRow))
    response = client.request(method.upper(), path, json=body, headers=tokens.officer_b)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(ApiAuditRow)) == before


#: Endpoints a party officer may use on their own party.
OFFICER_WRITES = [
    ("post", "/api/v1/parties/{slug}/members"),
    ("post", "/api/v1/parties/{slug}/members/{national_id}/departure"),
    ("post", "/api/v1/parties/{slug}/members/{national_id}/expulsion"),
    ("post", "/api/v1/parties/{slug}/intake/suspension"),
    ("post", "/api/v1/parties/{slug}/intake/resumption"),
    ("post", "/api/v1/elections/{slug}/lists"),
    ("post", "/api/v1/elections/{slug}/lists/{party}/withdrawal"),
    ("post", "/api/v1/elections/{slug}/lists/{party}/candidates/{person}/withdrawal"),
    ("post", "/api/v1/elections/{slug}/lists/{party}/candidates/{person}/revocation"),
    ("post", "/api/v1/elections/{slug}/boycotts/{party}"),
]


@pytest.mark.parametrize("route", OFFICER_WRITES, ids=lambda r: r[1])
def test_officer_passes_the_scope_check_for_own_party(
    client: TestClient, tokens: Any, route: tuple[str, str]
) -> None:
    """Alpha's officer passes the scope check on alpha and reaches the service."""
    path, body = WRITES[route]
    response = client.post(path, json=body, headers=tokens.officer_a)
    assert response.status_code != 403, response.text
    assert response.status_code < 500, response.text
