"""Detection and false-alarm behaviour on seeded synthetic elections (a small-scale run).

The full table (100 seeds x 5,000 stations) is produced by
benchmarks/forensics_detection.py and reported in docs/forensics.md.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from majlis.errors import InputError
from majlis.forensics import Stations, integer_percentages_exact, shpilkin_excess
from majlis.synth import SynthElection, forensic_stations

SEEDS = range(12)
Synthetic = Callable[..., SynthElection]


def test_integer_test_false_alarms_and_detection(synthetic: Synthetic) -> None:
    """At alpha = 0.01: at most 1 of 12 clean elections flagged; drawing 5% flagged in 11+."""

    def p_value(seed: int, drawn: float) -> float:
        stations = forensic_stations(synthetic(4000, seed=seed, drawn=drawn))
        return integer_percentages_exact(stations).p_value

    assert sum(p_value(s, 0.0) < 0.01 for s in SEEDS) <= 1
    assert sum(p_value(s, 0.05) < 0.01 for s in SEEDS) >= 11


def test_shpilkin_false_alarms_and_detection(synthetic: Synthetic) -> None:
    """Anomalous votes above 1.5% of the leader's: at most 1 of 12 clean elections, every stuffed
    one (the false-alarm rate at this threshold is a few percent: docs/forensics.md)."""

    def share(stuffing: float, seed: int) -> float:
        stations = forensic_stations(synthetic(4000, seed=seed, stuffing=stuffing))
        return shpilkin_excess(stations).anomalous_votes / stations.leader.sum()

    assert sum(share(0.0, s) > 0.015 for s in SEEDS) <= 1
    assert min(share(0.05, s) for s in SEEDS) > 0.015


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
    s = Stations(registered=np.array([10, 20]), leader=np.array([1, 2]), valid=np.array([5, 6]))
    assert np.array_equal(s.line("ballots_issued"), s.valid)
    assert s.subset(np.array([False, True])).size == 1
