"""Rozenas' interval for the share of stations with forged coarse shares (``spikes::confInt``).

The package's ``confInt`` draws the two mixtures' parameters from their posterior, one
Gibbs-within-Metropolis sweep per draw (``bupdate``), and recomputes the fraud share with
each draw: the spread of those shares carries the uncertainty of the latent model, the
summary is their mean and 2.5 % and 97.5 % quantiles. One sweep, for each of the turnout
and the support mixture:

1. every station's component is drawn from its responsibilities, again until every
   component holds at least one station;
2. the log shape parameters move by a normal step with covariance ``(−H)^{-1}``, ``H``
   the Hessian of the component-weighted log-likelihood at the fit, accepted by Metropolis
   on the log-likelihood of the stations in their drawn components;
3. the weights are drawn from Dirichlet(stations per component + 1).

Source: A. Rozenas, Political Analysis 25(1), 2017, section 4.3, and the package's
``confInt`` and ``bupdate`` (spikes 1.1).

Known deviations: ``H`` is computed analytically at our maximum-likelihood fit over every
station (the package takes it from ``optim``'s numerical Hessian at the last EM step);
each draw's fraud share uses its own resampling seed drawn from ``seed``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import special

from majlis.errors import InputError
from majlis.forensics.betabinomial import BetaBinomialMixture, fit_beta_binomial_mixture
from majlis.forensics.rozenas import consistent_counts, resampled_kernel_spikes

__all__ = ["SpikesInterval", "spikes_interval"]

FloatArray = npt.NDArray[np.float64]
_MAX_TRIES = 1000  # draws of the components until each holds a station (the package: no cap)


@dataclass(frozen=True, eq=False)
class SpikesInterval:
    """The fraud shares of every posterior draw, their mean and central interval.

    ``shares`` are in percent of stations, one per draw; ``envelope`` and ``excess`` are the
    draws' mean envelope and excess bin weights (the package's ``ymax`` and ``w``);
    ``acceptance`` the Metropolis acceptance rates of the turnout and support parameters.
    """

    shares: FloatArray
    mean: float
    low: float
    high: float
    level: float
    x: FloatArray
    envelope: FloatArray
    excess: FloatArray
    acceptance: tuple[float, float]
    resamples: int
    seed: int


def _log_pmf(y: FloatArray, n: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """Beta-binomial log mass (without the binomial coefficient, constant in the shapes)."""
    return np.asarray(special.betaln(y + a, n - y + b) - special.betaln(a, b), dtype=np.float64)


def _responsibilities(y: FloatArray, n: FloatArray, m: BetaBinomialMixture) -> FloatArray:
    a, b = np.asarray(m.alpha)[None, :], np.asarray(m.beta)[None, :]
    lp = np.log(np.asarray(m.weights))[None, :] + _log_pmf(y[:, None], n[:, None], a, b)
    lp -= lp.max(axis=1, keepdims=True)
    p = np.exp(lp)
    return np.asarray(p / p.sum(axis=1, keepdims=True), dtype=np.float64)


def _hessian(y: FloatArray, n: FloatArray, m: BetaBinomialMixture) -> FloatArray:
    """Hessian of ``Σ_i Σ_k W_ik log BetaBin(y_i | n_i, α_k, β_k)`` in (log α, log β)."""
    w = _responsibilities(y, n, m)
    k = m.components
    h = np.zeros((2 * k, 2 * k))
    for j, (a, b) in enumerate(zip(m.alpha, m.beta, strict=True)):
        tri_n = special.polygamma(1, n + a + b)
        d_a = special.digamma(y + a) - special.digamma(n + a + b)
        d_a -= special.digamma(a) - special.digamma(a + b)
        d_b = special.digamma(n - y + b) - special.digamma(n + a + b)
        d_b -= special.digamma(b) - special.digamma(a + b)
        dd_a = special.polygamma(1, y + a) - tri_n - special.polygamma(1, a)
        dd_b = special.polygamma(1, n - y + b) - tri_n - special.polygamma(1, b)
        dd_ab = -tri_n + special.polygamma(1, a + b)
        dd_a += special.polygamma(1, a + b)
        dd_b += special.polygamma(1, a + b)
        wj = w[:, j]
        h[j, j] = wj @ (a * d_a + a * a * dd_a)
        h[k + j, k + j] = wj @ (b * d_b + b * b * dd_b)
        h[j, k + j] = h[k + j, j] = a * b * (wj @ dd_ab)
    return h


@dataclass(frozen=True, slots=True)
class _Chain:
    """One mixture's posterior chain: its data, proposal factor and current state."""

    y: FloatArray
    n: FloatArray
    root: FloatArray  # upper Cholesky factor of the proposal covariance


