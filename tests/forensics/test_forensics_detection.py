"""Detection and false-alarm behaviour on seeded synthetic elections (a small-scale run).

The full table (100 seeds x 5,000 stations) is produced by
benchmarks/forensics_detection.py and reported in docs/forensics.md.
"""

from __future__ import annotations

import numpy as np
import pytest

from majlis.errors import InputError
from majlis.forensics import (
    Stations,
    integer_percentages_exact,
    shpilkin_excess,
    synthetic_election,
)

SEEDS = range(12)


def test_integer_test_false_alarms_and_detection() -> None:
    """At alpha = 0.01: at most 1 of 12 clean elections flagged; drawing 5% flagged in 11+."""
    clean = [integer_percentages_exact(synthetic_election(4000, seed=s).stations) for s in SEEDS]
    drawn = [
        integer_percentages_exact(synthetic_election(4000, seed=s, drawn_share=0.05).stations)
        for s in SEEDS
    ]
    assert sum(r.p_value < 0.01 for r in clean) <= 1
    assert sum(r.p_value < 0.01 for r in drawn) >= 11


def test_shpilkin_false_alarms_and_detection() -> None:
    """Anomalous votes above 1.5% of the leader's: no clean election, every stuffed one."""

    def share(options: dict[str, float], seed: int) -> float:
        stations = synthetic_election(4000, seed=seed, **options).stations  # type: ignore[arg-type]
        return shpilkin_excess(stations).anomalous_votes / stations.leader.sum()

    assert max(share({}, s) for s in SEEDS) < 0.015
    assert min(share({"stuffing_share": 0.05}, s) for s in SEEDS) > 0.015


def test_synthetic_truth_is_consistent() -> None:
    """The generator keeps protocols consistent and reports what it injected."""
    election = synthetic_election(3000, seed=1, stuffing_share=0.1, drawn_share=0.05)
    s = election.stations
    assert s.ballots_issued is not None
    assert s.ballots_cast is not None
    assert s.valid is not None
    assert (s.leader <= s.valid).all()
    assert (s.valid <= s.ballots_cast).all()
    assert (s.ballots_issued <= s.registered).all()
    assert not (election.stuffed & election.drawn).any()
    assert election.stuffed_ballots > 0
    assert 0.07 < election.stuffed.mean() < 0.13
    again = synthetic_election(3000, seed=1, stuffing_share=0.1, drawn_share=0.05)
    assert np.array_equal(again.stations.leader, s.leader)


def test_stations_validation() -> None:
    """Stations refuses mismatched lengths, negative or fractional counts, missing lines."""
    with pytest.raises(InputError, match="one per station"):
        Stations(registered=np.array([10, 20]), leader=np.array([1]), valid=np.array([5, 6]))
    with pytest.raises(InputError, match="non-negative"):
        Stations(registered=np.array([10]), leader=np.array([-1]), valid=np.array([5]))
    with pytest.raises(InputError, match="whole numbers"):
        Stations(registered=np.array([10.5]), leader=np.array([1]), valid=np.array([5]))
    with pytest.raises(InputError, match="at least one"):
        Stations(registered=np.array([10]), leader=np.array([1]))
    with pytest.raises(InputError, match="drawn_share"):
        synthetic_election(10, seed=0, drawn_share=2.0)
    s = Stations(registered=np.array([10, 20]), leader=np.array([1, 2]), valid=np.array([5, 6]))
    assert np.array_equal(s.line("ballots_issued"), s.valid)
    assert s.subset(np.array([False, True])).size == 1
