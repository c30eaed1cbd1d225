"""Liquidation, a dissolved party's mandates and by-elections over the API, on both databases.

The commission (and the admin) may act; a party officer or an observer may not; bad input
gets a 4xx with the field or the reason, never a 5xx, and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from majlis import parliament, registry
from majlis.demo import stage_members
from majlis.store.tokens import Role

from .conftest import bearer_for

CONVOCATION = "/api/v1/parliament/convocations/c"


@pytest.fixture
def staged(client: TestClient, small_chamber: Any) -> dict[str, Any]:
    """Convocation ``c`` staged in the client's database; a commission and an officer token."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        lists = small_chamber(session)
        [(_, outsider)] = stage_members(session, count=1, seed=31337)
        party_a = registry.get_party(session, "party-a").id
    return {
        "lists": lists,
        "outsider": outsider,
        "commission": bearer_for(client, "cec", Role.COMMISSION),
        "officer": bearer_for(client, "officer-a", Role.PARTY_OFFICER, party_a),
    }


def _composition(client: TestClient, on: str) -> dict[str, Any]:
    found = client.get("/api/v1/parliament/composition", params={"on": on, "convocation": "c"})
    assert found.status_code == 200, found.text
    return {g["group"]: (g["seats"], g["vacant"]) for g in found.json()["groups"]}


def test_liquidation_ends_the_mandates(client: TestClient, staged: dict[str, Any]) -> None:
    """The commission liquidates Party A: four memberships and two mandates end."""
    body = {"on": "2021-07-01", "decided_by": "Supreme Court", "reason": "court order"}
    refused = client.post(
        "/api/v1/parties/party-a/liquidation", json=body, headers=staged["officer"]
    )
    assert refused.status_code == 403
    done = client.post(
        "/api/v1/parties/party-a/liquidation", json=body, headers=staged["commission"]
    )
    assert done.status_code == 201, done.text
    out = done.json()
    assert (out["party"]["status"], out["party"]["ended_on"]) == ("liquidated", "2021-07-01")
    assert out["memberships_ended"] == 4
    assert [t["ended"]["end_reason"] for t in out["terminations"]] == ["party dissolved"] * 2
    assert all(t["successor"] is None for t in out["terminations"])
    assert _composition(client, "2021-07-01")["Party A"] == (0, 2)
    again = client.post(
        "/api/v1/parties/party-a/liquidation", json=body, headers=staged["commission"]
    )
    assert again.status_code == 409
    assert "liquidated" in again.json()["error"]["message"]


@pytest.mark.parametrize(
    ("slug", "body", "status", "field_or_message"),
    [
        ("party-x", {"on": "2021-07-01", "decided_by": "court"}, 404, "no party 'party-x'"),
        ("party-a", {"on": "July", "decided_by": "court"}, 422, "on"),
        ("party-a", {"on": "2021-07-01"}, 422, "decided_by"),
        ("party-a", {"on": "2021-07-01", "decided_by": "x" * 301}, 422, "decided_by"),
        ("party-a", {"on": "2021-07-01", "decided_by": "a\nb"}, 422, "decided_by"),
        ("party-a", {"on": "2021-07-01", "decided_by": "c", "reason": "r" * 2001}, 422, "reason"),
    ],
)
def test_liquidation_bad_input(
    client: TestClient,
    staged: dict[str, Any],
    slug: str,
    body: dict[str, Any],
    status: int,
    field_or_message: str,
) -> None:
    """A bad liquidation is refused with its field or reason; the party stays registered."""
    refused = client.post(
        f"/api/v1/parties/{slug}/liquidation", json=body, headers=staged["commission"]
    )
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert field_or_message in (error.get("field") or "") + error["message"]
    assert client.get("/api/v1/parties/party-a").json()["status"] == "registered"
    assert _composition(client, "2021-07-01")["Party A"] == (2, 0)


