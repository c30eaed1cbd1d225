"""Fixtures of the API tests: an app on a fresh database and tokens of every role."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from majlis import store
from majlis.api import Settings, create_app
from majlis.store.registry_rows import PartyRow
from majlis.store.tokens import Role, issue_token


@dataclass(frozen=True)
class Tokens:
    """One bearer header per role."""

    admin: dict[str, str]
    commission: dict[str, str]
    observer: dict[str, str]
    officer_a: dict[str, str]
    officer_b: dict[str, str]


@pytest.fixture
def api_settings(database_url: str) -> Settings:
    """Settings for a fresh migrated database (SQLite, then PostgreSQL)."""
    return Settings(database_url=database_url, access_log=False)


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    """A test client of the app on a fresh database."""
    engine = store.make_engine(api_settings.database_url)
    app = create_app(api_settings, engine=engine)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()


@pytest.fixture
def demo_client(demo_database: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A test client on a private copy of the demo database."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_database, path)
    settings = Settings(database_url=f"sqlite:///{path}", access_log=False)
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


def bearer_for(
    client: TestClient, name: str, role: Role, party_id: int | None = None
) -> dict[str, str]:
    """Issue a token straight in the client's database and return its header."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        issued = issue_token(session, name=name, role=role, party_id=party_id)
    return {"Authorization": f"Bearer {issued.secret}"}


@pytest.fixture
def tokens(client: TestClient) -> Tokens:
    """Tokens for admin, commission, observer and officers of parties 1 and 2."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        assert isinstance(session, Session)
        now = datetime.now(UTC)
        for slug in ("alpha", "beta"):
            session.add(
                PartyRow(
                    slug=slug, name=slug.title(), kind="party", status="registered", created_at=now
                )
            )
        session.flush()
        ids = sorted(session.scalars(select(PartyRow.id)))

        def bearer(name: str, role: Role, party_id: int | None = None) -> dict[str, str]:
            issued = issue_token(session, name=name, role=role, party_id=party_id)
            return {"Authorization": f"Bearer {issued.secret}"}

        return Tokens(
            admin=bearer("root", Role.ADMIN),
            commission=bearer("cec", Role.COMMISSION),
            observer=bearer("watch", Role.OBSERVER),
            officer_a=bearer("officer-a", Role.PARTY_OFFICER, ids[0]),
            officer_b=bearer("officer-b", Role.PARTY_OFFICER, ids[1]),
        )
