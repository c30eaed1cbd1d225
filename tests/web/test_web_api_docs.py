"""The API's docs render in Chromium with every request off the loopback host refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route

from majlis.web import api_docs

pytestmark = pytest.mark.browser

VENDOR = Path(api_docs.__file__).parent / "static" / "vendor"


@pytest.fixture
def offline(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A page whose requests to any host but 127.0.0.1 are aborted (and recorded), with the
    console errors it logs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page, blocked, errors
    context.close()


def test_swagger_ui_renders_offline(offline: Any, live_server: Any) -> None:
    """Swagger UI loads its bundle from the package and lists the API's operations."""
    page, blocked, errors = offline
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/ready" in p for p in paths)
    assert len(paths) > 20
    assert blocked == []
    assert errors == []


def test_redoc_renders_offline(offline: Any, live_server: Any) -> None:
    """ReDoc loads its bundle from the package and renders the operations."""
    page, blocked, errors = offline
    page.goto(f"{live_server.url}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", timeout=30_000, state="attached")
    assert page.locator("[data-section-id^='operation/']").count() > 20
    assert blocked == []
    assert errors == []


def test_the_vendored_bundles_keep_their_licences() -> None:
    """Each vendored bundle ships with its licence file beside it."""
    assert "Apache License" in (VENDOR / "swagger-ui" / "LICENSE").read_text()
    assert "MIT License" in (VENDOR / "redoc" / "LICENSE").read_text()
    for name in ("swagger-ui/swagger-ui-bundle.js", "redoc/redoc.standalone.js"):
        assert (VENDOR / name).stat().st_size > 500_000
