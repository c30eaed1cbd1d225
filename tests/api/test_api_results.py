"""Protocols, tabulation, discrepancies and exports over HTTP, on the demo data."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient

from majlis import parliament, results
from majlis.report import METHODS
from majlis.store.tokens import Role, issue_token

ELECTION = "kz-majlis-2021"


def _session(client: TestClient) -> Any:
    return client.app.state.session_factory()  # type: ignore[attr-defined]


def _bearer(client: TestClient, name: str, role: Role) -> dict[str, str]:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        return {"Authorization": f"Bearer {issue_token(session, name=name, role=role).secret}"}


def _final_station(client: TestClient) -> str:
    with _session(client) as session:
        return str(results.station_frame(session, ELECTION)["station"][0])


def _lines(station: str, client: TestClient) -> dict[str, Any]:
    with _session(client) as session:
        official = results.latest_protocol(session, ELECTION, station, results.Source.OFFICIAL)
    assert official is not None
    return official.lines.as_dict()


def test_results_match_the_tabulation_in_the_database(demo_client: TestClient) -> None:
    """National and regional tallies equal the results service's tabulation; seats sum to 98."""
    body = demo_client.get(f"/api/v1/elections/{ELECTION}/results").json()
    with _session(demo_client) as session:
        tab = results.tabulate_election(session, ELECTION)
    national = tab.tally(results.Level.NATIONAL, "national")
    assert body["national"]["votes"] == dict(national.votes)
    assert body["national"]["stations"] == national.stations
    assert {t["unit"] for t in body["tallies"]} == set(tab.units(results.Level.REGION))
    assert sum(r["seats"] for r in body["seats"]["rows"]) == 98
    assert any("threshold" in line["kind"] for line in body["seats"]["trace"])


def _moved(lines: dict[str, Any], amount: int = 1) -> dict[str, Any]:
    """The same protocol with ``amount`` votes moved from the first list to the second."""
    names = list(lines["votes"])
    votes = dict(lines["votes"])
    votes[names[0]] -= amount
    votes[names[1]] += amount
    return {**lines, "votes": votes}


def test_results_answer_304_until_a_protocol_changes(demo_client: TestClient) -> None:
    """The results ETag holds while nothing changes and moves after an official correction."""
    url = f"/api/v1/elections/{ELECTION}/results"
    first = demo_client.get(url)
    tag = first.headers["etag"]
    assert demo_client.get(url, headers={"If-None-Match": tag}).status_code == 304
    demo_client.app.state.results_cache.ttl = 0  # type: ignore[attr-defined]
    cec = _bearer(demo_client, "cec", Role.COMMISSION)
    station = _final_station(demo_client)
    lines = _lines(station, demo_client)
    made = demo_client.post(
        f"/api/v1/elections/{ELECTION}/stations/{station}/corrections",
        json={
            "station": station,
            "source": "official",
            "lines": _moved(lines),
            "reason": "recount",
        },
        headers=cec,
    )
    assert made.status_code == 201, made.text
    assert made.json()["final"]["method"] == "correction"
    after = demo_client.get(url, headers={"If-None-Match": tag})
    assert after.status_code == 200
    names = list(lines["votes"])
    before, now = first.json()["national"]["votes"], after.json()["national"]["votes"]
    assert now[names[0]] == before[names[0]] - 1
    assert now[names[1]] == before[names[1]] + 1


def test_double_entry_flow(demo_client: TestClient) -> None:
    """Differing entries block finality until a person resolves them; then it is final."""
    cec = _bearer(demo_client, "cec", Role.COMMISSION)
    station = _final_station(demo_client)
    lines = _lines(station, demo_client)
    for source, figures in (("entry1", lines), ("entry2", _moved(lines, 10))):
        body = {"station": station, "source": source, "lines": figures, "reason": "re-entry"}
        stored = demo_client.post(f"/api/v1/elections/{ELECTION}/protocols", json=body, headers=cec)
        assert stored.status_code == 201, stored.text
    url = f"/api/v1/elections/{ELECTION}/stations/{station}"
    diffs = demo_client.get(url + "/differences", headers=cec).json()
    assert len(diffs) == 2
    assert {d["second"] - d["first"] for d in diffs} == {10, -10}
    refused = demo_client.post(url + "/finalisation", json={}, headers=cec)
    assert refused.status_code == 409
    resolved = demo_client.post(
        url + "/finalisation",
        json={"resolution": {"values": {d["field"]: d["first"] for d in diffs}, "note": "paper"}},
        headers=cec,
    )
    assert resolved.status_code == 201, resolved.text
    assert resolved.json()["method"] == "resolution"
    assert resolved.json()["protocol"]["votes"] == lines["votes"]


def test_submission_and_correction_keep_every_version(demo_client: TestClient) -> None:
    """An observer copy is stored as version 1; a correction adds version 2 with its reason."""
    watch = _bearer(demo_client, "watch", Role.OBSERVER)
    station = _final_station(demo_client)
    data = _lines(station, demo_client)
    body = {
        "station": station,
        "source": "observer",
        "lines": data,
        "evidence_sha256": "a" * 64,
    }
    made = demo_client.post(f"/api/v1/elections/{ELECTION}/protocols", json=body, headers=watch)
    assert made.status_code == 201, made.text
    observer = made.json()["protocol"]["observer"]
    assert observer.startswith("watch #")  # the token's name and its id
    again = demo_client.post(
        f"/api/v1/elections/{ELECTION}/stations/{station}/corrections",
        json={**body, "reason": "photo re-read"},
        headers=watch,
    )
    assert again.status_code == 201, again.text
    history = demo_client.get(
        f"/api/v1/elections/{ELECTION}/stations/{station}/protocols", headers=watch
    ).json()
    mine = [v for v in history if v["observer"] == observer]
    assert [v["version"] for v in mine] == [1, 2]
    assert mine[1]["reason"] == "photo re-read"


