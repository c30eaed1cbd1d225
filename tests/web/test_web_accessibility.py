"""WCAG 2.1 A/AA on every dashboard page, checked with axe-core in Chromium: no violation of
impact serious or critical, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser
from sqlalchemy import create_engine

from majlis import results, store

pytestmark = pytest.mark.browser

ELECTION = "kz-majlis-2021"


def _pages(live_server: Any) -> list[str]:
    engine = create_engine(live_server.database_url)
    with store.session_factory(engine)() as session:
        place = next(iter(results.station_places(session).values()))
    engine.dispose()
    e = f"election={ELECTION}"
    return [
        "/",
        f"/results?{e}",
        f"/results/regions/{quote(place.region, safe='')}?{e}",
        f"/results/territories/{quote(place.territorial, safe='')}?{e}",
        f"/stations/{place.code}?{e}",
        f"/stations?q={place.code[:3]}",
        f"/discrepancies?{e}",
        f"/forensics?{e}",
        f"/pvt?{e}",
        "/parties",
        "/parties/nur-otan",
        "/parliament",
        "/login",
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violations(
    browser: Browser,
    live_server: Any,
    width: int,
    serious_violations: Callable[..., dict[str, Any]],
) -> None:
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on any page."""
    pages = {path: live_server.url + path for path in _pages(live_server)}
    assert serious_violations(browser, width, pages) == {}