def test_dissolution_of_a_merged_party(client: TestClient, staged: dict[str, Any]) -> None:
    """A merged party's mandates end when the commission decides; not while it is registered."""
    url = f"{CONVOCATION}/dissolutions"
    body = {"party": "party-a", "on": "2021-07-10"}
    early = client.post(url, json=body, headers=staged["commission"])
    assert early.status_code == 409
    assert "still registered on 2021-07-10" in early.json()["error"]["message"]
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        registry.reorganise_party(
            session,
            party="party-a",
            on=date(2021, 7, 1),
            mode="merger",
            successors=["party-b"],
            entered_by="test",
        )
    assert client.post(url, json=body, headers=staged["officer"]).status_code == 403
    done = client.post(url, json=body, headers=staged["commission"])
    assert done.status_code == 201, done.text
    assert len(done.json()) == 2
    assert _composition(client, "2021-07-10")["Party A"] == (0, 2)
    unknown = client.post(
        url, json={"party": "party-x", "on": "2021-07-10"}, headers=staged["commission"]
    )
    assert unknown.status_code == 404
    assert "no party 'party-x'" in unknown.json()["error"]["message"]


def _appointed(client: TestClient) -> dict[str, Any]:
    found = client.get(f"{CONVOCATION}/mandates", params={"on": "2021-01-15", "limit": 200})
    return next(m for m in found.json()["data"] if m["kind"] == "appointed")


def test_by_election(client: TestClient, staged: dict[str, Any]) -> None:
    """The Assembly's by-election fills a vacant appointed post; a held post is refused."""
    member = _appointed(client)
    url = f"{CONVOCATION}/by-elections"
    body = {"post": member["post"], "person": staged["outsider"], "on": "2021-05-01"}
    held = client.post(url, json=body, headers=staged["commission"])
    assert held.status_code == 409
    assert "is held on 2021-05-01 or later" in held.json()["error"]["message"]
    ended = client.post(
        f"{CONVOCATION}/terminations",
        json={"person": member["person_id"], "reason": "died", "on": "2021-04-01"},
        headers=staged["commission"],
    )
    assert ended.status_code == 201, ended.text
    assert client.post(url, json=body, headers=staged["officer"]).status_code == 403
    seated = client.post(url, json=body, headers=staged["commission"])
    assert seated.status_code == 201, seated.text
    out = seated.json()
    assert (out["post"], out["person_id"], out["start"]) == (
        member["post"],
        staged["outsider"],
        "2021-05-01",
    )
    assert out["predecessor_id"] == member["id"]
    assert _composition(client, "2021-05-01")[parliament.ASSEMBLY] == (9, 0)


@pytest.mark.parametrize(
    ("change", "status", "field_or_message"),
    [
        ({"post": 1}, 409, "party-list seat"),
        ({"post": 999}, 404, "C has no post 999"),
        ({"person": 987654}, 404, "No person with id 987654"),
        ({"on": "2020-12-01"}, 409, "outside the term of C"),
        ({"post": 0}, 422, "post"),
        ({"post": "1"}, 422, "post"),
        ({"on": "yesterday"}, 422, "on"),
        ({"decided_by": "x" * 301}, 422, "decided_by"),
        ({"decided_by": "a\x00b"}, 422, "decided_by"),
    ],
)
def test_by_election_bad_input(
    client: TestClient,
    staged: dict[str, Any],
    change: dict[str, Any],
    status: int,
    field_or_message: str,
) -> None:
    """Each bad by-election is refused with its reason or field, and seats nobody."""
    member = _appointed(client)
    client.post(
        f"{CONVOCATION}/terminations",
        json={"person": member["person_id"], "reason": "died", "on": "2021-04-01"},
        headers=staged["commission"],
    )
    before = client.get(f"{CONVOCATION}/mandates", params={"limit": 200}).json()
    body = {"post": member["post"], "person": staged["outsider"], "on": "2021-05-01"} | change
    refused = client.post(f"{CONVOCATION}/by-elections", json=body, headers=staged["commission"])
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert field_or_message in (error.get("field") or "") + error["message"]
    assert client.get(f"{CONVOCATION}/mandates", params={"limit": 200}).json() == before
