"""The stratified ratio estimator of a quick count, polling stations as clusters.

In stratum ``h`` with ``M_h`` registered voters over ``N_h`` stations, ``n_h`` sampled
stations have reported. A stratum's total of a line ``y`` (a list's votes, the share base,
the ballots) is estimated by its ratio to the register, ``Ŷ_h = M_h · Σy / Σm`` (``m``: the
stations' registered voters), so each stratum weighs what its register weighs, however
many of its reports have arrived — a late stratum does not pull the estimate towards the
early ones. A list's share is ``R̂ = Σ_h Ŷ_h / Σ_h B̂_h`` (``B``: the share base) and the
turnout is ``Σ_h Ĉ_h / Σ_h M_h`` (``C``: ballots).

Variances by linearisation (Cochran, *Sampling Techniques*, 3rd ed. 1977, §6.11 and
§11.8; Lohr, *Sampling: Design and Analysis*, 2nd ed. 2010, §9.1): with the residual
``u = y − R̂·b`` and, per stratum, ``e = u − (ū_h/m̄_h)·m``,
``V(R̂) = Σ_h (M_h/m̄_h)² (1 − n_h/N_h) s²_{e,h} / n_h / B̂²``. The same residuals for every
list give the covariance matrix of the shares (used for gaps and for seat draws). Strata
with fewer than two reports are left out and named; the estimate then covers only the
register of the strata it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.pvt.core.design import z_value

__all__ = ["Estimate", "Frame", "estimate"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Frame:
    """The sampling frame per stratum: stations and registered voters (from the register)."""

    strata: tuple[str, ...]
    stations: IntArray
    voters: IntArray

    def __post_init__(self) -> None:
        h = len(self.strata)
        if np.shape(self.stations) != (h,) or np.shape(self.voters) != (h,):
            raise InputError.expected(
                what="the frame",
                expected=f"{h} station counts and voter counts",
                got=(np.shape(self.stations), np.shape(self.voters)),
            )


@dataclass(frozen=True, slots=True)
class Estimate:
    """Shares (of ``names``, on the share base) and turnout with their standard errors."""

    names: tuple[str, ...]
    share: FloatArray
    cov: FloatArray
    turnout: float
    turnout_se: float
    reports: IntArray
    frame: Frame
    used: npt.NDArray[np.bool_]

    @property
    def se(self) -> FloatArray:
        return np.sqrt(np.clip(np.diag(self.cov), 0.0, None))

    def margin(self, confidence: float) -> FloatArray:
        """Half-width of each share's interval at ``confidence`` (normal approximation)."""
        return z_value(confidence) * self.se

    def gap_se(self, i: int, j: int) -> float:
        """Standard error of ``share[i] − share[j]``."""
        c = self.cov
        return float(np.sqrt(max(c[i, i] + c[j, j] - 2.0 * c[i, j], 0.0)))

    @property
    def missing(self) -> tuple[str, ...]:
        """Strata left out (fewer than two reports)."""
        return tuple(s for s, u in zip(self.frame.strata, self.used, strict=True) if not u)

    @property
    def register_covered(self) -> float:
        """Share of the register in the strata the estimate uses."""
        v = self.frame.voters
        return float(v[self.used].sum() / max(int(v.sum()), 1))


def estimate(
    frame: Frame,
    stratum: IntArray,
    registered: IntArray,
    ballots: IntArray,
    base: IntArray,
    votes: IntArray,
    names: Sequence[str],
) -> Estimate:
    """Estimate shares of ``votes`` columns over ``base`` and the turnout, per report row."""
    h_all = len(frame.strata)
    s = np.asarray(stratum, dtype=np.int64)
    n = s.shape[0]
    y = np.asarray(votes, dtype=np.float64).reshape(n, -1)
    if y.shape[1] != len(names) or (s < 0).any() or (s >= h_all).any():
        raise InputError.expected(
            what="the reports",
            expected=f"{len(names)} vote columns and known strata",
            got=y.shape,
        )
    m = np.asarray(registered, dtype=np.float64)
    reports = np.bincount(s, minlength=h_all).astype(np.int64)
    used = reports >= 2
    keep = used[s]
    s, m, y = s[keep], m[keep], y[keep]
    b = np.asarray(base, dtype=np.float64)[keep]
    c = np.asarray(ballots, dtype=np.float64)[keep]
    if not used.any():
        raise InputError.expected(
            what="reports per stratum", expected="at least two in some stratum", got=reports
        )
    nh = reports.astype(np.float64)
    big_m = frame.voters.astype(np.float64)
    m_sum = np.bincount(s, m, minlength=h_all)
    # weight per station: M_h / Σ_sample m (the stratum's register over its sample's)
    ratio_w = np.divide(big_m, m_sum, out=np.zeros(h_all), where=m_sum > 0)
    w = ratio_w[s]
    cols = np.column_stack((y, b, c))  # lists…, base, ballots
    totals = w @ cols
    base_hat = totals[-2]
    if not base_hat > 0:
        raise InputError.expected(
            what="the reports' share base", expected="some votes in the reports", got=0
        )
    share = totals[:-2] / base_hat
    big_m_used = float(big_m[used].sum())
    turnout = float(totals[-1] / big_m_used)
    # residuals: shares against the base, turnout against the register
    u = np.column_stack((y - np.outer(b, share), c - turnout * m))
    u_sum = np.vstack([np.bincount(s, u[:, k], minlength=h_all) for k in range(u.shape[1])]).T
    r_h = np.divide(u_sum, m_sum[:, None], out=np.zeros_like(u_sum), where=m_sum[:, None] > 0)
    e = u - r_h[s] * m[:, None]
    # per-stratum covariance of e: Σ e eᵀ − n ē ēᵀ over n − 1 (ē = 0 up to rounding)
    e_sum = np.vstack([np.bincount(s, e[:, k], minlength=h_all) for k in range(e.shape[1])]).T
    fpc = np.clip(1.0 - nh / np.maximum(frame.stations.astype(np.float64), 1.0), 0.0, 1.0)
    # (M_h/m̄_h)² (1 − f_h)/n_h /(n_h − 1)  with m̄_h = m_sum/n_h  →  ratio_w² n_h (1−f)/(n−1)
    coef = np.where(used, ratio_w**2 * nh * fpc / np.maximum(nh - 1.0, 1.0), 0.0)
    ew = e * np.sqrt(coef[s])[:, None]
    cov_all = ew.T @ ew - (e_sum * np.sqrt(coef / np.maximum(nh, 1.0))[:, None]).T @ (
        e_sum * np.sqrt(coef / np.maximum(nh, 1.0))[:, None]
    )
    k = len(names)
    cov = cov_all[:k, :k] / base_hat**2
    turnout_var = cov_all[k, k] / big_m_used**2
    return Estimate(
        tuple(names),
        share,
        cov,
        turnout,
        float(np.sqrt(max(turnout_var, 0.0))),
        reports,
        frame,
        used,
    )
