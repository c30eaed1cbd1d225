"""Session-wide caches of the real data sets (parsed once per run); synthetic elections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from majlis.datasets import fetch_poland_2020, fetch_russia, to_stations
from majlis.forensics import Stations
from majlis.synth import Irregularities, SynthElection, homogeneous_spec, synthesize


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


@pytest.fixture(scope="session")
def synthetic() -> Callable[..., SynthElection]:
    """A seeded homogeneous synthetic election: ``synthetic(4000, seed=1, stuffing=0.05)``.

    ``stuffing``: the share of stations where a share 0.2–0.6 of the non-voters' ballots is
    stuffed for the leader; ``drawn``: the share whose turnout and leader's result are
    written up to the next integer percentage (Kobak, Shpilkin & Pshenichnikov 2016).
    """

    def make(
        stations: int, *, seed: int, stuffing: float = 0.0, drawn: float = 0.0
    ) -> SynthElection:
        irregularities = Irregularities(
            stuffing_share=stuffing,
            stuffing_intensity=(0.2, 0.6),
            rounding_share=drawn,
            rounding_step=1,
            rounding_result=True,
        )
        return synthesize(homogeneous_spec(stations, seed=seed, irregularities=irregularities))

    return make
