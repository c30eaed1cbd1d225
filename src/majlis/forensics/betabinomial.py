"""Finite mixtures of beta-binomial distributions, fitted by maximum likelihood.

Used by :mod:`majlis.forensics.rozenas` as the smooth latent model of turnout (ballots of
registered voters) and of support (votes of ballots) across polling stations.

Source: A. Rozenas, "Detecting Election Fraud from Irregularities in Vote-Share
Distributions", Political Analysis 25(1), 2017, section 3, and his R package ``spikes``
(``est.density``): components are added one at a time (1 to 5) until the fitted density
of shares stops changing (correlation ≥ 0.99 with the previous fit).

Known deviations: the package fits each mixture by an EM loop with a deliberately loose
stopping rule, started from a random fit to a kernel density; here the whole mixture
likelihood is maximised directly (L-BFGS-B with analytic gradients, log-parameters bounded
to [-3, 6] as in the package) from deterministic quantile-based starting values, on a
seeded random subset of at most 5,000 stations, so a fit is fast and reproducible; a
mixture gets at most one component per 500 stations (small units would be overfitted).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special, stats

__all__ = ["BetaBinomialMixture", "fit_beta_binomial_mixture"]

FloatArray = npt.NDArray[np.float64]
_LOG_BOUNDS = (-3.0, 6.0)
_GRID = np.linspace(0.01, 0.99, 99)
_STATIONS_PER_COMPONENT = 500  # fewer stations than this per component overfit the mixture


@dataclass(frozen=True, slots=True)
class BetaBinomialMixture:
    """Mixture weights and beta shape parameters (α, β) of each component."""

    weights: tuple[float, ...]
    alpha: tuple[float, ...]
    beta: tuple[float, ...]
    log_likelihood: float

    @property
    def components(self) -> int:
        """Number of mixture components."""
        return len(self.weights)

    def log_component_pmf(self, successes: FloatArray, trials: FloatArray) -> FloatArray:
        """``log(w_k) + log BetaBin(successes | trials, α_k, β_k)`` as an ``(n, K)`` array."""
        a = np.asarray(self.alpha)[None, :]
        b = np.asarray(self.beta)[None, :]
        y = successes[:, None]
        n = trials[:, None]
        log_choose = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
        return np.asarray(
            np.log(np.asarray(self.weights))[None, :]
            + log_choose
            + special.betaln(y + a, n - y + b)
            - special.betaln(a, b),
            dtype=np.float64,
        )

    def responsibilities(self, successes: FloatArray, trials: FloatArray) -> FloatArray:
        """Posterior probability of each component for each station, ``(n, K)``."""
        lp = self.log_component_pmf(successes, trials)
        lp -= lp.max(axis=1, keepdims=True)
        p = np.exp(lp)
        return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)

    def share_density(self, x: FloatArray) -> FloatArray:
        """Density of the latent share (the beta mixture) at ``x``."""
        out = np.zeros_like(x, dtype=np.float64)
        for w, a, b in zip(self.weights, self.alpha, self.beta, strict=True):
            out += w * np.asarray(stats.beta.pdf(x, a, b), dtype=np.float64)
        return np.asarray(out, dtype=np.float64)


def _unpack(theta: FloatArray, k: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    la, lb = theta[:k], theta[k : 2 * k]
    z = np.append(theta[2 * k :], 0.0)
    z -= z.max()
    w = np.exp(z) / np.exp(z).sum()
    return np.exp(la), np.exp(lb), w


def _neg_loglik(
    theta: FloatArray, y: FloatArray, n: FloatArray, k: int
) -> tuple[float, FloatArray]:
    """Negative mixture log-likelihood (without the binomial coefficients) and its gradient."""
    a, b, w = _unpack(theta, k)
    ya, nb, nab = y[:, None] + a, (n - y)[:, None] + b, n[:, None] + (a + b)
    lp = (
        np.log(w)
        + special.gammaln(ya)
        + special.gammaln(nb)
        - special.gammaln(nab)
        - special.betaln(a, b)
    )
    top = lp.max(axis=1, keepdims=True)
    p = np.exp(lp - top)
    total = p.sum(axis=1, keepdims=True)
    ll = float((np.log(total) + top).sum())
    r = p / total  # responsibilities
    dig_nab = special.digamma(nab)
    rsum = r.sum(axis=0)
    dig_ab = special.digamma(a + b)
    g_a = (r * (special.digamma(ya) - dig_nab)).sum(axis=0) - rsum * (special.digamma(a) - dig_ab)
    g_b = (r * (special.digamma(nb) - dig_nab)).sum(axis=0) - rsum * (special.digamma(b) - dig_ab)
    g_z = (rsum - len(y) * w)[:-1]
    grad = np.concatenate([g_a * a, g_b * b, g_z])
    return -ll, -grad


def _start(y: FloatArray, n: FloatArray, k: int) -> FloatArray:
    with np.errstate(all="ignore"):
        share = np.clip(y / n, 1e-3, 1 - 1e-3)
    edges = np.quantile(share, np.linspace(0, 1, k + 1))
    la, lb = [], []
    for j in range(k):
        part = share[(share >= edges[j]) & (share <= edges[j + 1])]
        m = float(part.mean())
        v = max(float(part.var()), 1e-4)
        common = max(m * (1 - m) / v - 1, 0.5)
        la.append(np.log(m * common))
        lb.append(np.log((1 - m) * common))
    start: FloatArray = np.clip(np.concatenate([la, lb, np.zeros(k - 1)]), *_LOG_BOUNDS)
    return start


def _fit(y: FloatArray, n: FloatArray, k: int) -> BetaBinomialMixture:
    bounds = [_LOG_BOUNDS] * (2 * k) + [(-20.0, 20.0)] * (k - 1)
    res = optimize.minimize(
        _neg_loglik,
        _start(y, n, k),
        args=(y, n, k),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 300},
    )
    a, b, w = _unpack(res.x, k)
    log_choose = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
    return BetaBinomialMixture(
        tuple(float(x) for x in w),
        tuple(float(x) for x in a),
        tuple(float(x) for x in b),
        float(-res.fun + log_choose.sum()),
    )


def fit_beta_binomial_mixture(
    successes: npt.ArrayLike,
    trials: npt.ArrayLike,
    *,
    max_components: int = 5,
    stop_correlation: float = 0.99,
    max_stations: int = 5_000,
    seed: int = 0,
) -> BetaBinomialMixture:
    """Fit a beta-binomial mixture, adding components until the share density settles.

    Stations with zero trials carry no information and are left out of the fit.

    Args:
        successes: per-station successes (ballots, or votes for the list).
        trials: per-station trials (registered voters, or ballots).
        max_components: most components tried (the package's ``Lmax``: 5).
        stop_correlation: stop once the latent share densities of consecutive fits
            correlate at least this much (the package's 0.99).
        max_stations: fit on a seeded random subset of at most this many stations (the
            mixture is a smooth prior; 5,000 stations pin it down and keep fits fast).
        seed: seed of that subset.
    """
    y = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    keep = np.isfinite(y) & np.isfinite(n) & (n > 0)
    y, n = np.minimum(y[keep], n[keep]), n[keep]
    if len(y) > max_stations:
        pick = np.sort(np.random.default_rng(seed).choice(len(y), max_stations, replace=False))
        y, n = y[pick], n[pick]
    best = _fit(y, n, 1)
    for k in range(2, min(max_components, len(y) // _STATIONS_PER_COMPONENT) + 1):
        new = _fit(y, n, k)
        settled = np.corrcoef(best.share_density(_GRID), new.share_density(_GRID))[0, 1]
        best = new
        if settled >= stop_correlation:
            break
    return best
