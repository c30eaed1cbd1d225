"""The drill-down and the station search on SQLite and PostgreSQL (a small synthetic count)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from majlis import store, synth
from majlis.api import Settings, create_app

SPEC = synth.SynthSpec(
    stations=60, territorials=20, seed=5, observer_share=0.3, observer_misreads=3
)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    """The app on a fresh database holding a synthetic count."""
    engine = store.make_engine(database_url)
    with store.session_factory(engine)() as session, session.begin():
        synth.store_synthetic(session, synth.synthesize(SPEC))
    app = create_app(Settings(database_url=database_url, access_log=False), engine=engine)
    with TestClient(app, raise_server_exceptions=False) as http:
        yield http
    engine.dispose()


def test_levels_add_up_and_search_escapes_wildcards(client: TestClient) -> None:
    """Regions sum to the nation, territories to their region; ``%`` and ``_`` match literally."""
    election = SPEC.totals.election
    q = {"election": election}
    national = client.get("/results/table.json", params=q | {"table": "national"}).json()["rows"]
    regions = list(
        csv.DictReader(
            io.StringIO(client.get("/results/table.csv", params=q | {"table": "regions"}).text)
        )
    )
    first = national[0]["list"]
    assert sum(int(r[first]) for r in regions) == national[0]["votes"]
    region = regions[0]["unit"]
    base = f"/results/regions/{quote(region, safe='')}"
    assert client.get(base, params=q).status_code == 200
    territories = client.get(f"{base}/table.json", params=q | {"table": "territories"}).json()
    assert sum(t[first] for t in territories["rows"]) == int(regions[0][first])
    code = territories["rows"][0]["unit"]
    stations = client.get(
        f"/results/territories/{quote(code, safe='')}/table.json",
        params=q | {"table": "stations"},
    ).json()["rows"]
    assert sum(s[first] for s in stations) == territories["rows"][0][first]
    found = client.get("/stations", params={"q": stations[0]["unit"]})
    assert f'href="/stations/{stations[0]["unit"]}"' in found.text
    assert 'data-testid="count">0 stations' in client.get("/stations", params={"q": "_%"}).text
    assert client.get("/stations", params={"q": "a\x00b"}).status_code == 422
    page = client.get(f"/stations/{stations[0]['unit']}", params=q)
    assert page.status_code == 200
    assert "Ballots issued at the station" in page.text
