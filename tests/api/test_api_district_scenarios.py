"""Districted what-ifs and projections over HTTP: Spain 2023 per province in the body."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

DATA = Path(__file__).parents[1] / "golden" / "data"


def _spain() -> list[dict[str, Any]]:
    """Spain 2023 per province (BOE-A-2023-18907): seats, blank votes and lists."""
    lists: dict[str, list[dict[str, Any]]] = {}
    with (DATA / "es-congreso-2023.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lists.setdefault(row["constituency"], []).append(
                {"name": row["party"], "votes": int(row["votes"])}
            )
    out = []
    with (DATA / "es-congreso-2023-constituencies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["constituency"]
            blank = int(row["valid_votes"]) - sum(x["votes"] for x in lists[name])
            out.append(
                {"name": name, "seats": int(row["seats"]), "blank": blank, "lists": lists[name]}
            )
    return out


def test_districted_what_if_shows_the_provinces(client: TestClient) -> None:
    """A Madrid move and a national swing: seats per party and per province, 350 in all."""
    body = {
        "ruleset": "es-congreso-1985",
        "constituencies": _spain(),
        "changes": [
            {"kind": "move_votes", "source": "PSOE", "target": "PP", "votes": 60000,
             "constituency": "Madrid"},
            {"kind": "move_share", "source": "VOX", "target": "PP", "share": "1/5"},
        ],
    }  # fmt: skip
    response = client.post("/api/v1/allocations/what-if", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    rows = {r["party"]: r for r in data["rows"]}
    assert rows["PP"]["before"] == 137
    assert rows["PP"]["after"] > 137
    assert sum(r["after"] for r in data["rows"]) == 350
    assert "Madrid" in {c["constituency"] for c in data["constituencies"]}
    assert sum(c["change"] for c in data["constituencies"]) == 0


def test_districted_bad_input_is_4xx_naming_the_field(client: TestClient) -> None:
    """Seats not adding up, no constituencies, an unknown province: 4xx, never 5xx."""
    provinces = _spain()
    provinces[0]["seats"] += 1
    change = {"kind": "move_votes", "source": "PP", "target": "VOX", "votes": 1}
    bad = client.post(
        "/api/v1/allocations/what-if",
        json={"ruleset": "es-congreso-1985", "constituencies": provinces, "changes": [change]},
    )
    assert bad.status_code == 422, bad.text
    assert bad.json()["error"]["field"] == "seats"
    none = client.post(
        "/api/v1/allocations/what-if",
        json={
            "ruleset": "es-congreso-1985",
            "lists": [{"name": "PP", "votes": 5}],
            "changes": [change],
        },
    )
    assert none.status_code == 422, none.text
    assert none.json()["error"]["field"] == "constituencies"
    nowhere = client.post(
        "/api/v1/allocations/what-if",
        json={
            "ruleset": "es-congreso-1985",
            "constituencies": _spain(),
            "changes": [{**change, "constituency": "Atlantis"}],
        },
    )
    assert nowhere.status_code == 404, nowhere.text
    assert "Atlantis" in nowhere.json()["error"]["message"]
    national = client.post(
        "/api/v1/allocations/what-if",
        json={"ruleset": "kz-majlis-2009", "constituencies": _spain(), "changes": [change]},
    )
    assert national.status_code == 422, national.text


def test_districted_projection(client: TestClient) -> None:
    """A national poll swung onto 2023: mean seats sum to 350; provinces carry their means."""
    names = ["PP", "PSOE", "VOX", "SUMAR", "EH Bildu", "EAJ-PNV", "PSC", "ERC", "JUNTS", "BNG",
             "UPN", "CCa"]  # fmt: skip
    shares = ["33.1", "27", "12.4", "10", "1.4", "1.1", "5.3", "1.9", "1.6", "0.6", "0.2", "0.5"]
    body = {
        "ruleset": "es-congreso-1985",
        "names": names,
        "shares": [str(float(s) / 100) for s in shares],
        "sample_size": 2000,
        "runs": 100,
        "seed": 4,
        "constituencies": _spain(),
        "swing": "uniform",
    }
    first = client.post("/api/v1/projections", json=body)
    assert first.status_code == 200, first.text
    data = first.json()
    assert data == client.post("/api/v1/projections", json=body).json()
    assert abs(sum(x["mean_seats"] for x in data["lists"]) - 350) < 1e-6
    assert abs(sum(data["constituencies"]["Madrid"].values()) - 37) < 1e-6
    fewer = {**body, "names": names[:-1], "shares": body["shares"][:-1]}
    missing = client.post("/api/v1/projections", json=fewer)
    assert missing.status_code == 422, missing.text
    assert "CCa" in missing.json()["error"]["message"]


def test_projection_work_is_bounded(client: TestClient) -> None:
    """A law the kernel refuses (Czechia's national remainders) caps the exact-engine work."""
    lists: dict[str, list[dict[str, Any]]] = {}
    with (DATA / "cz-psp-2021.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lists.setdefault(row["constituency"], []).append(
                {"name": row["party"], "votes": int(row["votes"])}
            )
    names = sorted({x["name"] for rows in lists.values() for x in rows})
    body = {
        "ruleset": "cz-snemovna-2021",
        "names": names,
        "shares": ["1/50"] * len(names),
        "sample_size": 1000,
        "runs": 2000,
        "constituencies": [{"name": n, "lists": rows} for n, rows in lists.items()],
    }
    response = client.post("/api/v1/projections", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "runs"
