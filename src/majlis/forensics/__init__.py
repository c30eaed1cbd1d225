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
from majlis.forensics._klimek_model import KlimekFit, fit_klimek_model
from majlis.forensics._klimek_sim import simulate_klimek
from majlis.forensics._rozenas_interval import SpikesInterval, spikes_interval
from majlis.forensics._shpilkin import ShpilkinResult, shpilkin_excess
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
from majlis.forensics.mebane import MixtureFraudFit, fit_fraud_mixture
from majlis.forensics.rozenas import SpikesResult, binned_density, resampled_kernel_spikes

__all__ = [
    "BENFORD_SECOND_DIGIT",
    "CRITERIA",
    "WEIGHTS",
    "BetaBinomialMixture",
    "ChiSquare",
    "Counts",
    "Criterion",
    "DistributionRow",
    "DistributionTests",
    "Estimate",
    "Fingerprint",
    "IntegerResult",
    "KlimekFit",
    "MixtureFraudFit",
    "ShpilkinResult",
    "SpikesInterval",
    "SpikesResult",
    "StationFlags",
    "Stations",
    "Weight",
    "binned_density",
    "chi_square",
    "distribution_tests",
    "fingerprint",
    "fit_beta_binomial_mixture",
    "fit_fraud_mixture",
    "fit_klimek_model",
    "integer_percentages",
    "integer_percentages_exact",
    "integer_percentages_table",
    "last_digit",
    "percent_last_digit",
    "resampled_kernel_spikes",
    "robust_z",
    "second_digit",
    "shpilkin_excess",
    "simulate_klimek",
    "spikes_interval",
    "station_flags",
    "turnout_share",
]
