"""Statistical evidence of ballot stuffing and rigging from polling-station data.

Pure NumPy/SciPy: arrays in, frozen result objects out; no I/O, no plotting.
"""

from __future__ import annotations

from majlis.forensics._integer import (
    CRITERIA,
    WEIGHTS,
    Criterion,
    IntegerResult,
    Weight,
    integer_percentages,
    integer_percentages_exact,
    integer_percentages_table,
)
from majlis.forensics._klimek import Fingerprint, fingerprint, turnout_share
from majlis.forensics._klimek_model import KlimekFit, fit_klimek_model, simulate_klimek
from majlis.forensics._shpilkin import ShpilkinResult, shpilkin_excess
from majlis.forensics._stations import Counts, Stations
from majlis.forensics._synthetic import SyntheticElection, synthetic_election

__all__ = [
    "CRITERIA",
    "WEIGHTS",
    "Counts",
    "Criterion",
    "Fingerprint",
    "IntegerResult",
    "KlimekFit",
    "ShpilkinResult",
    "Stations",
    "SyntheticElection",
    "Weight",
    "fingerprint",
    "fit_klimek_model",
    "integer_percentages",
    "integer_percentages_exact",
    "integer_percentages_table",
    "shpilkin_excess",
    "simulate_klimek",
    "synthetic_election",
    "turnout_share",
]
