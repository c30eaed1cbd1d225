"""Klimek et al.'s fraud model: simulate an election with incremental and extreme fraud.

A clean station ``i`` has turnout ``a_i ~ N(tau, sigma_tau)`` and winner share
``v_i ~ N(nu, sigma_nu)`` (clipped to [0, 1]). With probability ``f_i`` it suffers
*incremental* fraud with intensity ``x_i = |N(0, sigma_x)|``, with probability ``f_e``
*extreme* fraud with ``x_i = 1 - |N(0, sigma_e)|`` (clipped to [0, 1]). Fraud stuffs a
share ``x_i`` of the non-voters' ballots for the winner and moves a share ``x_i ** alpha``
of the opposition's votes to the winner. The fit chooses ``f_i`` and ``f_e`` so that the
simulated turnout x winner-share histogram matches the observed one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.forensics._klimek import turnout_share
from majlis.forensics._stations import Stations

__all__ = ["KlimekFit", "fit_klimek_model", "simulate_klimek"]

Floats = npt.NDArray[np.float64]

_F_INCREMENTAL = np.round(np.arange(0.0, 0.6001, 0.02), 4)
_F_EXTREME = np.round(np.arange(0.0, 0.1001, 0.0025), 4)


@dataclass(frozen=True, eq=False)
class KlimekFit:
    """The fitted fraud model of one election.

    Attributes:
        f_incremental, f_extreme: fitted shares of stations with incremental / extreme
            fraud.
        alpha, sigma_e: the fixed shape parameters; sigma_x: the fitted incremental
            fraud intensity (x_i = |N(0, sigma_x)|).
        tau, sigma_tau, nu, sigma_nu: the clean turnout and winner-share distribution,
            estimated from the observed main peak.
        r_squared: goodness of fit, ``1 - SSE / SST`` of the 2D histograms at the best
            parameters (1 = perfect).
        r_squared_clean: the same for the fraud-free model (``f_i = f_e = 0``).
        grid: every evaluated point as rows ``(f_i, f_e, sigma_x, sse)``.
        histogram_observed, histogram_fitted: the compared 2D histograms.
        seed: the seed of the common random numbers.
    """

    f_incremental: float
    f_extreme: float
    alpha: float
    sigma_x: float
    sigma_e: float
    tau: float
    sigma_tau: float
    nu: float
    sigma_nu: float
    r_squared: float
    r_squared_clean: float
    grid: Floats
    histogram_observed: Floats
    histogram_fitted: Floats
    seed: int


def _clean_parameters(
    turnout: Floats, share: Floats, weights: Floats
) -> tuple[float, float, float, float]:
    """Mode and left half-width of turnout; median and spread of share near the mode."""
    edges = np.linspace(0.0, 1.0, 101)
    hist, _ = np.histogram(turnout, bins=edges, weights=weights)
    smooth = np.convolve(hist, np.ones(5) / 5, mode="same")
    centres = (edges[:-1] + edges[1:]) / 2
    window = (centres >= 0.05) & (centres <= 0.9)
    tau = float(centres[np.flatnonzero(window)[np.argmax(smooth[window])]])
    left = turnout <= tau
    sigma_tau = float(np.sqrt(np.average((turnout[left] - tau) ** 2, weights=weights[left])))
    sigma_tau = max(sigma_tau, 0.01)
    near = np.abs(turnout - tau) <= max(sigma_tau / 2, 0.02)
    if near.sum() < 10:
        near = np.ones_like(turnout, dtype=bool)
    nu = float(np.median(share[near]))
    mad = float(np.median(np.abs(share[near] - nu))) * 1.4826
    return tau, sigma_tau, nu, max(mad, 0.01)


@dataclass(frozen=True)
class _Draws:
    """The random numbers of one simulation, reused for every fraud parameter."""

    a: Floats
    v: Floats
    kind: Floats
    z_inc: Floats
    z_ext: Floats

    @classmethod
    def make(
        cls, size: int, *, tau: float, sigma_tau: float, nu: float, sigma_nu: float, seed: int
    ) -> _Draws:
        rng = np.random.default_rng(seed)
        return cls(
            a=np.clip(rng.normal(tau, sigma_tau, size), 0.0, 1.0),
            v=np.clip(rng.normal(nu, sigma_nu, size), 0.0, 1.0),
            kind=rng.random(size),
            z_inc=np.abs(rng.standard_normal(size)),
            z_ext=np.abs(rng.standard_normal(size)),
        )

    def run(
        self, f_incremental: float, f_extreme: float, alpha: float, sigma_x: float, sigma_e: float
    ) -> tuple[Floats, Floats]:
        x_inc = np.minimum(sigma_x * self.z_inc, 1.0)
        x_ext = np.clip(1.0 - sigma_e * self.z_ext, 0.0, 1.0)
        x = np.where(
            self.kind < f_extreme,
            x_ext,
            np.where(self.kind < f_extreme + f_incremental, x_inc, 0.0),
        )
        stuffed = x * (1.0 - self.a)
        turnout = self.a + stuffed
        winner = self.a * self.v + stuffed + x**alpha * self.a * (1.0 - self.v)
        share = np.divide(winner, turnout, out=np.zeros_like(turnout), where=turnout > 0)
        return turnout, share


def simulate_klimek(
    electorate: npt.NDArray[np.int64] | Floats,
    *,
    tau: float,
    sigma_tau: float,
    nu: float,
    sigma_nu: float,
    f_incremental: float,
    f_extreme: float,
    alpha: float = 2.0,
    sigma_x: float = 0.1,
    sigma_e: float = 0.075,
    seed: int = 0,
) -> tuple[Floats, Floats]:
    """Simulate turnout and winner share (fractions) for stations of the given sizes.

    Random numbers depend only on ``seed`` and the number of stations, so different
    fraud parameters reuse the same draws (common random numbers).

    Source: Klimek, Yegorov, Hanel & Thurner (2012), PNAS 109(41), supporting
    information, the fraud model.

    Known deviations: the electorate sizes only set the number of stations (the model
    works with fractions); fraud intensities are half-normal as described in the module
    docstring, our reading of the supporting information.
    """
    _check_shares(f_incremental, f_extreme)
    size = np.asarray(electorate).shape[0]
    draws = _Draws.make(size, tau=tau, sigma_tau=sigma_tau, nu=nu, sigma_nu=sigma_nu, seed=seed)
    return draws.run(f_incremental, f_extreme, alpha, sigma_x, sigma_e)


def _check_shares(f_incremental: float, f_extreme: float) -> None:
    if not (0 <= f_incremental <= 1 and 0 <= f_extreme <= 1 and f_incremental + f_extreme <= 1):
        raise InputError.expected(
            what="The fraud shares (f_incremental, f_extreme)",
            expected="non-negative and summing to at most 1",
            got=(f_incremental, f_extreme),
        )


def _histogram(turnout: Floats, share: Floats, weights: Floats, bins: int) -> Floats:
    it = np.minimum((turnout * bins).astype(np.int64), bins - 1)
    js = np.minimum((share * bins).astype(np.int64), bins - 1)
    hist = np.bincount(it * bins + js, weights=weights, minlength=bins * bins).astype(np.float64)
    total = float(hist.sum())
    normalised: Floats = hist / total if total > 0 else hist
    return normalised.reshape(bins, bins)


def fit_klimek_model(
    stations: Stations,
    *,
    alpha: float = 2.0,
    sigma_x_grid: tuple[float, ...] = (0.1, 0.2, 0.35),
    sigma_e: float = 0.075,
    bins: int = 50,
    seed: int = 0,
) -> KlimekFit:
    """Fit the incremental (f_i) and extreme (f_e) fraud shares by seeded simulation.

    The clean parameters come from the observed main peak (turnout mode and its left
    half-width; winner-share median and MAD near the mode). The fraud shares and the
    incremental intensity ``sigma_x`` are chosen on a grid (``f_i`` 0-0.6 by 0.05 then
    refined by 0.01, ``f_e`` 0-0.1 by 0.01 then by 0.0025, ``sigma_x`` from
    ``sigma_x_grid``) to minimise the squared difference between the voter-weighted 2D
    histograms (``bins`` per axis) of the data and of a simulation with the observed
    electorates, common random numbers for all grid points, and ``seed``.

    Source: Klimek, Yegorov, Hanel & Thurner (2012), PNAS 109(41):16469-16473, and its
    supporting information (the fraud model).

    Known deviations: ``alpha`` and ``sigma_e`` are fixed rather than fitted; the clean
    parameters are robust moment estimates rather than Gaussian fits; the criterion is the
    histogram SSE; results are close to, not equal to, published fits (docs/forensics.md
    compares them with Mebane & Kalinin's).
    """
    turnout, share, registered, _ = turnout_share(stations)
    tau, sigma_tau, nu, sigma_nu = _clean_parameters(turnout, share, registered)
    observed = _histogram(turnout, share, registered, bins)
    sst = float(((observed - observed.mean()) ** 2).sum())
    draws = _Draws.make(
        turnout.size, tau=tau, sigma_tau=sigma_tau, nu=nu, sigma_nu=sigma_nu, seed=seed
    )

    def sse(f_i: float, f_e: float, sigma_x: float) -> tuple[float, Floats]:
        simulated = _histogram(*draws.run(f_i, f_e, alpha, sigma_x, sigma_e), registered, bins)
        return float(((simulated - observed) ** 2).sum()), simulated

    tried: dict[tuple[float, float, float], float] = {}
    best = (np.inf, 0.0, 0.0, sigma_x_grid[0], observed)
    for sigma_x in sigma_x_grid:
        coarse = [(fi, fe) for fi in _F_INCREMENTAL[::5] for fe in _F_EXTREME[::4]]
        local = min(coarse, key=lambda p: _memo(tried, sse, p[0], p[1], sigma_x))
        fine = [
            (fi, fe)
            for fi in np.clip(local[0] + np.arange(-0.04, 0.0401, 0.01), 0, 0.6)
            for fe in np.clip(local[1] + np.arange(-0.0075, 0.00751, 0.0025), 0, 0.1)
        ]
        for fi, fe in fine:
            value = _memo(tried, sse, float(fi), float(fe), sigma_x)
            if value < best[0]:
                best = (value, float(fi), float(fe), sigma_x, sse(float(fi), float(fe), sigma_x)[1])
    clean_sse = sse(0.0, 0.0, sigma_x_grid[0])[0]
    keys = sorted(tried)
    return KlimekFit(
        f_incremental=round(best[1], 4),
        f_extreme=round(best[2], 4),
        alpha=alpha,
        sigma_x=best[3],
        sigma_e=sigma_e,
        tau=tau,
        sigma_tau=sigma_tau,
        nu=nu,
        sigma_nu=sigma_nu,
        r_squared=1.0 - best[0] / sst,
        r_squared_clean=1.0 - clean_sse / sst,
        grid=np.array([[*k, tried[k]] for k in keys]),
        histogram_observed=observed,
        histogram_fitted=best[4],
        seed=seed,
    )


def _memo(
    cache: dict[tuple[float, float, float], float],
    sse: object,
    f_i: float,
    f_e: float,
    sigma_x: float,
) -> float:
    key = (round(float(f_i), 4), round(float(f_e), 4), sigma_x)
    if key not in cache:
        cache[key] = sse(key[0], key[1], sigma_x)[0]  # type: ignore[operator]
    return cache[key]
