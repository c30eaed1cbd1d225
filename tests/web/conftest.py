"""Fixtures of the browser tests: the app under uvicorn on a loopback port, and Chromium.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright — never a downloaded one.
Screenshots of every page go to ``test-artifacts/`` (gitignored).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page

from majlis import registry, store
from majlis.api import Settings, create_app
from majlis.store.tokens import Role, issue_token

REPO = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = REPO / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class LiveServer:
    """A running app: its base URL and its database URL."""

    url: str
    database_url: str


@dataclass(frozen=True)
class RoleTokens:
    """A token secret per role: admin, commission, observer, officers of two parties."""

    admin: str
    commission: str
    observer: str
    officer_nur_otan: str
    officer_ak_zhol: str


@pytest.fixture(scope="session")
def live_database(demo_database: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the demo database for the browser session."""
    path = tmp_path_factory.mktemp("web") / "web.sqlite3"
    shutil.copyfile(demo_database, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def role_tokens(live_database: str) -> RoleTokens:
    """Tokens of every role, issued in the browser session's database."""
    engine = store.make_engine(live_database)
    with store.session_factory(engine)() as session, session.begin():

        def issue(name: str, role: Role, party: str | None = None) -> str:
            party_id = registry.get_party(session, party).id if party else None
            return issue_token(session, name=name, role=role, party_id=party_id).secret

        tokens = RoleTokens(
            admin=issue("Admin", Role.ADMIN),
            commission=issue("CEC clerk", Role.COMMISSION),
            observer=issue("Observer Erkin", Role.OBSERVER),
            officer_nur_otan=issue("Nur Otan secretary", Role.PARTY_OFFICER, "nur-otan"),
            officer_ak_zhol=issue("Ak Zhol secretary", Role.PARTY_OFFICER, "ak-zhol"),
        )
    engine.dispose()
    return tokens


@pytest.fixture(scope="session")
def live_server(live_database: str) -> Iterator[LiveServer]:
    """The app served by uvicorn in a thread on a free loopback port."""
    port = _free_port()
    app = create_app(Settings(database_url=live_database, access_log=False, log_level="warning"))
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield LiveServer(url=f"http://127.0.0.1:{port}", database_url=live_database)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) and page, phone-sized if asked by a test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def shoot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot as test-artifacts/<name>.png (returns its path)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
