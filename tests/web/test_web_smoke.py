"""The dashboard shell in Chromium: pages load, login works per role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_home_loads(page: Page, live_server, shoot: Callable[[Page, str], Path]) -> None:  # type: ignore[no-untyped-def]
    """The landing page renders with the navigation and a login link."""
    page.goto(live_server.url + "/")
    assert page.title() == "majlis · majlis"
    assert page.get_by_role("navigation", name="Main").is_visible()
    shoot(page, "home")
