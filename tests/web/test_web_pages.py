"""Every dashboard page in Chromium on the demo data: numbers checked against the database."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page
from sqlalchemy import create_engine

from majlis import parliament, registry, results, store
from majlis.report import METHODS

pytestmark = pytest.mark.browser

ELECTION = "kz-majlis-2021"
Shoot = Callable[[Page, str], Path]


@pytest.fixture(scope="module")
def db(live_server: Any) -> Iterator[Any]:
    """A read session on the live server's database.

    A plain engine (deferred transactions), not ``store.make_engine``: its ``BEGIN
    IMMEDIATE`` would hold SQLite's write lock for the whole module and stall the server.
    """
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        yield session
    engine.dispose()


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


def test_results_page_shows_the_tabulation(
    page: Page, live_server: Any, db: Any, shoot: Shoot
) -> None:
    """National votes, station count and seats on the page equal the database's tabulation."""
    page.goto(f"{live_server.url}/results?election={ELECTION}")
    national = results.tabulate_election(db, ELECTION).tally(results.Level.NATIONAL, "national")
    rows = page.locator("[data-testid=national] tbody tr")
    shown = {
        rows.nth(i).get_attribute("data-party"): _number(
            rows.nth(i).locator("td").nth(1).inner_text()
        )
        for i in range(rows.count())
    }
    assert shown == dict(national.votes)
    assert _number(page.get_by_test_id("stations").inner_text()) == national.stations
    seats = sum(_number(rows.nth(i).locator("td").nth(3).inner_text()) for i in range(rows.count()))
    assert seats == 98
    assert page.locator("svg.hemicycle circle").count() == 98
    assert "threshold" in page.get_by_test_id("trace").inner_text().lower()
    shoot(page, "results")


def test_results_page_fits_a_phone(browser: Any, live_server: Any, shoot: Shoot) -> None:
    """On a 390 px wide phone the page does not scroll sideways (wide tables scroll inside)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/results?election={ELECTION}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
    shoot(phone, "results-phone")
    context.close()


def test_discrepancy_click_through_to_station(
    page: Page, live_server: Any, db: Any, shoot: Shoot
) -> None:
    """The list equals the database's discrepancies, sorts by size and links to the station."""
    page.goto(f"{live_server.url}/discrepancies?election={ELECTION}")
    expected = results.observer_discrepancies(db, ELECTION)
    assert _number(page.get_by_test_id("count").inner_text()) == len(expected) > 0
    table = page.get_by_test_id("discrepancies")
    page.get_by_role("button", name="Size").click()
    sizes = [_number(t) for t in table.locator("tbody tr td:nth-child(3)").all_inner_texts()]
    assert sizes == sorted(sizes)
    shoot(page, "discrepancies")
    first = table.locator("tbody tr a").first
    code = first.inner_text()
    first.click()
    page.wait_for_url(f"**/stations/{code}**")
    assert page.get_by_role("heading", level=1).inner_text() == f"Polling station {code}"
    side = page.get_by_test_id("side-by-side")
    assert "observer" in side.inner_text()
    assert side.locator("td.bad").count() >= 1
    shoot(page, "station-public")


def test_forensics_page(page: Page, live_server: Any, db: Any, shoot: Shoot) -> None:
    """The audit covers every final station and shows a verdict per method."""
    page.goto(f"{live_server.url}/forensics?election={ELECTION}")
    finals = results.station_frame(db, ELECTION).height
    assert _number(page.get_by_test_id("stations").inner_text()) == finals
    assert page.locator("[data-testid=methods] > tbody > tr").count() == len(METHODS)
    assert page.locator("figure svg").count() == 2
    shoot(page, "forensics")


def test_parties_pages(page: Page, live_server: Any, db: Any, shoot: Shoot) -> None:
    """Members per party equal the registry's count; a party page shows growth and its list."""
    page.goto(f"{live_server.url}/parties")
    expected = {p.slug: n for p, n in registry.list_parties(db)}
    rows = page.locator("[data-testid=parties] tbody tr")
    shown = {
        rows.nth(i).get_attribute("data-slug"): _number(
            rows.nth(i).locator("td").nth(2).inner_text()
        )
        for i in range(rows.count())
    }
    assert shown == expected
    shoot(page, "parties")
    page.get_by_role("link", name="Nur Otan").click()
    assert page.locator("figure svg").count() >= 1
    assert page.get_by_test_id("list").first.locator("li").count() > 0
    shoot(page, "party")


