"""Resampled kernel density spikes (Rozenas 2017): the share of stations with forged shares.

Source: A. Rozenas, "Detecting Election Fraud from Irregularities in Vote-Share
Distributions", Political Analysis 25(1):41–56, 2017, and his R package ``spikes`` 1.1
(functions ``spikes``, ``fraud``, ``resample``). Officials who forge results tend to write
"coarse" shares (1/2, 2/3, 70 %...), which pile up as spikes in the histogram of a list's
share. A smooth model (beta-binomial mixtures for turnout and support) is fitted, each
station is resampled from its posterior many times, and the upper envelope of the resampled
kernel densities is the band that honest counting noise can reach. Bins whose observed
density rises above the envelope are spikes; their excess weight over the resampled mean,
in percent of stations, is the estimated share of stations with forged coarse shares.

Known deviations: the kernel density follows R's ``density()`` of the package's era
(linear binning on 2^k points, FFT convolution, linear interpolation), so kernel details
match up to floating point; the latent mixtures are fitted by direct maximum likelihood
(see :mod:`majlis.forensics.betabinomial`) instead of the package's loose EM; the random
streams differ, so envelopes and shares agree with the package within resampling noise,
not digit for digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.forensics.betabinomial import BetaBinomialMixture, fit_beta_binomial_mixture

__all__ = ["SpikesResult", "binned_density", "resampled_kernel_spikes"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_BLOCK_ELEMENTS = 2_000_000  # station draws per block: keeps a block near 100 MB


@dataclass(frozen=True, slots=True)
class SpikesResult:
    """What :func:`resampled_kernel_spikes` found.

    ``fraud_share`` is in percent of stations (the package's ``fraud``); ``x`` the grid;
    ``density`` the observed kernel density; ``envelope`` the upper envelope of the resampled
    densities (``ymax``); ``excess`` the positive excess bin weights (``w``); ``spikes`` the
    grid points where the observed density exceeds the envelope and the excess is positive;
    ``flagged`` the stations whose observed share lies in a spike bin.
    """

    fraud_share: float
    x: FloatArray
    density: FloatArray
    envelope: FloatArray
    excess: FloatArray
    spikes: npt.NDArray[np.bool_]
    flagged: npt.NDArray[np.bool_]
    turnout_model: BetaBinomialMixture
    support_model: BetaBinomialMixture
    resamples: int
    bandwidth: float
    seed: int


def binned_density(samples: FloatArray, *, bandwidth: float, grid: int) -> FloatArray:
    """Gaussian kernel density of each row of ``samples`` on ``grid`` points of [0, 1].

    Mirrors R's ``density(x, bw, from = 0, to = 1, n = grid)`` (pre-4.4 coordinates):
    linear binning of weight 1/n on ``m = max(512, 2^ceil(log2(grid)))`` points spanning
    [−4·bw, 1 + 4·bw], circular FFT convolution with the kernel on ``2m`` lags, then linear
    interpolation to the user grid. Non-finite samples are dropped (weight 1/#finite).
    """
    x = np.atleast_2d(samples)
    rows = x.shape[0]
    m = 512 if grid <= 512 else int(2 ** np.ceil(np.log2(grid)))
    lo, up = -4.0 * bandwidth, 1.0 + 4.0 * bandwidth
    delta = (up - lo) / (m - 1)
    size = rows * 2 * m
    row_off = (np.arange(rows) * 2 * m)[:, None]
    if bool(((x >= 0.0) & (x <= 1.0)).all()):  # resampled shares: every point inside the grid
        pos = (x - lo) / delta
        ix = pos.astype(np.int64)  # pos > 0: truncation is the floor
        fx = pos - ix
        cell = (row_off + ix).ravel()
        weight = 1.0 / x.shape[1]
        binned = np.bincount(cell, weights=(weight * (1.0 - fx)).ravel(), minlength=size)
        binned += np.bincount(cell + 1, weights=(weight * fx).ravel(), minlength=size)
    else:
        finite = np.isfinite(x)
        weights = 1.0 / np.maximum(finite.sum(axis=1, keepdims=True), 1)
        pos = (np.where(finite, x, -1e9) - lo) / delta
        ix = np.floor(pos).astype(np.int64)
        fx = pos - ix
        w = np.broadcast_to(weights, x.shape)
        left = np.where(finite & (ix >= 0) & (ix <= m - 1), w * (1 - fx), 0.0)
        right = np.where(finite & (ix >= -1) & (ix <= m - 2), w * fx, 0.0)
        binned = np.bincount(
            (row_off + np.clip(ix, 0, m - 1)).ravel(), weights=left.ravel(), minlength=size
        )
        binned += np.bincount(
            (row_off + np.clip(ix + 1, 0, m - 1)).ravel(), weights=right.ravel(), minlength=size
        )
    binned = binned.reshape(rows, 2 * m)
    lags = np.linspace(0.0, 2.0 * (up - lo), 2 * m)
    lags[m + 1 :] = -lags[m - 1 : 0 : -1]
    kernel = np.exp(-0.5 * (lags / bandwidth) ** 2) / (bandwidth * np.sqrt(2 * np.pi))
    conv = np.fft.irfft(np.fft.rfft(binned, axis=1) * np.conj(np.fft.rfft(kernel)), n=2 * m, axis=1)
    dens = np.maximum(conv[:, :m], 0.0)
    xords = np.linspace(lo, up, m)
    xgrid = np.linspace(0.0, 1.0, grid)
    j = np.clip(np.searchsorted(xords, xgrid, side="right") - 1, 0, m - 2)
    t = (xgrid - xords[j]) / delta
    return np.asarray(dens[:, j] * (1 - t) + dens[:, j + 1] * t, dtype=np.float64)


def _bins(values: FloatArray, grid: int) -> IntArray:
    """Index of the right-closed bin of width 1/(grid−1) centred on each grid point; −1 if none.

    The edges are R's ``seq(-h/2, 1 + h/2, by = h)``; the bin is found arithmetically and
    then corrected against the floating-point edges, so values on an edge fall as in R's
    ``cut(..., include.lowest = TRUE)``.
    """
    h = 1.0 / (grid - 1)
    edges = -h / 2 + np.arange(grid + 1) * h
    ok = np.isfinite(values)
    v = np.where(ok, values, -1.0)
    idx = np.clip(np.floor((v - edges[0]) / h).astype(np.int64), 0, grid - 1)
    idx = np.where(v <= edges[idx], idx - 1, idx)
    idx = np.where(v > edges[np.clip(idx + 1, 0, grid)], idx + 1, idx)
    idx = np.where(v == edges[0], 0, idx)  # include.lowest
    return np.where(ok & (v >= edges[0]) & (v <= edges[-1]), idx, -1).astype(np.int64)


def _bin_shares(idx: IntArray, grid: int) -> FloatArray:
    """Share of the (non-missing) values of each row in each bin, ``(rows, grid)``."""
    rows = idx.shape[0]
    ok = idx >= 0
    flat = (np.arange(rows)[:, None] * grid + idx)[ok]
    counts = np.bincount(flat, minlength=rows * grid).reshape(rows, grid).astype(np.float64)
    return np.asarray(counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0))


def _draw_components(resp: FloatArray, rows: int, rng: np.random.Generator) -> IntArray:
    """Draw each station's mixture component from its responsibilities, ``rows`` times."""
    cum = np.cumsum(resp, axis=1)
    cum /= cum[:, -1:]
    k = np.zeros((rows, resp.shape[0]), dtype=np.int64)
    if resp.shape[1] == 1:
        return k
    u = rng.random((rows, resp.shape[0]))
    for j in range(resp.shape[1] - 1):
        k += u > cum[:, j]
    return k


def _beta(a: FloatArray, b: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Beta(a, b) draws as G_a / (G_a + G_b) from single-precision gammas.

    The same law as ``rng.beta`` and about three times faster; single precision (7 digits)
    is ample for a probability handed to a binomial draw of a few thousand voters.
    """
    ga = rng.standard_gamma(a.astype(np.float32), dtype=np.float32)
    gb = rng.standard_gamma(b.astype(np.float32), dtype=np.float32)
    return np.asarray(ga / (ga + gb), dtype=np.float64)


def _resample_shares(
    n: FloatArray,
    t: FloatArray,
    v: FloatArray,
    models: tuple[BetaBinomialMixture, BetaBinomialMixture],
    resp: tuple[FloatArray, FloatArray],
    rows: int,
    rng: np.random.Generator,
) -> FloatArray:
    """``rows`` resamples of every station's share from its posterior predictive."""
    mt, mv = models
    k = _draw_components(resp[0], rows, rng)
    pt = _beta(t + np.asarray(mt.alpha)[k], n - t + np.asarray(mt.beta)[k], rng)
    t_new = rng.binomial(n.astype(np.int64), pt)
    k = _draw_components(resp[1], rows, rng)
    pv = _beta(v + np.asarray(mv.alpha)[k], t - v + np.asarray(mv.beta)[k], rng)
    v_new = rng.binomial(t_new, pv)
    with np.errstate(all="ignore"):
        share = v_new / t_new
    return np.where(t_new == 0, 0.0, share)


def resampled_kernel_spikes(
    registered: npt.ArrayLike,
    turnout: npt.ArrayLike,
    votes: npt.ArrayLike,
    *,
    resamples: int = 1000,
    bandwidth: float = 1e-4,
    grid: int = 1001,
    seed: int = 0,
    turnout_model: BetaBinomialMixture | None = None,
    support_model: BetaBinomialMixture | None = None,
) -> SpikesResult:
    """Estimate the share of stations with forged coarse vote shares (Rozenas 2017).

    Args:
        registered: registered voters per station (the package's ``N``).
        turnout: voters who turned out (``t``; the denominator of the share).
        votes: votes for the list under test (``v``).
        resamples: resampled data sets (the package's default 1000).
        bandwidth: Gaussian kernel bandwidth (default 1e-4, as the package).
        grid: points of the density grid on [0, 1] (default 1001).
        seed: seed of the resampling.
        turnout_model: a fitted turnout mixture to reuse (fitted here when omitted).
        support_model: a fitted support mixture to reuse (fitted here when omitted).
    """
    n = np.asarray(registered, dtype=np.float64)
    t = np.asarray(turnout, dtype=np.float64)
    v = np.asarray(votes, dtype=np.float64)
    keep = (
        np.isfinite(n) & np.isfinite(t) & np.isfinite(v) & (t > 0) & (n >= t) & (t >= v) & (v >= 0)
    )
    nk, tk, vk = n[keep], t[keep], v[keep]
    mt = turnout_model or fit_beta_binomial_mixture(tk, nk, seed=seed)
    mv = support_model or fit_beta_binomial_mixture(vk, tk, seed=seed)
    resp = (mt.responsibilities(tk, nk), mv.responsibilities(vk, tk))
    observed = vk / tk
    density = binned_density(observed, bandwidth=bandwidth, grid=grid)[0]
    rng = np.random.default_rng(seed)
    envelope = np.zeros(grid)
    mean_bins = np.zeros(grid)
    block = max(1, _BLOCK_ELEMENTS // max(1, len(tk)))
    for lo in range(0, resamples, block):
        rows = min(block, resamples - lo)
        shares = _resample_shares(nk, tk, vk, (mt, mv), resp, rows, rng)
        envelope = np.maximum(
            envelope, binned_density(shares, bandwidth=bandwidth, grid=grid).max(axis=0)
        )
        mean_bins += _bin_shares(_bins(shares, grid), grid).sum(axis=0)
    mean_bins /= max(resamples, 1)
    obs_idx = _bins(observed, grid)
    excess = np.maximum(_bin_shares(obs_idx[None, :], grid)[0] - mean_bins, 0.0)
    spikes = (envelope < density) & (excess > 0)
    flagged = np.zeros(len(n), dtype=bool)
    flagged[np.flatnonzero(keep)] = (obs_idx >= 0) & spikes[np.maximum(obs_idx, 0)]
    return SpikesResult(
        fraud_share=float(100.0 * excess[envelope < density].sum()),
        x=np.linspace(0.0, 1.0, grid),
        density=density,
        envelope=envelope,
        excess=excess,
        spikes=spikes,
        flagged=flagged,
        turnout_model=mt,
        support_model=mv,
        resamples=resamples,
        bandwidth=bandwidth,
        seed=seed,
    )