def _sweep(
    chain: _Chain, m: BetaBinomialMixture, rng: np.random.Generator
) -> tuple[BetaBinomialMixture, bool]:
    """One ``bupdate`` of a mixture: components, shapes (Metropolis), weights."""
    k = m.components
    cum = np.cumsum(_responsibilities(chain.y, chain.n, m), axis=1)
    cum /= cum[:, -1:]
    for _ in range(_MAX_TRIES):
        comp = (rng.random(chain.y.size)[:, None] > cum[:, :-1]).sum(axis=1)
        if np.unique(comp).size == k:
            break
    else:
        raise InputError(
            f"A mixture component drew no station in {_MAX_TRIES} tries (its weight is "
            f"{min(m.weights):.2g}): its posterior cannot be drawn; fit fewer components."
        )
    current = np.log(np.concatenate([m.alpha, m.beta]))
    proposal = current + rng.standard_normal(2 * k) @ chain.root
    alpha, beta = np.asarray(m.alpha), np.asarray(m.beta)
    new_a, new_b = np.exp(proposal[:k]), np.exp(proposal[k:])
    old = _log_pmf(chain.y, chain.n, alpha[comp], beta[comp]).sum()
    new = _log_pmf(chain.y, chain.n, new_a[comp], new_b[comp]).sum()
    accepted = bool(rng.random() < np.exp(min(0.0, new - old)))
    if accepted:
        alpha, beta = new_a, new_b
    weights = rng.dirichlet(np.bincount(comp, minlength=k) + 1.0)
    return (
        BetaBinomialMixture(
            tuple(float(x) for x in weights),
            tuple(float(x) for x in alpha),
            tuple(float(x) for x in beta),
            float("nan"),
        ),
        accepted,
    )


def _chain(y: FloatArray, n: FloatArray, m: BetaBinomialMixture) -> _Chain:
    info = -_hessian(y, n, m)
    try:
        root = np.linalg.cholesky(np.linalg.inv(info)).T
    except np.linalg.LinAlgError as err:
        raise InputError(
            "The mixture's information matrix is not positive definite at the fit: its "
            "posterior cannot be drawn (too few stations per component?)."
        ) from err
    return _Chain(y, n, root)


def spikes_interval(
    registered: npt.ArrayLike,
    turnout: npt.ArrayLike,
    votes: npt.ArrayLike,
    *,
    draws: int = 100,
    resamples: int = 1000,
    level: float = 0.95,
    bandwidth: float = 1e-4,
    grid: int = 1001,
    seed: int = 0,
    turnout_model: BetaBinomialMixture | None = None,
    support_model: BetaBinomialMixture | None = None,
) -> SpikesInterval:
    """Posterior draws of Rozenas' fraud share and their central interval (``confInt``).

    Args:
        registered, turnout, votes: as :func:`resampled_kernel_spikes`.
        draws: posterior draws of the mixtures (the package's ``boots``, default 100); each
            runs the whole resampling, so this costs ``draws`` times one estimate.
        resamples, bandwidth, grid: of each draw's estimate (the package's defaults).
        level: coverage of the central interval (the package prints 95 %).
        seed: seed of the chain and of each draw's resampling.
        turnout_model, support_model: fitted mixtures to start from (fitted when omitted).
    """
    if draws < 1:
        raise InputError.expected(
            what="The 'draws' parameter", expected="a positive integer", got=draws
        )
    if not 0 < level < 1:
        raise InputError.expected(what="The 'level' parameter", expected="in (0, 1)", got=level)
    _, (nk, tk, vk) = consistent_counts(registered, turnout, votes)
    mt = turnout_model or fit_beta_binomial_mixture(tk, nk, seed=seed)
    mv = support_model or fit_beta_binomial_mixture(vk, tk, seed=seed)
    chains = (_chain(tk, nk, mt), _chain(vk, tk, mv))
    rng = np.random.default_rng(seed)
    shares, envelopes, excesses = [], [], []
    accepted = np.zeros(2)
    for _ in range(draws):
        mt, ok_t = _sweep(chains[0], mt, rng)
        mv, ok_v = _sweep(chains[1], mv, rng)
        accepted += (ok_t, ok_v)
        result = resampled_kernel_spikes(
            nk,
            tk,
            vk,
            resamples=resamples,
            bandwidth=bandwidth,
            grid=grid,
            seed=int(rng.integers(2**63)),
            turnout_model=mt,
            support_model=mv,
        )
        shares.append(result.fraud_share)
        envelopes.append(result.envelope)
        excesses.append(result.excess)
    values = np.asarray(shares)
    tail = (1 - level) / 2
    low, high = np.quantile(values, [tail, 1 - tail])
    return SpikesInterval(
        shares=values,
        mean=float(values.mean()),
        low=float(low),
        high=float(high),
        level=level,
        x=np.linspace(0.0, 1.0, grid),
        envelope=np.mean(envelopes, axis=0),
        excess=np.mean(excesses, axis=0),
        acceptance=(float(accepted[0] / draws), float(accepted[1] / draws)),
        resamples=resamples,
        seed=seed,
    )
