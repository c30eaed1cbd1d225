"""Finite-mixture model of incremental and extreme fraud, fitted by maximum likelihood.

Source: W. R. Mebane, Jr., "Election Forensics: Frauds Tests and Observation-level Frauds
Probabilities" (2016), the frequentist form behind the ``eforensics`` package (Ferrari,
McAlister & Mebane 2018), after Klimek et al. (PNAS 2012). Every unit (polling station) is
honest, or suffers incremental fraud, or extreme fraud, independently with probabilities
``1 − f_i − f_e``, ``f_i``, ``f_e``. In an honest unit the turnout ``τ_u ~ N(τ, σ_τ²)`` and the
leader's share of the voters ``ν_u ~ N(ν, σ_ν²)``; fraud of class ``j`` manufactures votes for
the leader from a share ``m_j`` of the abstainers and steals a share ``s_j`` of the other lists'
votes, so that the observed abstention and leader's votes (shares of the registered voters) are

    a = (1 − τ_u)(1 − m_j),    w = τ_u ν_u + m_j (1 − τ_u) + s_j τ_u (1 − ν_u).

The map is invertible, so each class has a closed-form density (two normals and the Jacobian
``(1 − m_j)(1 − s_j) τ_u``), and the likelihood is the product over units of the three-class
mixture — the per-unit form (Shen's comment on the early papers, which wrote one mixture over
the whole product). Extreme fraud is the class with the larger magnitudes (``m_e ≥ m_i``,
``s_e ≥ s_i``), which identifies the labels. The parameters are found by maximum likelihood
(quasi-Newton with the analytic gradient, :mod:`majlis.forensics._mebane_gradient`, on
unconstrained transforms, started from robust moments); standard errors are the square roots
of the diagonal of the inverse observed information (central differences of the analytic
gradient in the natural parameters). Posterior class probabilities per unit and
the expected fraudulent votes per unit and nationally follow.

Known deviations: Mebane draws the fraud magnitudes per unit around class means (and fits
covariates); here each class has one magnitude pair, so the model is the finite mixture of
fixed-magnitude frauds. Spreads stay above 0.005 and magnitudes below 0.99: a component
collapsing on the units at exactly (100 %, 100 %) makes the likelihood unbounded. Standard
errors rest on the usual regularity conditions and are not valid when a share sits on the
boundary (``f_i`` or ``f_e`` near 0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from majlis.errors import InputError
from majlis.forensics._mebane_gradient import (
    class_terms,
    mixture_gradient,
    natural_jacobian,
    recovered,
)

__all__ = ["PARAMETERS", "MixtureFraudFit", "fit_fraud_mixture", "mixture_log_likelihood"]

FloatArray = npt.NDArray[np.float64]

#: Names of the natural parameters, in the order of ``estimates`` and ``std_errors``.
PARAMETERS = ("tau", "sigma_tau", "nu", "sigma_nu", "f_i", "f_e", "m_i", "s_i", "m_e", "s_e")
_TINY = 1e-12
# A component collapsing on the units at exactly (100 %, 100 %) makes the likelihood
# unbounded (the usual mixture singularity): spreads stay above 0.5 points and magnitudes
# below 0.99, where the density stays finite.
_MIN_SIGMA = 0.005
_MAX_MAGNITUDE = 0.99


@dataclass(frozen=True, eq=False)
class MixtureFraudFit:
    """The fitted mixture: estimates and standard errors by name, per-unit probabilities.

    Attributes:
        estimates, std_errors: natural parameters by name (:data:`PARAMETERS`); a standard
            error is NaN where the observed information is not invertible there.
        log_likelihood: the maximised log-likelihood; ``log_likelihood_clean`` that of the
            honest model alone (``f_i = f_e = 0``), for a likelihood-ratio comparison.
        p_incremental, p_extreme: each unit's posterior probability of each fraud class.
        fraud_votes: each unit's expected fraudulent votes (manufactured plus stolen) under
            its posterior; ``total_fraud_votes`` their national sum.
        converged: whether the optimiser reported success.
    """

    estimates: dict[str, float]
    std_errors: dict[str, float]
    log_likelihood: float
    log_likelihood_clean: float
    p_incremental: FloatArray
    p_extreme: FloatArray
    fraud_votes: FloatArray
    total_fraud_votes: float
    converged: bool


def _natural(z: FloatArray) -> FloatArray:
    """Unconstrained vector → natural parameters (see :data:`PARAMETERS`)."""
    tau, nu = special.expit(z[0]), special.expit(z[2])
    s_tau, s_nu = _MIN_SIGMA + np.exp(z[1]), _MIN_SIGMA + np.exp(z[3])
    weights = special.softmax(np.array([0.0, z[4], z[5]]))
    m_i, s_i = _MAX_MAGNITUDE * special.expit(z[6]), _MAX_MAGNITUDE * special.expit(z[7])
    m_e = m_i + (_MAX_MAGNITUDE - m_i) * special.expit(z[8])
    s_e = s_i + (_MAX_MAGNITUDE - s_i) * special.expit(z[9])
    return np.array([tau, s_tau, nu, s_nu, weights[1], weights[2], m_i, s_i, m_e, s_e])


def _components(a: FloatArray, w: FloatArray, theta: FloatArray) -> tuple[FloatArray, ...]:
    f_i, f_e, m_i, s_i, m_e, s_e = theta[4:]
    honest, _, _, _ = class_terms(a, w, theta, 0.0, 0.0, _TINY)
    inc, t_i, v_i, _ = class_terms(a, w, theta, m_i, s_i, _TINY)
    ext, t_e, v_e, _ = class_terms(a, w, theta, m_e, s_e, _TINY)
    f_i, f_e = max(f_i, 0.0), max(f_e, 0.0)  # a numerical derivative may step past 0
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.stack(
            [honest + np.log1p(-f_i - f_e), inc + np.log(f_i), ext + np.log(f_e)], axis=0
        )
    return logs, t_i, v_i, t_e, v_e


def mixture_log_likelihood(a: FloatArray, w: FloatArray, theta: npt.ArrayLike) -> float:
    """The mixture's log-likelihood of abstention ``a`` and leader's votes ``w`` (shares of
    the registered voters) at natural parameters ``theta`` (order :data:`PARAMETERS`)."""
    logs = _components(a, w, np.asarray(theta, dtype=np.float64))[0]
    return float(special.logsumexp(logs, axis=0).sum())


def _start(a: FloatArray, w: FloatArray) -> FloatArray:
    turnout = 1.0 - a
    share = w / np.maximum(turnout, _TINY)
    low = turnout <= np.quantile(turnout, 0.75)  # fraud raises turnout: start from the rest
    q1, med, q3 = np.quantile(turnout[low], [0.25, 0.5, 0.75])
    v1, vmed, v3 = np.quantile(share[low], [0.25, 0.5, 0.75])
    return np.array(
        [
            special.logit(np.clip(med, 0.01, 0.99)),
            np.log(max((q3 - q1) / 1.349 - _MIN_SIGMA, 1e-3)),
            special.logit(np.clip(vmed, 0.01, 0.99)),
            np.log(max((v3 - v1) / 1.349 - _MIN_SIGMA, 1e-3)),
            np.log(0.1 / 0.89),
            np.log(0.01 / 0.89),
            special.logit(0.05 / _MAX_MAGNITUDE),
            special.logit(0.05 / _MAX_MAGNITUDE),
            special.logit(0.8),
            special.logit(0.8),
        ]
    )


def _jacobian(f: Callable[[FloatArray], FloatArray], x: FloatArray, step: FloatArray) -> FloatArray:
    """Central-difference Jacobian of a vector function ``f`` at ``x`` (columns: ``x``)."""
    cols = []
    for i in range(len(x)):
        e = np.zeros(len(x))
        e[i] = step[i]
        cols.append((f(x + e) - f(x - e)) / (2 * step[i]))
    return np.column_stack(cols)


def fit_fraud_mixture(
    registered: npt.ArrayLike, voters: npt.ArrayLike, leader: npt.ArrayLike
) -> MixtureFraudFit:
    """Fit the incremental/extreme fraud mixture to per-unit counts by maximum likelihood.

    Args:
        registered: registered voters per unit.
        voters: voters who turned out (ballots cast) per unit.
        leader: the leader's votes per unit.

    Units with no registered voters or inconsistent counts are left out (their posterior
    probabilities and fraud votes are NaN).
    """
    n = np.asarray(registered, dtype=np.float64)
    t = np.asarray(voters, dtype=np.float64)
    v = np.asarray(leader, dtype=np.float64)
    ok = np.isfinite(n) & np.isfinite(t) & np.isfinite(v) & (n > 0) & (t > 0) & (t <= n)
    ok &= (v >= 0) & (v <= t)
    if ok.sum() < 50:
        raise InputError.expected(
            what="fit_fraud_mixture",
            expected="at least 50 units with consistent counts",
            got=int(ok.sum()),
        )
    a, w = 1.0 - t[ok] / n[ok], v[ok] / n[ok]
    honest = recovered(a, w, 0.0, 0.0, _TINY)  # the same at every step of the fit

    def loss(z: FloatArray) -> tuple[float, FloatArray]:
        value, grad = mixture_gradient(a, w, _natural(z), _TINY, honest)
        if not np.isfinite(value):
            return 1e300, np.zeros_like(z)
        return -value, -(natural_jacobian(z, _MAX_MAGNITUDE).T @ grad)

    best = optimize.minimize(
        loss, _start(a, w), jac=True, method="L-BFGS-B", options={"maxiter": 2000}
    )
    theta = _natural(best.x)

    def gradient(th: FloatArray) -> FloatArray:
        return -mixture_gradient(a, w, th, _TINY, honest)[1]

    info = _jacobian(gradient, theta, np.maximum(np.abs(theta), 1e-2) * 1e-5)
    info = (info + info.T) / 2
    try:
        diag = np.diag(np.linalg.inv(info))
        se = np.sqrt(np.where(diag > 0, diag, np.nan))
    except np.linalg.LinAlgError:
        se = np.full(len(theta), np.nan)
    clean = _clean_log_likelihood(a, w, theta)
    logs, t_i, v_i, t_e, v_e = _components(a, w, theta)
    post = np.exp(logs - special.logsumexp(logs, axis=0))
    m_i, s_i, m_e, s_e = theta[6:]
    moved_i = m_i * (1 - t_i) + s_i * t_i * (1 - v_i)
    moved_e = m_e * (1 - t_e) + s_e * t_e * (1 - v_e)
    votes = n[ok] * (post[1] * np.nan_to_num(moved_i) + post[2] * np.nan_to_num(moved_e))
    p_inc, p_ext, fraud = (np.full(len(n), np.nan) for _ in range(3))
    p_inc[ok], p_ext[ok], fraud[ok] = post[1], post[2], votes
    return MixtureFraudFit(
        estimates=dict(zip(PARAMETERS, map(float, theta), strict=True)),
        std_errors=dict(zip(PARAMETERS, map(float, se), strict=True)),
        log_likelihood=-float(best.fun),
        log_likelihood_clean=clean,
        p_incremental=p_inc,
        p_extreme=p_ext,
        fraud_votes=fraud,
        total_fraud_votes=float(votes.sum()),
        converged=bool(best.success),
    )


def _clean_log_likelihood(a: FloatArray, w: FloatArray, theta: FloatArray) -> float:
    """The honest model's maximised log-likelihood (closed form: two normals' MLE)."""
    t = 1.0 - a
    v = w / t
    s_t, s_v = t.std(), v.std()
    clean = np.array([t.mean(), s_t, v.mean(), s_v, 0.0, 0.0, *theta[6:]])
    return mixture_log_likelihood(a, w, clean)