def test_roles_on_protocols(demo_client: TestClient) -> None:
    """Observers cannot submit official figures; the public cannot read protocol versions."""
    watch = _bearer(demo_client, "watch", Role.OBSERVER)
    station = _final_station(demo_client)
    body = {"station": station, "source": "official", "lines": _lines(station, demo_client)}
    refused = demo_client.post(f"/api/v1/elections/{ELECTION}/protocols", json=body, headers=watch)
    assert refused.status_code == 403
    anonymous = demo_client.get(f"/api/v1/elections/{ELECTION}/stations/100011/protocols")
    assert anonymous.status_code == 401


def test_broken_protocol_names_the_field_and_stores_nothing(demo_client: TestClient) -> None:
    """A negative vote is refused naming the field; the version count does not move."""
    cec = _bearer(demo_client, "cec", Role.COMMISSION)
    station = _final_station(demo_client)
    data = _lines(station, demo_client)
    data["votes"] = {**data["votes"], "Ak Zhol": -3}
    with _session(demo_client) as session:
        before = results.count_versions(session, ELECTION)
    response = demo_client.post(
        f"/api/v1/elections/{ELECTION}/protocols",
        json={"station": station, "source": "entry1", "lines": data},
        headers=cec,
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "lines.votes.Ak Zhol"
    with _session(demo_client) as session:
        assert results.count_versions(session, ELECTION) == before


def test_discrepancies_and_export(demo_client: TestClient) -> None:
    """Discrepancies equal the service's list; the CSV has one row per final station."""
    body = demo_client.get(f"/api/v1/elections/{ELECTION}/discrepancies").json()
    with _session(demo_client) as session:
        expected = results.observer_discrepancies(session, ELECTION)
        frame = results.station_frame(session, ELECTION)
    assert body["count"] == len(expected) > 0
    assert {d["unit"] for d in body["data"]} == {d.unit for d in expected}
    exported = demo_client.get(f"/api/v1/elections/{ELECTION}/stations.csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == frame.height
    assert {r["station"] for r in rows} == set(frame["station"].to_list())


def test_forensics_covers_every_final_station(demo_client: TestClient) -> None:
    """The audit runs over the final protocols with every registered method."""
    body = demo_client.get(f"/api/v1/elections/{ELECTION}/forensics").json()
    with _session(demo_client) as session:
        finals = results.station_frame(session, ELECTION).height
    assert body["stations"] == finals
    assert [m["key"] for m in body["methods"]] == list(METHODS)


def test_popolo_exports(demo_client: TestClient) -> None:
    """The chamber's Popolo has one membership per mandate; the registry's needs a token."""
    chamber = demo_client.get("/api/v1/parliament/convocations/kz-majlis-viii/popolo").json()
    with _session(demo_client) as session:
        mandates = parliament.mandates(session, convocation="kz-majlis-viii")
    assert len(chamber["memberships"]) == len(mandates)
    assert {m["end_reason"] for m in chamber["memberships"]} >= {None, "expelled from the party"}
    assert demo_client.get("/api/v1/exports/popolo").status_code == 401
    cec = _bearer(demo_client, "cec", Role.COMMISSION)
    registry_doc = demo_client.get("/api/v1/exports/popolo", headers=cec).json()
    assert {"persons", "organizations", "memberships"} <= set(registry_doc)


def test_stations_are_paginated_and_filtered(demo_client: TestClient) -> None:
    """The station list counts every stored station and filters by region."""
    everything = demo_client.get("/api/v1/stations", params={"limit": 5}).json()
    with _session(demo_client) as session:
        places = results.station_places(session)
    assert everything["count"] == len(places)
    assert len(everything["data"]) == 5
    region = everything["data"][0]["region"]
    some = demo_client.get("/api/v1/stations", params={"region": region, "limit": 1000}).json()
    assert some["count"] == sum(p.region == region for p in places.values())
    assert {s["region"] for s in some["data"]} == {region}


def test_copies_for_an_unknown_election_or_list_are_refused(demo_client: TestClient) -> None:
    """A copy for an unknown election is 404, one with a list not on the ballot 422; by name."""
    watch = _bearer(demo_client, "watch-2", Role.OBSERVER)
    station = _final_station(demo_client)
    data = _lines(station, demo_client)
    body = {"station": station, "source": "observer", "lines": data, "evidence_sha256": "b" * 64}
    unknown = demo_client.post("/api/v1/elections/kz-nowhere/protocols", json=body, headers=watch)
    assert unknown.status_code == 404, unknown.text
    assert "kz-nowhere" in unknown.text
    votes = dict(data["votes"])
    votes["Adal Renamed"] = votes.pop(next(iter(votes)))
    renamed = {**body, "lines": {**data, "votes": votes}}
    wrong = demo_client.post(f"/api/v1/elections/{ELECTION}/protocols", json=renamed, headers=watch)
    assert wrong.status_code == 422, wrong.text
    assert "Adal Renamed" in wrong.text
