"""How the app serves: the access log and request ids, and the frozen heap of a worker."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from majlis.api import Settings, create_app
from majlis.api.app import served_app


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[TestClient, list[logging.LogRecord]]]:
    """A client of an app with the access log on, and the records it logged."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}", access_log=True)
    app = create_app(settings)
    handler = _Collect()
    access = logging.getLogger("majlis.access")
    access.addHandler(handler)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client, handler.records
    finally:
        access.removeHandler(handler)
        app.state.engine.dispose()


def test_each_request_is_logged_with_status_path_and_duration(
    logged: tuple[TestClient, list[logging.LogRecord]],
) -> None:
    client, records = logged
    assert client.get("/api/v1/health").status_code == 200
    assert client.get("/api/v1/no-such-thing").status_code == 404
    fields = [(r.method, r.path, r.status) for r in records]  # type: ignore[attr-defined]
    assert fields == [("GET", "/api/v1/health", 200), ("GET", "/api/v1/no-such-thing", 404)]
    assert all(r.ms >= 0 for r in records)  # type: ignore[attr-defined]


def test_the_request_id_is_echoed_or_made(
    logged: tuple[TestClient, list[logging.LogRecord]],
) -> None:
    client, records = logged
    given = client.get("/api/v1/health", headers={"X-Request-ID": "abc-123"})
    made = client.get("/api/v1/health")
    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 16
    assert made.headers.get_list("x-request-id") == [made.headers["x-request-id"]]
    assert [r.request_id for r in records] == [  # type: ignore[attr-defined]
        "abc-123",
        made.headers["x-request-id"],
    ]


def test_a_served_app_freezes_the_heap_at_start_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAJLIS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setenv("MAJLIS_ACCESS_LOG", "false")
    gc.unfreeze()
    app = served_app()
    try:
        with TestClient(app) as client:
            assert gc.get_freeze_count() > 10_000
            assert client.get("/api/v1/health").status_code == 200
    finally:
        gc.unfreeze()
        app.state.engine.dispose()


def test_an_embedded_app_leaves_the_collector_alone(tmp_path: Path) -> None:
    gc.unfreeze()
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    with TestClient(app):
        assert gc.get_freeze_count() == 0
    app.state.engine.dispose()
