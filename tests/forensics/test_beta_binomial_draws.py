"""The exact beta-binomial sampler behind Rozenas' resampled support: its hat bounds the
mass everywhere, and its draws follow ``scipy.stats.betabinom`` closely enough to see a
1 % error of the hat."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from majlis.forensics._beta_binomial_draws import (
    _MARGIN,
    BetaBinomialShapes,
    _Hats,
    draw_log_concave_beta_binomial,
)

DRAWS = 4_000_000  # enough to see a law 1 % off within one sd of the mode (below)


def _law(n: int, a: float, b: float) -> tuple[BetaBinomialShapes, tuple[np.ndarray, ...]]:
    """One law ``BB(·, a, b)`` and its tables, with ``a`` and ``b`` split as the support
    model splits them: an integer row (the votes) plus a shape in [1, 2) (the component's)."""
    ia, ib = int(np.floor(a)) - 1, int(np.floor(b)) - 1
    j = np.arange(n + max(ia, ib) + 2, dtype=np.float64)
    tables = (special.gammaln(j + a - ia), special.gammaln(j + b - ib), special.gammaln(j + 1))
    shapes = BetaBinomialShapes.build(
        np.array([a]), np.array([b]), (np.array([ia]), np.array([ib])), np.array([float(n)])
    )
    return shapes, tables


def _draw(n: int, a: float, b: float, size: int, seed: int) -> np.ndarray:
    shapes, tables = _law(n, a, b)
    trials = np.full(size, n, dtype=np.int64)
    pick = np.zeros(size, dtype=np.intp)
    rng = np.random.default_rng(seed)
    return draw_log_concave_beta_binomial(
        trials, pick, shapes, tables, rng, low=np.array([n]), width=1
    )


def _fit_p_values(draws: np.ndarray, pmf: np.ndarray) -> tuple[float, float]:
    """Chi-squared p-values of ``draws`` against ``pmf``: over the counts (those with fewer
    than 20 expected draws pooled into the two tails), and over the ten deciles of the law
    (fewer degrees of freedom: it sees a small error spread over many counts)."""
    observed = np.bincount(draws, minlength=pmf.size).astype(np.float64)
    expected = pmf * draws.size
    big = np.flatnonzero(expected >= 20)
    lo, hi = big[0], big[-1]
    obs = np.concatenate(([observed[:lo].sum()], observed[lo : hi + 1], [observed[hi + 1 :].sum()]))
    exp = np.concatenate(([expected[:lo].sum()], expected[lo : hi + 1], [expected[hi + 1 :].sum()]))
    decile = np.minimum((np.cumsum(pmf) - pmf / 2) * 10, 9).astype(np.int64)
    p_values = []
    for o, e in ((obs, exp), (np.bincount(decile, observed), np.bincount(decile, expected))):
        keep = e > 0
        assert o[~keep].sum() == 0
        chi2 = ((o[keep] - e[keep]) ** 2 / e[keep]).sum()
        p_values.append(float(stats.chi2.sf(chi2, max(int(keep.sum()) - 1, 1))))
    return p_values[0], p_values[1]


LAWS = [
    (0, 3.2, 2.5),  # no voter drawn
    (1, 3.2, 2.5),  # one voter
    (1, 1.0, 1.0),
    (1, 1.0, 40.0),
    (2, 1.0, 1.0),
    (5, 1.5, 1.0),
    (7, 2.0, 2.0),  # a tie between two modes
    (12, 1.0, 1.0),  # uniform: every count a mode
    (50, 1.0, 30.0),  # a shape at one
    (50, 30.0, 1.0),
    (300, 1.0001, 1.0),
    (600, 3.18, 600.89),  # v = 0: the mode at zero
    (600, 603.18, 1.05),  # v = t: the mode at n
    (575, 427.2, 243.4),  # a typical station
    (1200, 900.3, 330.5),
    (10, 500.3, 400.2),  # few new voters: near a binomial
    (3000, 3.5, 2.1),  # many new voters, flat shares
    (5000, 2500.5, 2600.2),
    (20000, 15000.7, 5000.1),
]


@pytest.mark.parametrize(("n", "a", "b"), LAWS)
def test_draws_follow_the_beta_binomial_mass(n: int, a: float, b: float) -> None:
    """Four million draws pass chi-squared tests against ``scipy.stats.betabinom.pmf``."""
    draws = _draw(n, a, b, DRAWS, seed=n + 17)
    assert draws.min() >= 0
    assert draws.max() <= n
    pmf = stats.betabinom.pmf(np.arange(n + 1), n, a, b)
    assert min(_fit_p_values(draws, pmf)) > 1e-4


def test_the_fit_test_sees_a_one_percent_error() -> None:
    """The same test rejects draws whose law puts 1 % too little mass within one standard
    deviation of the mode (a hat 1 % too low there): the tests above can see such errors."""
    n, a, b = 575, 427.2, 243.4
    x = np.arange(n + 1)
    pmf = stats.betabinom.pmf(x, n, a, b)
    mean, sd = stats.betabinom.mean(n, a, b), stats.betabinom.std(n, a, b)
    wrong = np.where(np.abs(x - mean) < sd, 0.99 * pmf, pmf)
    wrong /= wrong.sum()
    draws = np.random.default_rng(3).choice(x, size=DRAWS, p=wrong)
    assert _fit_p_values(draws, pmf)[1] < 1e-8


def _log_hat(hats: _Hats, n: int) -> np.ndarray:
    """The log hat of the first law on ``0..n``, relative to the mode's mass."""
    x = np.arange(n + 1, dtype=np.float64)
    jl, jr = hats.jl[0], hats.jr[0]
    left = hats.h[0] + (jl - 1.0 - x) * hats.slope[0]
    right = hats.h[1] + (x - jr - 1.0) * hats.slope[1]
    return np.where(x < jl, left, np.where(x > jr, right, 0.0))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 4000),
    st.floats(1.0, 5000.0, allow_nan=False),
    st.floats(1.0, 5000.0, allow_nan=False),
)
def test_the_hat_lies_above_the_mass_and_holds_what_it_proposes(n: int, a: float, b: float) -> None:
    """For any ``n`` and shapes at least one, the hat bounds ``p(x)/p(mode)`` at every
    count (the condition for rejection to be exact) and its pieces' masses add up to the
    hat's sum, which is less than 1.4 times the law's (acceptance above 0.71 for the most
    skewed laws; see below for the usual ones)."""
    shapes, tables = _law(n, a, b)
    hats = _Hats.build(np.array([n]), np.array([0]), shapes, tables)
    x = np.arange(n + 1)
    log_p = stats.betabinom.logpmf(x, n, a, b)
    mode = log_p.max()
    log_hat = _log_hat(hats, n)
    assert np.all(log_hat + _MARGIN >= log_p - mode), np.max(log_p - mode - log_hat)
    hat_sum = np.exp(log_hat).sum()
    assert hats.total[0] == pytest.approx(hat_sum, rel=1e-9)
    assert hats.mass_l[0] == pytest.approx(np.exp(log_hat[: int(hats.jl[0])]).sum(), rel=1e-9)
    assert hat_sum * np.exp(mode) < 1.4


