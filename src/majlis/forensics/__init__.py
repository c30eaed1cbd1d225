"""Statistical evidence of ballot stuffing and rigging from polling-station data.

Pure NumPy/SciPy: arrays in, frozen result objects out; no I/O, no plotting.
"""

from __future__ import annotations

from majlis.forensics._stations import Counts, Stations
from majlis.forensics.betabinomial import BetaBinomialMixture, fit_beta_binomial_mixture
from majlis.forensics.digits import (
    BENFORD_SECOND_DIGIT,
    ChiSquare,
    chi_square,
    last_digit,
    percent_last_digit,
    second_digit,
)
from majlis.forensics.distribution import (
    DistributionRow,
    DistributionTests,
    Estimate,
    distribution_tests,
)
from majlis.forensics.flags import StationFlags, robust_z, station_flags
from majlis.forensics.rozenas import SpikesResult, binned_density, resampled_kernel_spikes

__all__ = [
    "BENFORD_SECOND_DIGIT",
    "BetaBinomialMixture",
    "ChiSquare",
    "Counts",
    "DistributionRow",
    "DistributionTests",
    "Estimate",
    "SpikesResult",
    "StationFlags",
    "Stations",
    "binned_density",
    "chi_square",
    "distribution_tests",
    "fit_beta_binomial_mixture",
    "last_digit",
    "percent_last_digit",
    "resampled_kernel_spikes",
    "robust_z",
    "second_digit",
    "station_flags",
]
