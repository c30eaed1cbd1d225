"""Audit runner for Mebane's finite mixture of incremental and extreme fraud."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from majlis.errors import InputError
from majlis.forensics import MixtureFraudFit, fit_fraud_mixture
from majlis.report.model import AuditInput, AuditOptions, MethodReport

__all__ = ["MixtureOutcome", "run_mebane"]

_Z = 3.0  # a fraud share counts when it lies this many standard errors above zero
_MIN_GAIN = 10.0  # and the fraud classes raise the log-likelihood by at least this much


@dataclass(frozen=True, eq=False)
class MixtureOutcome:
    """The fit with each station's turnout and leader's share (for the report's figure)."""

    fit: MixtureFraudFit
    turnout: npt.NDArray[np.float64]
    share: npt.NDArray[np.float64]


def _share(fit: MixtureFraudFit, name: str) -> str:
    est, se = fit.estimates[name], fit.std_errors[name]
    return f"{est:.4f} ± {se:.4f}" if np.isfinite(se) else f"{est:.4f} (no standard error)"


def _significant(fit: MixtureFraudFit, name: str) -> bool:
    se = fit.std_errors[name]
    return bool(np.isfinite(se) and se > 0 and fit.estimates[name] > _Z * se)


def run_mebane(data: AuditInput, options: AuditOptions) -> MethodReport:
    """Fit the mixture to every station and report the fraud shares and votes."""
    del options  # the fit is deterministic: no seed, no resamples
    try:
        fit = fit_fraud_mixture(data.registered, data.ballots_cast, data.leader)
    except InputError as err:
        return MethodReport(
            key="mebane",
            title="Incremental and extreme fraud mixture",
            citation="Mebane, Election Forensics (2016); Ferrari, McAlister & Mebane (2018)",
            signal=None,
            headline=f"not fitted: {err}",
            numbers=(("units with consistent counts", "fewer than 50"),),
            explanation=_EXPLANATION,
            result=None,
        )
    gain = fit.log_likelihood - fit.log_likelihood_clean
    signal = gain >= _MIN_GAIN and (_significant(fit, "f_i") or _significant(fit, "f_e"))
    p_ext = fit.p_extreme[np.isfinite(fit.p_extreme)]
    p_inc = fit.p_incremental[np.isfinite(fit.p_incremental)]
    est = fit.estimates
    leader_total = float(np.nansum(data.leader))
    return MethodReport(
        key="mebane",
        title="Incremental and extreme fraud mixture",
        citation="Mebane, Election Forensics (2016); Ferrari, McAlister & Mebane (2018)",
        signal=bool(signal),
        headline=(
            f"incremental f_i = {est['f_i']:.3f}, extreme f_e = {est['f_e']:.3f}; "
            f"{fit.total_fraud_votes:,.0f} expected fraudulent votes"
        ),
        numbers=(
            ("incremental fraud share f_i", _share(fit, "f_i")),
            ("extreme fraud share f_e", _share(fit, "f_e")),
            (
                "magnitudes m_i, s_i / m_e, s_e",
                f"{est['m_i']:.3f}, {est['s_i']:.3f} / {est['m_e']:.3f}, {est['s_e']:.3f}",
            ),
            ("honest turnout τ ± σ", f"{est['tau']:.3f} ± {est['sigma_tau']:.3f}"),
            ("honest leader's share ν ± σ", f"{est['nu']:.3f} ± {est['sigma_nu']:.3f}"),
            ("log-likelihood gain over the honest model", f"{gain:,.1f}"),
            ("stations more likely extreme / incremental than honest", _counts(p_ext, p_inc)),
            ("expected fraudulent votes", f"{fit.total_fraud_votes:,.0f}"),
            (
                "share of the leader's votes",
                f"{fit.total_fraud_votes / max(leader_total, 1.0):.2%}",
            ),
            ("optimiser converged", "yes" if fit.converged else "no (stopped at a kink)"),
        ),
        explanation=_EXPLANATION,
        result=MixtureOutcome(fit, data.turnout, data.share),
    )


def _counts(p_ext: np.ndarray, p_inc: np.ndarray) -> str:
    return f"{int((p_ext > 0.5).sum()):,} / {int((p_inc > 0.5).sum()):,}"


_EXPLANATION = (
    "Every station is taken to be honest, or to suffer incremental fraud (a few abstainers' "
    "ballots added for the leader and a few of the other lists' votes moved to it), or "
    "extreme fraud (most of them). Honest stations scatter around one turnout and one "
    "share; the model fits the shares f_i and f_e of the two kinds of fraud and their "
    "magnitudes by maximum likelihood, and gives each station its probability of each "
    f"class. A share counts as a signal when it lies {_Z:g} standard errors above zero and "
    f"the fraud classes raise the log-likelihood by at least {_MIN_GAIN:g}. The fit is "
    "model-based: mobilisation that raises turnout and the leader's share together looks "
    "like incremental fraud to it, and where honest turnout is wider than one normal "
    "spread its honest class absorbs the milder fraud (Russia 2011: 2 million fraudulent "
    "votes against Shpilkin's 15 million), so its shares are evidence of a pattern, not "
    "proof of how many votes were stolen or where."
)