@pytest.mark.parametrize(("n", "a", "b"), [law for law in LAWS if law[0] >= 50])
def test_most_proposals_are_kept(n: int, a: float, b: float) -> None:
    """The hat holds at most 1.2 times the law's mass (acceptance above 0.83) for
    stations of every shape; 1.13 for the usual ones (the normal law's optimum)."""
    shapes, tables = _law(n, a, b)
    hats = _Hats.build(np.array([n]), np.array([0]), shapes, tables)
    ratio = hats.total[0] * stats.betabinom.pmf(np.arange(n + 1), n, a, b).max()
    assert ratio < (1.2 if min(a, b) < 5 or n < 100 else 1.14)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 3000), min_size=1, max_size=30),
    st.floats(1.0, 3000.0),
    st.floats(1.0, 3000.0),
    st.integers(0, 2**32 - 1),
)
def test_draws_lie_within_the_new_turnout(trials: list[int], a: float, b: float, seed: int) -> None:
    """Every draw lies in ``0..n``, whatever the trials of each element."""
    n = np.array(trials, dtype=np.int64)
    shapes, tables = _law(int(n.max()), a, b)
    pick = np.zeros(n.size, dtype=np.intp)
    low = np.array([n.min()])
    draws = draw_log_concave_beta_binomial(
        n, pick, shapes, tables, np.random.default_rng(seed), low=low, width=int(np.ptp(n)) + 1
    )
    assert np.all(draws >= 0)
    assert np.all(draws <= n)
