"""CSV exports of the API carry no live spreadsheet formula."""

from __future__ import annotations

import io

import polars as pl
from fastapi.testclient import TestClient
from sqlalchemy import text

from majlis import csvsafe


def test_the_station_export_of_the_api_neutralises_addresses(demo_client: TestClient) -> None:
    """A station address like =cmd() comes out of /stations.csv as text; votes stay numbers."""
    factory = demo_client.app.state.session_factory  # type: ignore[attr-defined]
    with factory() as session, session.begin():
        session.execute(text("UPDATE polling_station SET address = '=cmd()', region = '-x'"))
    answer = demo_client.get("/api/v1/elections/kz-majlis-2021/stations.csv")
    assert answer.status_code == 200
    frame = pl.read_csv(io.StringIO(answer.text))
    text_cells = [c for c in frame.columns if frame.schema[c] == pl.String]
    values = {v for c in text_cells for v in frame[c].to_list() if isinstance(v, str)}
    assert "'=cmd()" in values
    assert "'-x" in values
    assert not any(v.startswith(csvsafe.TRIGGERS) for v in values)
    assert any(frame.schema[c].is_integer() for c in frame.columns)
