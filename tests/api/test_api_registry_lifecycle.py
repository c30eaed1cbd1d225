"""A person's record and a party's lifecycle over HTTP, on SQLite and PostgreSQL.

The commission registers, bars and moves people and decides a party's lifecycle; a party
officer moves only their own members (or people in no party) and decides no lifecycle step;
bad input gets a 4xx naming the field or the reason, never a 5xx; after a move or a
reorganisation the ledger still verifies and the counts per region are those of the roll.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from majlis.registry import make_iin
from majlis.store import column_length

API = "/api/v1"
ARMAN, BOLAT, DANA = "850314300013", "900702400020", "781130300030"


def _register(client: TestClient, tokens: Any, iin: str, region: str = "KZ-71") -> None:
    body = {"national_id": iin, "family_name": "F", "given_name": "G", "region_code": region}
    made = client.post(f"{API}/people", json=body, headers=tokens.commission)
    assert made.status_code == 201, made.text


def _admit(client: TestClient, tokens: Any, iin: str) -> None:
    body = {"national_id": iin, "on": "2023-03-05"}
    done = client.post(f"{API}/parties/alpha/members", json=body, headers=tokens.officer_a)
    assert done.status_code == 201, done.text


def _regions(client: TestClient, slug: str) -> dict[str | None, int]:
    found = client.get(f"{API}/parties/{slug}/stats/regions")
    assert found.status_code == 200, found.text
    return {r["region"]: r["members"] for r in found.json()}


def _verified(client: TestClient, tokens: Any) -> dict[str, Any]:
    report = client.get(f"{API}/ledger/verification", headers=tokens.observer)
    assert report.status_code == 200, report.text
    body: dict[str, Any] = report.json()
    return body


def test_a_person_registered_barred_and_unbarred(client: TestClient, tokens: Any) -> None:
    """Registered with a barred category, the person is refused; the commission lifts the bar."""
    body = {"national_id": ARMAN, "family_name": "Abaev", "given_name": "Arman",
            "region_code": "KZ-71", "barred_category": "judge"}  # fmt: skip
    made = client.post(f"{API}/people", json=body, headers=tokens.officer_a)
    assert made.status_code == 201, made.text
    assert made.json()["barred_category"] == "judge"
    refused = client.post(
        f"{API}/parties/alpha/members",
        json={"national_id": ARMAN, "on": "2023-03-05"},
        headers=tokens.officer_a,
    )
    assert refused.status_code == 409
    assert "judge" in refused.json()["error"]["message"]
    path = f"{API}/people/{ARMAN}/barred-category"
    assert client.put(path, json={"category": None}, headers=tokens.officer_a).status_code == 403
    lifted = client.put(path, json={"category": None}, headers=tokens.commission)
    assert lifted.status_code == 200, lifted.text
    assert lifted.json()["barred_category"] is None
    _admit(client, tokens, ARMAN)
    barred = client.put(path, json={"category": "serviceman"}, headers=tokens.admin)
    assert barred.json()["barred_category"] == "serviceman"
    history = client.get(f"{API}/people/{ARMAN}/memberships", headers=tokens.observer).json()
    assert history["person"]["barred_category"] == "serviceman"
    assert [e["kind"] for e in history["events"]] == ["applied", "refused", "applied", "admitted"]
    assert _verified(client, tokens)["active_members"] == 1


@pytest.mark.parametrize(
    ("iin", "body", "status", "field"),
    [
        (ARMAN, {"category": "jedi"}, 422, "category"),
        (ARMAN, {}, 422, "category"),
        (ARMAN, {"category": "judge\u0000"}, 422, "category"),
        ("900101300017", {"category": "judge"}, 404, None),
        ("9" * (column_length("person.national_id") + 1), {"category": "judge"}, 422, None),
    ],
)
def test_bad_bars_are_4xx(
    client: TestClient, tokens: Any, iin: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    """An unknown category, a NUL byte, an unknown or over-long IIN: 4xx, nothing changed."""
    _register(client, tokens, ARMAN)
    answer = client.put(f"{API}/people/{iin}/barred-category", json=body, headers=tokens.commission)
    assert answer.status_code == status, answer.text
    if field is not None:
        assert answer.json()["error"]["field"].endswith(field)
    history = client.get(f"{API}/people/{ARMAN}/memberships", headers=tokens.observer).json()
    assert history["person"]["barred_category"] is None


def test_moving_a_member_moves_the_count(client: TestClient, tokens: Any) -> None:
    """Members of alpha move; the counts per region follow and the ledger verifies."""
    for iin in (ARMAN, BOLAT):
        _register(client, tokens, iin, "KZ-71")
        _admit(client, tokens, iin)
    assert _regions(client, "alpha") == {"KZ-71": 2}
    path = f"{API}/people/{ARMAN}/region"
    refused = client.put(path, json={"region_code": "KZ-75"}, headers=tokens.officer_b)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    moved = client.put(path, json={"region_code": "KZ-75"}, headers=tokens.officer_a)
    assert moved.status_code == 200, moved.text
    assert moved.json()["region_code"] == "KZ-75"
    assert _regions(client, "alpha") == {"KZ-71": 1, "KZ-75": 1}
    again = client.put(path, json={"region_code": "KZ-75"}, headers=tokens.commission)
    assert again.status_code == 200
    assert _regions(client, "alpha") == {"KZ-71": 1, "KZ-75": 1}
    assert _verified(client, tokens)["active_members"] == 2


def test_an_officer_moves_a_person_in_no_party(client: TestClient, tokens: Any) -> None:
    """A person in no party is no party's roll: any party's officer may record the move."""
    _register(client, tokens, DANA)
    moved = client.put(
        f"{API}/people/{DANA}/region", json={"region_code": "KZ-79"}, headers=tokens.officer_b
    )
    assert moved.status_code == 200, moved.text
    assert (
        client.put(
            f"{API}/people/{DANA}/region", json={"region_code": "KZ-79"}, headers=tokens.observer
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("iin", "region", "status"),
    [
        (DANA, "KZ-99", 422),
        (DANA, "K" * (column_length("person.region_code") + 1), 422),
        (DANA, "KZ-71\u0000", 422),
        (DANA, "", 422),
        ("900101300017", "KZ-71", 404),
        ("85031430001%00", "KZ-71", 422),
    ],
)
def test_bad_moves_are_4xx(
    client: TestClient, tokens: Any, iin: str, region: str, status: int
) -> None:
    """An unknown, empty, over-long or NUL-bearing region, or an unknown IIN: 4xx."""
    _register(client, tokens, DANA)
    answer = client.put(
        f"{API}/people/{iin}/region", json={"region_code": region}, headers=tokens.commission
    )
    assert answer.status_code == status, answer.text


def test_a_party_from_initiative_group_to_reorganisation(client: TestClient, tokens: Any) -> None:
    """Create, congress, check, record the registration, suspend, end it, reorganise."""
    founder = make_iin(date(1970, 5, 5), "M", 7)
    assert founder is not None
    for iin in (founder, ARMAN):
        _register(client, tokens, iin)
    new = {"slug": "nur-alem", "name": "Nur Alem", "initiated_on": "2023-01-10"}
    assert client.post(f"{API}/parties", json=new, headers=tokens.officer_a).status_code == 403
    made = client.post(f"{API}/parties", json=new, headers=tokens.commission)
    assert made.status_code == 201, made.text
    assert made.json()["status"] == "initiative_group"
    congress = client.post(
        f"{API}/parties/nur-alem/congress",
        json={"on": "2023-02-01", "founders": [founder]},
        headers=tokens.commission,
    )
    assert congress.status_code == 201, congress.text
    assert congress.json()["members"] == 1
    check = client.get(f"{API}/parties/nur-alem/registration-check", params={"on": "2023-03-01"})
    assert check.status_code == 200, check.text
    assert (check.json()["law"], check.json()["passed"]) == ("kz-party-law-2022", False)
    assert {"requirement": "members in total", "required": 5000, "actual": 1} in check.json()[
        "shortfalls"
    ]
    refused = client.post(
        f"{API}/parties/nur-alem/registration", json={"on": "2023-03-01"}, headers=tokens.commission
    )
    assert refused.status_code == 409
    assert "requirement(s) unmet" in refused.json()["error"]["message"]
    recorded = client.post(
        f"{API}/parties/nur-alem/recorded-registration",
        json={"on": "2023-03-01", "authority": "Ministry of Justice", "reference": "No. 1"},
        headers=tokens.commission,
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["registered_on"] == "2023-03-01"
    suspension = {"since": "2023-04-01", "until": "2023-06-30", "court": "Astana city court"}
    suspended = client.post(
        f"{API}/parties/nur-alem/suspension", json=suspension, headers=tokens.commission
    )
    assert suspended.json()["status"] == "suspended", suspended.text
    early = client.post(
        f"{API}/parties/nur-alem/suspension/end", json={"on": "2023-03-31"},
        headers=tokens.commission,
    )  # fmt: skip
    assert early.status_code == 422
    assert "on or after its start, 2023-04-01" in early.json()["error"]["message"]
    ended = client.post(
        f"{API}/parties/nur-alem/suspension/end", json={"on": "2023-05-15"},
        headers=tokens.commission,
    )  # fmt: skip
    assert ended.status_code == 201, ended.text
    assert ended.json()["status"] == "registered"
    join = {"national_id": ARMAN, "on": "2023-05-20"}
    admin_join = client.post(f"{API}/parties/nur-alem/members", json=join, headers=tokens.admin)
    assert admin_join.status_code == 201, admin_join.text
    body = {"on": "2023-07-01", "mode": "merger", "successors": ["alpha"]}
    assert (
        client.post(
            f"{API}/parties/nur-alem/reorganisation", json=body, headers=tokens.officer_a
        ).status_code
        == 403
    )
    done = client.post(
        f"{API}/parties/nur-alem/reorganisation", json=body, headers=tokens.commission
    )
    assert done.status_code == 201, done.text
    out = done.json()
    assert (out["party"]["status"], out["party"]["ended_on"]) == ("reorganised", "2023-07-01")
    assert out["memberships_ended"] == 2
    assert [s["slug"] for s in out["successors"]] == ["alpha"]
    assert _regions(client, "nur-alem") == {}
    report = _verified(client, tokens)
    assert report["active_members"] == 0
    assert report["events"] == 6  # applied and admitted twice, dissolved twice
    kinds = client.get(f"{API}/people/{ARMAN}/memberships", headers=tokens.observer).json()
    assert [e["kind"] for e in kinds["events"]] == ["applied", "admitted", "dissolved"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"on": "2023-07-01", "mode": "fusion", "successors": ["beta"]}, 422, "mode"),
        ({"on": "2023-07-01", "mode": "merger", "successors": []}, 422, "successors"),
        ({"on": "2023-07-01", "mode": "merger", "successors": ["beta", "gamma"]}, 422,
         "a merger has exactly 1 successor; got 2"),
        ({"on": "2023-07-01", "mode": "split", "successors": ["beta"]}, 422,
         "a split has at least 2 successors; got 1"),
        ({"on": "2023-07-01", "mode": "split", "successors": ["beta", "beta"]}, 422,
         "each named once"),
        ({"on": "2023-07-01", "mode": "transformation", "successors": ["alpha"]}, 422,
         "must be other parties"),
        ({"on": "2023-07-01", "mode": "merger", "successors": ["gamma"]}, 404, "no party 'gamma'"),
        ({"on": "2023-07-01", "mode": "merger", "successors": ["b\u0000"]}, 422, "successors"),
        ({"on": "2023-07-01", "mode": "merger",
          "successors": ["b" * (column_length("party.slug") + 1)]}, 422, "successors"),
    ],
)  # fmt: skip
def test_bad_reorganisations_are_4xx(
    client: TestClient, tokens: Any, body: dict[str, Any], status: int, message: str
) -> None:
    """Wrong modes or successors are refused with the reason; alpha stays registered."""
    answer = client.post(
        f"{API}/parties/alpha/reorganisation", json=body, headers=tokens.commission
    )
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert message in (error.get("field") or "") + error["message"]
    assert client.get(f"{API}/parties/alpha").json()["status"] == "registered"


def test_lifecycle_steps_on_unknown_parties_are_404(client: TestClient, tokens: Any) -> None:
    """Every lifecycle step names the unknown party with the known ones."""
    steps = {
        "congress": {"on": "2023-01-01", "founders": [ARMAN]},
        "registration": {"on": "2023-01-01"},
        "recorded-registration": {"on": "2023-01-01", "authority": "MoJ", "reference": "1"},
        "suspension": {"since": "2023-01-01", "court": "court"},
        "suspension/end": {"on": "2023-01-01"},
        "reorganisation": {"on": "2023-01-01", "mode": "merger", "successors": ["alpha"]},
    }
    for step, body in steps.items():
        answer = client.post(f"{API}/parties/nobody/{step}", json=body, headers=tokens.commission)
        assert answer.status_code == 404, (step, answer.text)
        assert "known parties: alpha, beta" in answer.json()["error"]["message"]
    assert client.get(f"{API}/parties/nobody/registration-check").status_code == 404


def test_party_laws_and_regions_are_public(client: TestClient) -> None:
    """The editions a registration is checked against and the region codes, without a token."""
    laws = client.get(f"{API}/party-laws")
    assert laws.status_code == 200, laws.text
    by_id = {law["id"]: law for law in laws.json()}
    assert (
        by_id["kz-party-law-2022"]["min_members"],
        by_id["kz-party-law-2022"]["min_founders"],
    ) == (
        5000,
        700,
    )
    assert by_id["kz-party-law-2022"]["founders_region_share"] == "2/3"
    before = client.get(f"{API}/regions", params={"on": "2018-06-18"}).json()
    after = client.get(f"{API}/regions", params={"on": "2022-06-08"}).json()
    assert (len(before), len(after)) == (16, 20)
    assert "KZ-79" in {r["code"] for r in after} - {r["code"] for r in before}
    assert client.get(f"{API}/regions", params={"on": "June"}).status_code == 422
