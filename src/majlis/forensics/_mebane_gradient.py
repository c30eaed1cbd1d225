"""The analytic gradient of the fraud mixture's log-likelihood (see :mod:`.mebane`).

Per unit and class ``j`` with magnitudes ``(m, s)`` the honest turnout and share are
recovered as ``t = 1 − a / (1 − m)`` and ``v = (q − s) / (1 − s)`` with
``q = (w − m (1 − t)) / t``, and the class log-density is

    −½ ((t − τ)/σ_τ)² − ½ ((v − ν)/σ_ν)² − log(2π σ_τ σ_ν) − log((1 − m)(1 − s) t).

The mixture's derivative is each class's derivative weighted by the unit's posterior class
probability. The chain rule through the unconstrained transform of
:func:`majlis.forensics.mebane` turns the natural-parameter gradient into the optimiser's.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import special

__all__ = ["class_terms", "mixture_gradient", "natural_jacobian"]

FloatArray = npt.NDArray[np.float64]


def class_terms(
    a: FloatArray, w: FloatArray, theta: FloatArray, m: float, s: float, tiny: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """A class's log-density per unit, its (t, v), and the derivatives of the log-density
    with respect to (τ, σ_τ, ν, σ_ν, m, s), shape ``(6, units)``."""
    tau, s_tau, nu, s_nu = theta[:4]
    with np.errstate(all="ignore"):
        t = 1.0 - a / (1.0 - m)
        q = (w - m * (1.0 - t)) / t
        v = (q - s) / (1.0 - s)
        dt, dv = (t - tau) / s_tau, (v - nu) / s_nu
        log_jac = np.log((1.0 - m) * (1.0 - s) * np.maximum(t, tiny))
        logp = -0.5 * dt**2 - 0.5 * dv**2 - np.log(2 * np.pi * s_tau * s_nu) - log_jac
        ok = (t > 0) & np.isfinite(logp)
        dt_dm = -a / (1.0 - m) ** 2
        dq_dm = (1.0 - 1.0 / t) + (m - w) / t**2 * dt_dm
        d_m = -dt / s_tau * dt_dm - dv / s_nu * dq_dm / (1.0 - s) + 1.0 / (1.0 - m) - dt_dm / t
        d_s = -dv / s_nu * (q - 1.0) / (1.0 - s) ** 2 + 1.0 / (1.0 - s)
        grads = np.stack(
            [dt / s_tau, (dt**2 - 1.0) / s_tau, dv / s_nu, (dv**2 - 1.0) / s_nu, d_m, d_s]
        )
    return (
        np.where(ok, logp, -np.inf),
        t,
        v,
        np.where(ok[None, :], grads, 0.0),
    )


def mixture_gradient(
    a: FloatArray, w: FloatArray, theta: FloatArray, tiny: float
) -> tuple[float, FloatArray]:
    """Log-likelihood and its gradient in the natural parameters (``PARAMETERS`` order)."""
    f_i, f_e, m_i, s_i, m_e, s_e = theta[4:]
    f_i, f_e = max(f_i, 0.0), max(f_e, 0.0)
    terms = [
        class_terms(a, w, theta, 0.0, 0.0, tiny),
        class_terms(a, w, theta, m_i, s_i, tiny),
        class_terms(a, w, theta, m_e, s_e, tiny),
    ]
    with np.errstate(divide="ignore"):
        log_f = np.log(np.array([1.0 - f_i - f_e, f_i, f_e]))
    logs = np.stack([term[0] for term in terms]) + log_f[:, None]
    total = special.logsumexp(logs, axis=0)
    with np.errstate(invalid="ignore"):
        post = np.nan_to_num(np.exp(logs - total[None, :]))
    grad = np.zeros(10)
    for j, term in enumerate(terms):
        weighted = term[3] @ post[j]
        grad[:4] += weighted[:4]
        if j:
            grad[6 + 2 * (j - 1)] += weighted[4]
            grad[7 + 2 * (j - 1)] += weighted[5]
    mass = post.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        grad[4] = -mass[0] / (1.0 - f_i - f_e) + mass[1] / f_i
        grad[5] = -mass[0] / (1.0 - f_i - f_e) + mass[2] / f_e
    return float(total.sum()), grad


def natural_jacobian(z: FloatArray, max_magnitude: float) -> FloatArray:
    """``∂θ/∂z`` of the unconstrained transform (rows θ, columns z); the spreads' floor
    is a constant and drops out."""
    jac = np.zeros((10, 10))
    e = special.expit(z)
    jac[0, 0] = e[0] * (1 - e[0])
    jac[1, 1] = np.exp(z[1])
    jac[2, 2] = e[2] * (1 - e[2])
    jac[3, 3] = np.exp(z[3])
    weights = special.softmax(np.array([0.0, z[4], z[5]]))
    for row, a in ((4, 1), (5, 2)):
        for col, b in ((4, 1), (5, 2)):
            jac[row, col] = weights[a] * ((a == b) - weights[b])
    m_i, s_i = max_magnitude * e[6], max_magnitude * e[7]
    jac[6, 6] = max_magnitude * e[6] * (1 - e[6])
    jac[7, 7] = max_magnitude * e[7] * (1 - e[7])
    jac[8, 6] = jac[6, 6] * (1 - e[8])
    jac[8, 8] = (max_magnitude - m_i) * e[8] * (1 - e[8])
    jac[9, 7] = jac[7, 7] * (1 - e[9])
    jac[9, 9] = (max_magnitude - s_i) * e[9] * (1 - e[9])
    return jac
