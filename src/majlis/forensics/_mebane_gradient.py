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

__all__ = ["Recovered", "class_terms", "mixture_gradient", "natural_jacobian", "recovered"]

FloatArray = npt.NDArray[np.float64]

#: A class's honest turnout and share recovered from every unit: ``t``, whether ``t > 0``,
#: ``t`` where positive (else 1), ``q``, ``v`` and the log of the Jacobian's ``t`` factor.
Recovered = tuple[FloatArray, npt.NDArray[np.bool_], FloatArray, FloatArray, FloatArray, FloatArray]


def recovered(a: FloatArray, w: FloatArray, m: float, s: float, tiny: float) -> Recovered:
    """What :func:`class_terms` recovers from the units for magnitudes ``(m, s)``: it does not
    depend on the honest distribution, so the honest class's is computed once per fit."""
    c_m, c_s = 1.0 / (1.0 - m), 1.0 / (1.0 - s)
    t = 1.0 - a * c_m
    inside = t > 0
    safe = np.where(inside, t, 1.0)
    with np.errstate(all="ignore"):
        q = (w - (m * c_m) * a) / safe
        v = (q - s) * c_s
        log_t = np.log(np.maximum(safe, tiny))
    return t, inside, safe, q, v, log_t


def class_terms(
    a: FloatArray,
    w: FloatArray,
    theta: FloatArray,
    m: float,
    s: float,
    tiny: float,
    units: Recovered | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, list[FloatArray]]:
    """A class's log-density per unit, its (t, v), and the derivatives of the log-density
    with respect to (τ, σ_τ, ν, σ_ν) and, for a fraud class, (m, s).

    ``units`` is :func:`recovered` for these magnitudes, if already computed. Where the
    class cannot have produced a unit (``t ≤ 0``) the log-density is ``−inf`` and the
    derivatives are finite placeholders (the unit's class probability is zero).
    """
    tau, s_tau, nu, s_nu = theta[:4]
    c_m, c_s = 1.0 / (1.0 - m), 1.0 / (1.0 - s)
    t, inside, safe, q, v, log_t = recovered(a, w, m, s, tiny) if units is None else units
    with np.errstate(all="ignore"):
        dt = (t - tau) / s_tau
        dv = (v - nu) / s_nu
        logp = -0.5 * (dt * dt + dv * dv)
        logp -= log_t
        logp -= np.log(2 * np.pi * s_tau * s_nu * (1.0 - m) * (1.0 - s))
        ok = inside & np.isfinite(logp)
        grads = [dt / s_tau, (dt * dt - 1.0) / s_tau, dv / s_nu, (dv * dv - 1.0) / s_nu]
        if m or s:
            dt_dm = -a * c_m * c_m
            dq_dm = 1.0 - 1.0 / safe + (m - w) / (safe * safe) * dt_dm
            grads.append(-grads[0] * dt_dm - grads[2] * c_s * dq_dm + c_m - dt_dm / safe)
            grads.append(-grads[2] * (q - 1.0) * c_s * c_s + c_s)
    if not ok.all():
        grads = [np.where(ok, g, 0.0) for g in grads]
    return np.where(ok, logp, -np.inf), t, v, grads


def mixture_gradient(
    a: FloatArray, w: FloatArray, theta: FloatArray, tiny: float, honest: Recovered | None = None
) -> tuple[float, FloatArray]:
    """Log-likelihood and its gradient in the natural parameters (``PARAMETERS`` order);
    ``honest`` is :func:`recovered` for the honest class (magnitudes 0), if computed."""
    f_i, f_e, m_i, s_i, m_e, s_e = theta[4:]
    f_i, f_e = max(f_i, 0.0), max(f_e, 0.0)
    terms = [
        class_terms(a, w, theta, 0.0, 0.0, tiny, honest),
        class_terms(a, w, theta, m_i, s_i, tiny),
        class_terms(a, w, theta, m_e, s_e, tiny),
    ]
    with np.errstate(divide="ignore"):
        log_f = np.log(np.array([1.0 - f_i - f_e, f_i, f_e]))
    logs = [term[0] + lf for term, lf in zip(terms, log_f, strict=True)]
    top = np.maximum(np.maximum(logs[0], logs[1]), logs[2])
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(under="ignore"):
        post = [np.exp(lg - top) for lg in logs]
    norm = post[0] + post[1] + post[2]
    total = np.log(norm) + top
    grad = np.zeros(10)
    mass = np.zeros(3)
    with np.errstate(invalid="ignore", divide="ignore"):
        for j, (term, pj) in enumerate(zip(terms, post, strict=True)):
            pj /= norm
            mass[j] = pj.sum()
            for i, g in enumerate(term[3]):
                value = float(pj @ g)
                if i < 4:
                    grad[i] += value
                else:
                    grad[6 + 2 * (j - 1) + (i - 4)] += value
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
