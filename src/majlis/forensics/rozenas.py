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
not digit for digit. The resampled turnouts are drawn from each station's tabulated
posterior predictive law (at most 1e-11 of it left out; see
:mod:`majlis.forensics._rozenas_draws`) rather than through a beta and a binomial draw:
the same law, drawn faster. The resampled votes, given the new turnout ``t*`` and the
component, follow the beta-binomial ``BB(t*, v + α_k, t − v + β_k)`` that the package's
beta and binomial draws compound to; where both shapes are at least one that mass is
log-concave, and it is drawn directly by exact rejection from a hat built from the mass
at its mode and two lines through neighbouring counts that bound its logarithm (see
:mod:`majlis.forensics._beta_binomial_draws`): the same law, with no approximation
beyond double-precision arithmetic, drawn faster. The other stations (all or none of the
votes for the list, in a component with a shape below one) are drawn as the package draws
them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.forensics._rozenas_draws import LogGammaTables, draw_support, draw_turnout
from majlis.forensics.betabinomial import BetaBinomialMixture, fit_beta_binomial_mixture

__all__ = ["SpikesResult", "binned_density", "consistent_counts", "resampled_kernel_spikes"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
_BLOCK_ELEMENTS = 2_000_000  # station x resample shares held at once (blocks of stations)
_DRAW_ELEMENTS = 131_072  # draws made at once (fewer stations): their temporaries stay in cache
_SLAB_ELEMENTS = 131_072  # shares binned at once (fewer resamples), for the same reason
_EDGE_MARGIN = 1e-9  # shares this close to a bin edge (in bin widths) are checked exactly


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


def _grid_geometry(bandwidth: float, grid: int) -> tuple[int, float, float]:
    """R's binning grid: ``m`` points from ``lo = −4·bw`` with spacing ``delta``."""
    m = 512 if grid <= 512 else int(2 ** np.ceil(np.log2(grid)))
    lo, up = -4.0 * bandwidth, 1.0 + 4.0 * bandwidth
    return m, lo, (up - lo) / (m - 1)


def _smooth(binned: FloatArray, *, bandwidth: float, grid: int) -> FloatArray:
    """Kernel densities on ``grid`` points of [0, 1] from linearly binned rows ``(rows, 2m)``.

    Circular FFT convolution with the Gaussian kernel on ``2m`` lags, then linear
    interpolation from the ``m`` binning points to the user grid, as R's ``density()``.
    """
    m, lo, delta = _grid_geometry(bandwidth, grid)
    up = lo + delta * (m - 1)
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


def binned_density(samples: FloatArray, *, bandwidth: float, grid: int) -> FloatArray:
    """Gaussian kernel density of each row of ``samples`` on ``grid`` points of [0, 1].

    Mirrors R's ``density(x, bw, from = 0, to = 1, n = grid)`` (pre-4.4 coordinates):
    linear binning of weight 1/n on ``m = max(512, 2^ceil(log2(grid)))`` points spanning
    [−4·bw, 1 + 4·bw], circular FFT convolution with the kernel on ``2m`` lags, then linear
    interpolation to the user grid. Non-finite samples are dropped (weight 1/#finite).
    """
    x = np.atleast_2d(samples)
    rows = x.shape[0]
    m, lo, delta = _grid_geometry(bandwidth, grid)
    size = rows * 2 * m
    row_off = (np.arange(rows) * 2 * m)[:, None]
    finite = np.isfinite(x)
    weights = 1.0 / np.maximum(finite.sum(axis=1, keepdims=True), 1)
    pos = (np.where(finite, x, -1e9) - lo) / delta
    ix = np.floor(pos).astype(np.int64)
    fx = pos - ix
    w = np.broadcast_to(weights, x.shape)
    left = np.where(finite & (ix >= 0) & (ix <= m - 1), w * (1 - fx), 0.0)
    right = np.where(finite & (ix >= -1) & (ix <= m - 2), w * fx, 0.0)
    binned = np.zeros(size)
    binned += np.bincount(
        (row_off + np.clip(ix, 0, m - 1)).ravel(), weights=left.ravel(), minlength=size
    )
    binned += np.bincount(
        (row_off + np.clip(ix + 1, 0, m - 1)).ravel(), weights=right.ravel(), minlength=size
    )
    return _smooth(binned.reshape(rows, 2 * m), bandwidth=bandwidth, grid=grid)


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


def _share_bins(share: FloatArray, grid: int) -> IntArray:
    """:func:`_bins` for shares known to lie in [0, 1], without a table of edges.

    The nearest grid point ``floor(share·(grid−1) + ½)`` is the bin unless the share lies
    within 1e-9 of a bin's width of an edge; only those few shares are checked against the
    edges ``−h/2 + k·h``, recomputed with the same floating-point operations as in
    :func:`_bins`, so a share on an edge falls in the same (right-closed) bin. Rounding
    moves a share by about 1e-16, far inside that margin.
    """
    h = 1.0 / (grid - 1)
    pos = share * (grid - 1)
    pos += 0.5
    idx = np.floor(pos)
    pos -= idx  # where the share lies within its bin, in bin widths from the lower edge
    pos -= 0.5
    near = np.flatnonzero(np.abs(pos) > 0.5 - _EDGE_MARGIN)
    out = idx.astype(np.int64).reshape(-1)
    if near.size:
        s = share.reshape(-1)[near]
        k = out[near]
        k -= s <= k * h - h / 2
        k += s > (k + 1) * h - h / 2
        out[near] = np.clip(k, 0, grid - 1)
    return out.reshape(share.shape)


@dataclass(frozen=True, slots=True)
class _Binning:
    """Running sums of the resampled shares: the linear binning of every resample and the
    bin counts, with the stations' common weight applied once at the end."""

    points: IntArray  # (resamples, 2m): shares whose left binning point is each cell
    right: FloatArray  # (resamples, 2m): their summed weight on the right neighbour
    bins: IntArray  # (grid,): shares in each right-closed bin

    @classmethod
    def empty(cls, resamples: int, *, bandwidth: float, grid: int) -> _Binning:
        """Nothing binned yet, for ``resamples`` resamples."""
        m, _, _ = _grid_geometry(bandwidth, grid)
        cells = (resamples, 2 * m)
        return cls(np.zeros(cells, dtype=np.int64), np.zeros(cells), np.zeros(grid, np.int64))

    def binned(self, weight: float) -> FloatArray:
        """The linear binning of every resample, each share weighing ``weight``."""
        out = self.points - self.right
        out.reshape(-1)[1:] += self.right.reshape(-1)[:-1]
        out *= weight
        return out


def _accumulate(share: FloatArray, acc: _Binning, *, bandwidth: float, grid: int) -> None:
    """Add a block of stations' resampled shares ``(resamples, stations)`` to the linear
    binning of every resample and to the bin counts, a slab of resamples at a time (the
    slab's temporaries and its resamples' cells stay in cache)."""
    m, lo, delta = _grid_geometry(bandwidth, grid)
    bins, points, right = acc.bins, acc.points.reshape(-1), acc.right.reshape(-1)
    rows = max(1, _SLAB_ELEMENTS // max(1, share.shape[1]))
    for first in range(0, share.shape[0], rows):
        slab = share[first : first + rows]
        bins += np.bincount(_share_bins(slab, grid).ravel(), minlength=grid)
        # position on the slab's resample r's binning grid, offset by r's 2m cells (an
        # integer offset leaves the fractional part, the binning weight, unchanged)
        pos = slab / delta
        pos += (np.arange(slab.shape[0]) * 2.0 * m - lo / delta)[:, None]
        ix = pos.astype(np.int64).ravel()  # shares lie in [0, 1]: pos > 0, truncation floors
        pos -= ix.reshape(pos.shape)  # the right point's share of the weight
        cells = slice(first * 2 * m, (first + slab.shape[0]) * 2 * m)
        size = cells.stop - cells.start
        points[cells] += np.bincount(ix, minlength=size)
        right[cells] += np.bincount(ix, weights=pos.ravel(), minlength=size)


def consistent_counts(
    registered: npt.ArrayLike, turnout: npt.ArrayLike, votes: npt.ArrayLike
) -> tuple[npt.NDArray[np.bool_], tuple[FloatArray, FloatArray, FloatArray]]:
    """Which stations have finite counts with ``N ≥ t > 0`` and ``t ≥ v ≥ 0``, and theirs."""
    n = np.asarray(registered, dtype=np.float64)
    t = np.asarray(turnout, dtype=np.float64)
    v = np.asarray(votes, dtype=np.float64)
    keep = (
        np.isfinite(n) & np.isfinite(t) & np.isfinite(v) & (t > 0) & (n >= t) & (t >= v) & (v >= 0)
    )
    return keep, (n[keep], t[keep], v[keep])


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
    keep, (nk, tk, vk) = consistent_counts(registered, turnout, votes)
    mt = turnout_model or fit_beta_binomial_mixture(tk, nk, seed=seed)
    mv = support_model or fit_beta_binomial_mixture(vk, tk, seed=seed)
    resp = (mt.responsibilities(tk, nk), mv.responsibilities(vk, tk))
    observed = vk / tk
    density = binned_density(observed, bandwidth=bandwidth, grid=grid)[0]
    rng = np.random.default_rng(seed)
    acc = _Binning.empty(max(resamples, 1), bandwidth=bandwidth, grid=grid)
    top = int(2 * nk.max(initial=0)) + 1
    tables = LogGammaTables.build(mt, top)
    support_tables = LogGammaTables.build(mv, top)
    block = max(1, _BLOCK_ELEMENTS // max(1, resamples))
    step = max(1, _DRAW_ELEMENTS // max(1, resamples))
    for lo in range(0, len(tk) if resamples else 0, block):
        hi = min(lo + block, len(tk))
        share = np.empty((resamples, hi - lo))  # resample by resample, as they are binned
        for first in range(lo, hi, step):
            part = slice(first, min(first + step, hi))
            t_new = draw_turnout(nk[part], tk[part], resp[0][part], mt, tables, resamples, rng)
            v_new = draw_support(tk[part], vk[part], resp[1][part], mv, support_tables, t_new, rng)
            np.maximum(t_new, 1, out=t_new)  # no voter drawn: no vote either, the share is 0
            np.divide(v_new, t_new, out=share[:, first - lo : part.stop - lo])
        _accumulate(share, acc, bandwidth=bandwidth, grid=grid)
    weight = 1.0 / max(len(tk), 1)
    envelope = _smooth(acc.binned(weight), bandwidth=bandwidth, grid=grid).max(axis=0)
    mean_bins = acc.bins / (max(resamples, 1) * max(len(tk), 1))
    obs_idx = _bins(observed, grid)
    excess = np.maximum(_bin_shares(obs_idx[None, :], grid)[0] - mean_bins, 0.0)
    spikes = (envelope < density) & (excess > 0)
    flagged = np.zeros(len(keep), dtype=bool)
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
