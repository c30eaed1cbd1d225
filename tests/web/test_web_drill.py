"""Drill-down pages, station search and table downloads over HTTP, checked against the services."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import create_engine

from majlis import elections, results, store
from majlis.palette import ink, party_colour
from majlis.registry import stats
from majlis.web._labels import line_label, region_label
from majlis.web._tables import DataTable, Format, download

ELECTION = "kz-majlis-2021"


@pytest.fixture(scope="module")
def db(live_server: Any) -> Iterator[Any]:
    """A read session on the live server's database (deferred transactions)."""
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="module")
def client(live_server: Any) -> Iterator[httpx.Client]:
    """An HTTP client of the live server."""
    with httpx.Client(base_url=live_server.url, timeout=60) as http:
        yield http


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_labels_name_regions_and_lines() -> None:
    """Region codes read as registered names; protocol fields as words with their symbol."""
    assert region_label("KZ-63") == "East Kazakhstan Region"
    assert region_label("Almaty") == "Almaty"
    assert region_label("") == "unknown"
    assert line_label("issued_station") == "Ballots issued at the station (I(station))"
    assert line_label("votes.Nur Otan") == "Votes for Nur Otan"


def test_csv_download_neutralises_formulas() -> None:
    """A text cell a spreadsheet would run as a formula is prefixed; numbers stay numbers."""
    table = DataTable.of("t", ["name", "n"], [["=HYPERLINK(1)", -3], ["ok", 2]])
    body = bytes(download({"t": table}, "t", Format.CSV, stem="x").body).decode()
    assert _rows(body) == [{"name": "'=HYPERLINK(1)", "n": "-3"}, {"name": "ok", "n": "2"}]


def test_national_page_links_every_region_by_name(client: httpx.Client, db: Any) -> None:
    """Each region row of the results page links to its page, under its name."""
    page = client.get("/results", params={"election": ELECTION}).text
    for tally in results.tabulate_election(db, ELECTION).tallies(results.Level.REGION):
        href = f"/results/regions/{quote(tally.unit, safe='')}?election={ELECTION}"
        assert f'href="{href}">{region_label(tally.unit)}</a>' in page.replace("&#39;", "'")
    assert f"background: {party_colour('Ak Zhol')}" in page


def test_one_palette_for_the_dashboard_and_the_demo_report(
    client: httpx.Client, demo_database: Path
) -> None:
    """Each party has the same colour in the demo report's seat bar and on the results page."""
    report = (demo_database.parent / "majlis-demo-report.html").read_text("utf-8")
    page = client.get("/results", params={"election": ELECTION}).text.replace("&#39;", "'")
    for party in ("Nur Otan", "Ak Zhol", "People's Party of Kazakhstan"):
        fill = party_colour(party)
        bar = f'background: {fill}; color: {ink(fill)}" title="{party}:'  # number in contrast
        assert bar in report.replace("&#39;", "'")
        assert f'<span class="swatch" style="background: {fill}"></span>{party}<' in page


def test_region_and_territory_pages_match_the_tabulation(client: httpx.Client, db: Any) -> None:
    """A region's and a territory's downloads equal the tabulation's tallies of their units."""
    tab = results.tabulate_election(db, ELECTION)
    region = tab.tallies(results.Level.REGION)[0]
    base = f"/results/regions/{quote(region.unit, safe='')}"
    page = client.get(base, params={"election": ELECTION})
    assert page.status_code == 200
    assert f'data-testid="stations">{region.stations:,}<' in page.text
    shown = client.get(f"{base}/table.json", params={"election": ELECTION, "table": "result"})
    assert {r["list"]: r["votes"] for r in shown.json()["rows"]} == dict(region.votes)
    units = client.get(f"{base}/table.csv", params={"election": ELECTION, "table": "territories"})
    territories = _rows(units.text)
    assert sum(int(t["stations"]) for t in territories) == region.stations
    code = territories[0]["unit"]
    voters = tab.tally(results.Level.TERRITORIAL, code).lines["voters"]
    assert int(territories[0]["voters"]) == voters
    stations = client.get(
        f"/results/territories/{code}/table.json",
        params={"election": ELECTION, "table": "stations"},
    ).json()["rows"]
    assert len(stations) == int(territories[0]["stations"])
    first = stations[0]
    tally = tab.tally(results.Level.STATION, first["unit"])
    assert first["issued"] == tally.lines["issued"]
    html = client.get(f"/results/territories/{code}", params={"election": ELECTION}).text
    assert f'href="/stations/{first["unit"]}?election={ELECTION}"' in html


