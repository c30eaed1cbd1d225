"""Session-wide caches of the real data sets, so each file is parsed once per run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from majlis.datasets import fetch_poland_2020, fetch_russia, to_stations
from majlis.forensics import Stations


@pytest.fixture(scope="session")
def russia(shared_data: Path) -> Callable[..., Stations]:
    """Russian elections as Stations, cached: ``russia(2011, evoting=False)``."""
    frames: dict[int, pl.DataFrame] = {}

    def get(year: int, *, evoting: bool = True) -> Stations:
        if year not in frames:
            frames[year] = fetch_russia(year, data_home=shared_data).frame
        frame = frames[year] if evoting else frames[year].filter(~pl.col("evoting"))
        return to_stations(frame)

    return get


@pytest.fixture(scope="session")
def poland_round2(shared_data: Path) -> Stations:
    """Poland 2020, round 2, districts with complete protocols."""
    frame = fetch_poland_2020(2, data_home=shared_data).frame
    return to_stations(
        frame.drop_nulls(["registered", "ballots_issued", "ballots_cast", "valid", "leader"])
    )
