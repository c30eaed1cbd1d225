"""The drill-down in Chromium: national → region → territory → station and back, the search,
every page at phone width without sideways scrolling, and no console error anywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import create_engine

from majlis import results, store

pytestmark = pytest.mark.browser

ELECTION = "kz-majlis-2021"
Shoot = Callable[[Page, str], Path]


@pytest.fixture(scope="module")
def sample(live_server: Any) -> dict[str, str]:
    """A station of the demo and its territorial commission and region."""
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        place = next(iter(results.station_places(session).values()))
    engine.dispose()
    return {"station": place.code, "territory": place.territorial, "region": place.region}


def _pages(sample: dict[str, str]) -> list[tuple[str, str]]:
    e = f"election={ELECTION}"
    return [
        ("home", "/"),
        ("results", f"/results?{e}"),
        ("region", f"/results/regions/{quote(sample['region'], safe='')}?{e}"),
        ("territory", f"/results/territories/{quote(sample['territory'], safe='')}?{e}"),
        ("station", f"/stations/{sample['station']}?{e}"),
        ("search", f"/stations?q={sample['station'][:3]}"),
        ("discrepancies", f"/discrepancies?{e}"),
        ("forensics", f"/forensics?{e}"),
        ("parties", "/parties"),
        ("party", "/parties/ak-zhol"),
        ("parliament", "/parliament"),
        ("login", "/login"),
    ]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 390 px wide phone."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context.new_page()
    context.close()


def test_click_through_national_to_station_and_back(
    page: Page, live_server: Any, sample: dict[str, str], shoot: Shoot
) -> None:
    """Each level links to the next by name; the station's trail leads back up to the nation."""
    page.goto(f"{live_server.url}/results?election={ELECTION}")
    region_link = page.get_by_test_id("regions").locator(
        f'a[href^="/results/regions/{quote(sample["region"], safe="")}?"]'
    )
    name = region_link.inner_text()
    assert not name.startswith("KZ-")
    region_link.click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    shoot(page, "drill-region")
    page.get_by_test_id("units").get_by_role("link", name=sample["territory"], exact=True).click()
    assert sample["territory"] in page.get_by_role("heading", level=1).inner_text()
    shoot(page, "drill-territory")
    page.get_by_test_id("units").get_by_role("link", name=sample["station"], exact=True).click()
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == f"Polling station {sample['station']}"
    trail = page.get_by_role("navigation", name="Breadcrumb")
    trail.get_by_role("link", name=f"Territorial commission {sample['territory']}").click()
    assert sample["territory"] in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=name).click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="National").click()
    assert page.get_by_test_id("national").is_visible()


def test_search_from_the_results_page(page: Page, live_server: Any, sample: dict[str, str]) -> None:
    """The search form on the results page finds a station by its code and opens it."""
    page.goto(f"{live_server.url}/results?election={ELECTION}")
    page.get_by_label("Find a station by code or address").fill(sample["station"])
    page.get_by_role("button", name="Search").click()
    page.get_by_test_id("found").get_by_role("link", name=sample["station"]).click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == f"Polling station {sample['station']}"
    )


def test_every_page_fits_a_phone_without_console_errors(
    phone: Page, live_server: Any, sample: dict[str, str], shoot: Shoot
) -> None:
    """At 390 px no page scrolls sideways, and none logs a console error or a failed request."""
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda e: problems.append(str(e)))
    phone.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    for name, path in _pages(sample):
        response = phone.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, f"{path} is {width} px wide"
        shoot(phone, f"phone-{name}")
    assert problems == []