def test_parliament_page_with_replacement(
    page: Page, live_server: Any, db: Any, shoot: Shoot
) -> None:
    """The composition on a date equals the service; the expulsion shows its successor."""
    day = date(2021, 12, 31)
    page.goto(f"{live_server.url}/parliament?on={day.isoformat()}")
    comp = parliament.composition(db, on=day)
    assert _number(page.get_by_test_id("filled").inner_text()) == comp.filled
    assert _number(page.get_by_test_id("vacant").inner_text()) == comp.vacant
    assert page.locator("svg.hemicycle circle").count() == comp.total_posts
    replacements = page.get_by_test_id("replacements")
    assert "expelled" in replacements.inner_text()
    shoot(page, "parliament")


def _login(page: Page, url: str, token: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Token").fill(token)
    page.get_by_role("button", name="Log in").click()


def test_roles_see_what_they_may(
    page: Page, live_server: Any, role_tokens: Any, db: Any, shoot: Shoot
) -> None:
    """The public sees no data entries; an observer does; an officer edits only their party."""
    code = results.observer_discrepancies(db, ELECTION)[0].unit
    station = f"{live_server.url}/stations/{code}?election={ELECTION}"
    page.goto(station)
    assert page.get_by_test_id("versions").count() == 0
    _login(page, live_server.url, "mjl_not-a-token")
    assert page.get_by_role("alert").inner_text() == "Unknown, revoked or expired token."
    shoot(page, "login-refused")
    _login(page, live_server.url, role_tokens.observer)
    assert "observer" in page.get_by_test_id("who").inner_text()
    page.goto(station)
    assert page.get_by_test_id("versions").locator("tbody tr").count() == len(
        results.protocol_history(db, ELECTION, code)
    )
    shoot(page, "station-observer")
    page.get_by_role("button", name="Log out").click()
    _login(page, live_server.url, role_tokens.officer_nur_otan)
    page.goto(f"{live_server.url}/parties/nur-otan")
    assert page.get_by_test_id("can-edit").is_visible()
    page.goto(f"{live_server.url}/parties/ak-zhol")
    assert page.get_by_test_id("can-edit").count() == 0
    shoot(page, "party-officer")
    page.get_by_role("button", name="Log out").click()
    for secret, role in ((role_tokens.commission, "commission"), (role_tokens.admin, "admin")):
        _login(page, live_server.url, secret)
        assert role in page.get_by_test_id("who").inner_text()
        page.get_by_role("button", name="Log out").click()


def test_station_page_shows_logged_incidents(
    page: Page, live_server: Any, role_tokens: Any, db: Any, shoot: Shoot
) -> None:
    """An incident an observer logs over the API appears on the public station page."""
    code = results.observer_discrepancies(db, ELECTION)[-1].unit
    evidence = hashlib.sha256(f"photo {code}".encode()).hexdigest()
    made = httpx.post(
        f"{live_server.url}/api/v1/elections/{ELECTION}/incidents",
        json={
            "station": code,
            "category": "protocol-not-posted",
            "description": "No copy of the protocol on the door after the count.",
            "observed_at": "2021-01-10T21:40:00Z",
            "evidence_sha256": evidence,
        },
        headers={"Authorization": f"Bearer {role_tokens.observer}"},
        timeout=30,
    )
    assert made.status_code == 201, made.text
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        stored = results.list_incidents(session, ELECTION, station=code)
    engine.dispose()
    page.goto(f"{live_server.url}/stations/{code}?election={ELECTION}")
    rows = page.get_by_test_id("incidents").locator("tbody tr")
    assert rows.count() == len(stored) >= 1
    shown = rows.last.inner_text()
    assert "protocol not posted" in shown  # the category as words, not its code
    assert "Observer Erkin" in shown
    assert evidence[:12] in shown
    shoot(page, "station-incidents")
