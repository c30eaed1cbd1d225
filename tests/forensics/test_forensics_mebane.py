"""Mebane's finite mixture of incremental and extreme fraud: ML recovers known parameters."""

from __future__ import annotations

import numpy as np
import pytest

from majlis.errors import InputError
from majlis.forensics import fit_fraud_mixture
from majlis.forensics.mebane import PARAMETERS, mixture_log_likelihood

TRUE = {
    "tau": 0.55,
    "sigma_tau": 0.08,
    "nu": 0.45,
    "sigma_nu": 0.08,
    "f_i": 0.2,
    "f_e": 0.05,
    "m_i": 0.1,
    "s_i": 0.15,
    "m_e": 0.8,
    "s_e": 0.7,
}


def _simulate(units: int, seed: int, f_i: float, f_e: float) -> tuple[np.ndarray, ...]:
    """Units drawn from the model itself (large electorates: shares are exact)."""
    rng = np.random.default_rng(seed)
    registered = np.full(units, 1_000_000)
    tau = rng.normal(TRUE["tau"], TRUE["sigma_tau"], units)
    nu = rng.normal(TRUE["nu"], TRUE["sigma_nu"], units)
    cls = rng.choice(3, size=units, p=[1 - f_i - f_e, f_i, f_e])
    m = np.array([0.0, TRUE["m_i"], TRUE["m_e"]])[cls]
    s = np.array([0.0, TRUE["s_i"], TRUE["s_e"]])[cls]
    abstain = (1 - tau) * (1 - m)
    lead = tau * nu + m * (1 - tau) + s * tau * (1 - nu)
    voters = np.round(registered * (1 - abstain))
    leader = np.round(registered * lead)
    moved = registered * (m * (1 - tau) + s * tau * (1 - nu))
    return registered, voters, leader, cls, moved


def test_fit_recovers_known_parameters_within_their_standard_errors() -> None:
    """Every parameter within 3.5 standard errors of the truth; fraud units found; the
    national fraudulent votes within 5 %; the fraud model beats the honest one."""
    registered, voters, leader, cls, moved = _simulate(4000, 2, TRUE["f_i"], TRUE["f_e"])
    fit = fit_fraud_mixture(registered, voters, leader)
    assert fit.converged
    for name in PARAMETERS:
        se = fit.std_errors[name]
        assert 0 < se < 0.05, name
        assert abs(fit.estimates[name] - TRUE[name]) < 3.5 * se, name
    assert fit.p_extreme[cls == 2].mean() > 0.95
    assert fit.p_extreme[cls == 0].mean() < 0.01
    assert fit.total_fraud_votes == pytest.approx(moved.sum(), rel=0.05)
    assert fit.log_likelihood > fit.log_likelihood_clean + 100
    theta = [fit.estimates[k] for k in PARAMETERS]
    assert mixture_log_likelihood(
        1 - voters / registered, leader / registered, theta
    ) == pytest.approx(fit.log_likelihood)


def test_clean_election_gains_nothing_from_fraud() -> None:
    """Without fraud there is no extreme class and the fraud terms barely raise the
    likelihood (small incremental magnitudes are not identified against honest spread)."""
    registered, voters, leader, _, _ = _simulate(3000, 5, 0.0, 0.0)
    fit = fit_fraud_mixture(registered, voters, leader)
    assert fit.estimates["f_e"] < 0.01
    assert fit.log_likelihood - fit.log_likelihood_clean < 5.0
    assert fit.estimates["m_i"] < 0.05
    assert fit.estimates["s_i"] < 0.05
    with pytest.raises(InputError, match="at least 50 units"):
        fit_fraud_mixture(registered[:10], voters[:10], leader[:10])
