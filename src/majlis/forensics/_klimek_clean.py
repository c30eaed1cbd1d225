"""The fair-election part of Klimek et al.'s model, estimated from the data as their code does.

Klimek, Yegorov, Hanel & Thurner's fitter (``ElectionFitter.m``, as ported to R in Mebane &
Egami's EFToolkit, ``ComputeKlimekModel``) reads the fair election off the left flank of
the main peaks, because fraud only pushes units to higher turnout and higher shares:

* the clean turnout ``tau`` is where the unit histogram (bins of 0.01) first turns down
  after rising (its lowest mode), the clean share ``nu`` the mode of the share histogram
  of the units at or below that turnout;
* ``sigma_tau`` is the root mean square of ``turnout - tau`` over units left of both peaks;
* ``sigma_nu`` is ``sqrt(2)`` times the root mean square of ``share - nu`` left of the
  share peak among those units (the model normalises two normal shares, which halves
  their variance);
* the incremental fraud intensity ``theta`` is the fourth root of the mean square of
  ``share - v_max`` over units right of the highest bin ``v_max``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import signal

__all__ = ["BIN_EDGES", "CleanPeak", "clean_peak", "share_bins"]

Floats = npt.NDArray[np.float64]

BIN_EDGES = -0.005 + 0.01 * np.arange(102)
"""The fitter's histogram edges: 101 bins of 0.01 centred on 0, 0.01, ..., 1."""


@dataclass(frozen=True, slots=True)
class CleanPeak:
    """The fair-election parameters: turnout ``tau`` ± ``sigma_tau``, share ``nu`` ± ``sigma_nu``,
    and the incremental fraud intensity ``theta``."""

    tau: float
    sigma_tau: float
    nu: float
    sigma_nu: float
    theta: float


def share_bins(values: Floats) -> npt.NDArray[np.int64]:
    """The fitter's bin of each value in [0, 1] (``-1`` for a missing value)."""
    index = np.floor((values + 0.005) / 0.01)
    return np.where(np.isfinite(values), np.clip(index, 0, 100), -1).astype(np.int64)


def _lowest_mode(values: Floats, *, lowest: bool = True) -> float:
    """Centre of the lowest (else the highest) mode of the unit histogram (5-bin average)."""
    counts = np.bincount(share_bins(values)[np.isfinite(values)], minlength=101).astype(float)
    smooth = np.convolve(counts, np.ones(5) / 5, mode="same")
    top = float(smooth.max())
    modes, _ = signal.find_peaks(smooth, height=0.1 * top, prominence=0.005 * top)
    index = int(modes[0]) if modes.size and lowest else int(np.argmax(smooth))
    return float(index) / 100.0


def _rms(values: Floats, floor: float = 0.01) -> float:
    return max(float(np.sqrt(np.mean(values**2))) if values.size else 0.0, floor)


def clean_peak(turnout: Floats, share: Floats) -> CleanPeak:
    """Estimate the fair election from unit turnouts and winner shares (fractions)."""
    tau = _lowest_mode(turnout)
    honest = turnout <= tau
    nu = _lowest_mode(share[honest], lowest=False) if honest.sum() >= 10 else _lowest_mode(share)
    left = share < nu
    sigma_tau = _rms(turnout[left & (turnout < tau)] - tau)
    sigma_nu = np.sqrt(2.0) * _rms(share[left & honest] - nu)
    counts = np.bincount(share_bins(share), minlength=101)
    v_max = float(np.argmax(counts)) / 100.0
    right = share[share > v_max] - v_max
    theta = float(np.sqrt(_rms(right, floor=1e-4))) if right.size else 0.1
    return CleanPeak(tau=tau, sigma_tau=sigma_tau, nu=nu, sigma_nu=float(sigma_nu), theta=theta)