def test_flags_and_discrepancies_add_up_to_the_services(client: httpx.Client, db: Any) -> None:
    """The regions' discrepancy counts sum to the service's list; flagged to the stored audit."""
    rows = _rows(
        client.get("/results/table.csv", params={"election": ELECTION, "table": "regions"}).text
    )
    found = results.observer_discrepancies(db, ELECTION)
    assert sum(int(r["observer_discrepancies"]) for r in rows) == len(found) > 0
    forensics = client.get("/forensics", params={"election": ELECTION}).text
    flagged = sum(int(r["flagged_stations"]) for r in rows)
    assert f'data-testid="flagged">{flagged}<' in forensics


def test_downloads_refuse_unknown_tables_and_formats(client: httpx.Client) -> None:
    """An unknown table is a 404 naming those there are; an unknown format a 422."""
    missing = client.get("/results/table.csv", params={"election": ELECTION, "table": "nope"})
    assert missing.status_code == 404
    assert "regions" in missing.text
    assert client.get("/results/table.xml", params={"table": "regions"}).status_code == 422


def test_station_search_by_code_and_address(client: httpx.Client, db: Any) -> None:
    """A code finds its station; a piece of an address finds every station there."""
    place = next(iter(results.station_places(db).values()))
    by_code = client.get("/stations", params={"q": place.code}).text
    assert f'href="/stations/{place.code}"' in by_code
    word = place.address.split(",")[-1].strip()
    expected = sum(1 for p in results.station_places(db).values() if word in p.address)
    shown = client.get("/stations", params={"q": word}).text
    assert f'data-testid="count">{min(expected, 100)} station' in shown
    assert 'data-testid="count">0 stations' in client.get("/stations", params={"q": "%_"}).text
    assert client.get("/stations", params={"q": "x" * 301}).status_code == 422


def test_station_page_labels_and_trail(client: httpx.Client, db: Any) -> None:
    """Protocol lines show as words; the trail links the station's territory and region."""
    place = next(iter(results.station_places(db).values()))
    page = client.get(f"/stations/{place.code}", params={"election": ELECTION}).text
    assert "Ballots issued at the station" in page
    assert ">issued_station<" not in page
    assert "votes.Nur Otan" not in page
    assert f"/results/territories/{place.territorial}?election={ELECTION}" in page


def test_parliament_defaults_to_the_latest_convocation(client: httpx.Client) -> None:
    """Without a date the page shows the latest convocation, with a convocation and date picker."""
    page = client.get("/parliament").text
    assert "Majlis, VIII convocation" in page
    assert 'name="convocation"' in page
    assert 'type="date"' in page
    table = client.get("/parliament/table.json", params={"table": "composition"}).json()["rows"]
    assert sum(r["seats"] for r in table) > 0


def test_party_tables_equal_the_registry_month_by_month(client: httpx.Client, db: Any) -> None:
    """Members by region at each month's start (the six largest regions) equal the registry's
    count on that day; the page lists every list the party filed, and only those."""
    shown = client.get("/parties/nur-otan/table.json", params={"table": "regions_over_time"})
    assert shown.status_code == 200, shown.text
    rows = shown.json()["rows"]
    points = stats.growth(db, party="nur-otan", period="month")
    assert [r["month"] for r in rows] == [p.start.strftime("%Y-%m") for p in points]
    now = stats.members_by_region(db, party="nur-otan")
    top = [code for code, _ in sorted(now, key=lambda r: -r[1])[:6]]
    assert set(rows[0]) == {"month", *(region_label(c) for c in top)}
    for row, point in zip(rows, points, strict=True):
        then = dict(stats.members_by_region(db, party="nur-otan", on=point.start))
        assert {k: v for k, v in row.items() if k != "month"} == {
            region_label(c): then.get(c, 0) for c in top
        }
    page = client.get("/parties/nur-otan").text
    filed = elections.lists_of_party(db, party="nur-otan")
    assert filed
    assert page.count('data-testid="list"') == len(filed)
    for plist in filed:
        assert plist.election_slug in page
    assert client.get("/parties/no-such-party").status_code == 404
