"""Rulesets and allocations over HTTP, checked against the official Majlis results."""

from __future__ import annotations

from fastapi.testclient import TestClient

KZ_2021 = [
    ("Nur Otan", 5_148_074),
    ("Ak Zhol", 792_828),
    ("People's Party", 659_019),
    ("Auyl", 383_023),
    ("Adal", 258_618),
]
KZ_2023 = [
    ("Amanat", 3_431_510),
    ("Auyl", 693_938),
    ("Respublica", 547_154),
    ("Ak Zhol", 535_139),
    ("People's Party", 432_920),
    ("OSDP", 331_058),
]


def _seats(
    client: TestClient, ruleset: str, lists: list[tuple[str, int]], **extra: object
) -> dict[str, int]:
    body = {"ruleset": ruleset, "lists": [{"name": n, "votes": v} for n, v in lists], **extra}
    response = client.post("/api/v1/allocations", json=body)
    assert response.status_code == 200, response.text
    return {row["name"]: row["seats"] for row in response.json()["seats"]}


def test_allocation_2021_matches_the_official_result(client: TestClient) -> None:
    """2021: 76 / 12 / 10 for Nur Otan, Ak Zhol, People's Party; Auyl and Adal under 7%."""
    seats = _seats(client, "kz-majlis", KZ_2021, on="2021-01-10")
    assert seats == {"Nur Otan": 76, "Ak Zhol": 12, "People's Party": 10, "Auyl": 0, "Adal": 0}


def test_allocation_2023_matches_the_official_result(client: TestClient) -> None:
    """2023: 40/8/6/6/5/4 over the 69 party-list seats."""
    seats = _seats(client, "kz-majlis", KZ_2023, on="2023-03-19")
    assert list(seats.values()) == [40, 8, 6, 6, 5, 4]


def test_allocation_trace_explains_the_threshold(client: TestClient) -> None:
    """The trace names every threshold decision in words."""
    body = {"ruleset": "kz-majlis-2009", "lists": [{"name": n, "votes": v} for n, v in KZ_2021]}
    trace = client.post("/api/v1/allocations", json=body).json()["trace"]
    decisions = [e for e in trace if e["kind"] == "threshold"]
    assert [d["data"]["party"] for d in decisions] == [n for n, _ in KZ_2021]
    assert all(d["text"] for d in trace)


def test_negative_votes_name_the_field(client: TestClient) -> None:
    """Negative votes are a 422 naming lists.0.votes."""
    body = {"ruleset": "kz-majlis-2009", "lists": [{"name": "A", "votes": -1}]}
    error = client.post("/api/v1/allocations", json=body).json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == "lists.0.votes"


def test_unknown_ruleset_lists_the_valid_ones(client: TestClient) -> None:
    """An unknown ruleset is a 404 whose message lists valid ids."""
    response = client.get("/api/v1/rulesets/xx-nowhere")
    assert response.status_code == 404
    assert "kz-majlis-2009" in response.json()["error"]["message"]


def test_rulesets_have_etags(client: TestClient) -> None:
    """The ruleset list carries an ETag and answers 304 when the client has it."""
    first = client.get("/api/v1/rulesets", params={"jurisdiction": "KZ"})
    assert first.status_code == 200
    assert first.json()["count"] == len(first.json()["data"]) >= 3
    again = client.get(
        "/api/v1/rulesets",
        params={"jurisdiction": "KZ"},
        headers={"If-None-Match": first.headers["etag"]},
    )
    assert again.status_code == 304


def test_ruleset_in_force_on_a_date(client: TestClient) -> None:
    """The kz-majlis family on 2021-01-10 is the 107-seat chamber with 98 list seats."""
    ruleset = client.get("/api/v1/rulesets/kz-majlis", params={"on": "2021-01-10"}).json()
    assert (ruleset["total_seats"], ruleset["list_seats"]) == (107, 98)
    assert ruleset["threshold"] == "7/100"


def test_what_if_auyl_passes_the_threshold(client: TestClient) -> None:
    """Moving 130,000 votes from Nur Otan to Auyl in 2021 lifts Auyl over 7% and costs seats."""
    body = {
        "ruleset": "kz-majlis-2009",
        "lists": [{"name": n, "votes": v} for n, v in KZ_2021],
        "changes": [
            {"kind": "move_votes", "source": "Nur Otan", "target": "Auyl", "votes": 130000}
        ],
    }
    result = client.post("/api/v1/allocations/what-if", json=body)
    assert result.status_code == 200, result.text
    flips = {t["party"]: t["admitted_after"] for t in result.json()["thresholds"]}
    assert flips == {"Auyl": True}
    rows = {r["party"]: r for r in result.json()["rows"]}
    assert rows["Auyl"]["after"] > 0
    assert sum(r["after"] for r in rows.values()) == 98


def test_projection_is_seeded_and_sums_to_the_tier(client: TestClient) -> None:
    """The same seed gives the same projection; mean seats sum to the 98 list seats."""
    body = {
        "ruleset": "kz-majlis-2009",
        "names": [n for n, _ in KZ_2021],
        "shares": ["0.71", "0.11", "0.09", "0.053", "0.036"],
        "sample_size": 1500,
        "runs": 200,
        "seed": 7,
    }
    first = client.post("/api/v1/projections", json=body).json()
    assert first == client.post("/api/v1/projections", json=body).json()
    assert abs(sum(x["mean_seats"] for x in first["lists"]) - 98) < 1e-6
    mismatch = client.post("/api/v1/projections", json={**body, "shares": ["0.5"]})
    assert mismatch.status_code == 422
    assert mismatch.json()["error"]["field"] == "shares"
