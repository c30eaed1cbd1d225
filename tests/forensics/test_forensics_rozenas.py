"""Rozenas' resampled kernel density spikes against the stored output of the R package."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from majlis.datasets import fetch_canada_2011, fetch_spikes_reference, fetch_spikes_russia_2011
from majlis.errors import InputError
from majlis.forensics import (
    binned_density,
    fit_beta_binomial_mixture,
    resampled_kernel_spikes,
    spikes_interval,
)
from majlis.forensics._rozenas_draws import (
    LogGammaTables,
    _invert,
    draw_support,
    draw_turnout,
    turnout_tables,
)
from majlis.forensics.betabinomial import BetaBinomialMixture
from majlis.forensics.rozenas import _accumulate, _Binning, _bins, _share_bins, _smooth

#: canada-2011-spikes/README.md: the stored ``fraud`` of the package's example run (percent).
PACKAGE_FRAUD_CANADA = 0.03888


def _ntv(frame: pl.DataFrame, t_line: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        frame["registered"].to_numpy().astype(float),
        frame[t_line].to_numpy().astype(float),
        frame["leader"].to_numpy().astype(float),
    )


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 3000)), min_size=1, max_size=40))
def test_bins_match_r_cut_on_the_floating_edges(pairs: list[tuple[int, int]]) -> None:
    """The arithmetic bin index equals a binary search on R's right-closed edges."""
    y = np.array([min(v, t) / t for v, t in pairs])
    edges = -0.0005 + np.arange(1002) * 0.001
    expected = np.searchsorted(edges, y, side="left") - 1
    expected = np.where(y == edges[0], 0, expected)
    assert _bins(y, 1001).tolist() == expected.tolist()


def test_share_bins_agree_with_the_edge_table_on_every_small_fraction() -> None:
    """Every share v/t with t ≤ 400 (edges such as 1/16 = 0.0625 and 1/2000-multiples
    included), in both orders of a 2-D block: the shortcut bins as :func:`_bins` does."""
    t = np.repeat(np.arange(1, 401), np.arange(2, 402))
    v = np.concatenate([np.arange(k + 1) for k in range(1, 401)])
    share = np.concatenate([v / t, [0.0625, 0.0005, 0.9995, 1.0, 0.0, 5e-324]])
    share = np.concatenate([share, np.zeros(-share.size % 64)])
    expected = _bins(share, 1001)
    assert np.array_equal(_share_bins(share.reshape(64, -1), 1001).ravel(), expected)
    assert np.array_equal(_share_bins(share.reshape(-1, 64).T, 1001).T.ravel(), expected)


def test_binned_density_is_a_density_and_matches_the_exact_kernel() -> None:
    """With a wide kernel the binned density integrates to one and equals the exact sum."""
    rng = np.random.default_rng(0)
    x = rng.beta(5, 4, size=3000)
    dens = binned_density(x, bandwidth=0.05, grid=1001)[0]
    grid = np.linspace(0, 1, 1001)
    exact = np.exp(-0.5 * ((grid[:, None] - x[None, :]) / 0.05) ** 2).sum(axis=1)
    exact /= len(x) * 0.05 * np.sqrt(2 * np.pi)
    assert np.trapezoid(dens, grid) == pytest.approx(1.0, abs=0.02)
    assert np.max(np.abs(dens - exact)) < 0.01 * exact.max()


def test_blockwise_binning_of_resamples_equals_each_resample_binned_alone() -> None:
    """Binning blocks of stations into every resample at once gives each resample's density
    and the summed bin counts, as binning each resample's shares alone does."""
    rng = np.random.default_rng(4)
    share = rng.integers(0, 700, size=(7, 300)) / 700  # (resamples, stations), edges included
    share[0, :5] = [0.0, 1.0, 0.5, 0.0005, 0.9995]  # the ends, a grid point, two bin edges
    acc = _Binning.empty(7, bandwidth=1e-3, grid=1001)
    for block in (share[:, :120], share[:, 120:]):
        _accumulate(block, acc, bandwidth=1e-3, grid=1001)
    alone = binned_density(share, bandwidth=1e-3, grid=1001)
    smooth = _smooth(acc.binned(1 / 300), bandwidth=1e-3, grid=1001)
    assert np.allclose(smooth, alone, rtol=1e-12, atol=1e-9)
    assert np.array_equal(acc.bins, np.bincount(_bins(share.ravel(), 1001), minlength=1001))


def test_mixture_fit_recovers_two_components() -> None:
    """A two-component beta-binomial sample is fitted back near its true shares."""
    rng = np.random.default_rng(1)
    n = rng.integers(200, 1500, size=6000).astype(float)
    p = np.where(rng.random(6000) < 0.3, rng.beta(20, 60, 6000), rng.beta(60, 40, 6000))
    y = rng.binomial(n.astype(int), p).astype(float)
    model = fit_beta_binomial_mixture(y, n, max_stations=6000)
    means = sorted(a / (a + b) for a, b in zip(model.alpha, model.beta, strict=True))
    assert model.components >= 2
    assert means[0] == pytest.approx(0.25, abs=0.03)
    assert means[-1] == pytest.approx(0.6, abs=0.03)


def test_clean_and_forged_synthetic_elections() -> None:
    """No spikes in a clean synthetic election; about the injected share when shares are forged."""
    rng = np.random.default_rng(2)
    size = 8000
    registered = rng.integers(300, 2500, size=size)
    turnout = rng.binomial(registered, rng.beta(30, 25, size))
    votes = rng.binomial(turnout, rng.beta(20, 25, size))
    clean = resampled_kernel_spikes(registered, turnout, votes, resamples=100, seed=3)
    forged = votes.copy()
    picked = rng.random(size) < 0.05
    coarse = rng.choice([0.6, 0.7, 0.75, 0.8], size=int(picked.sum()))
    forged[picked] = np.round(coarse * turnout[picked])
    dirty = resampled_kernel_spikes(registered, turnout, forged, resamples=100, seed=3)
    assert clean.fraud_share < 0.5
    assert 3.0 < dirty.fraud_share < 6.0
    assert dirty.flagged[picked].mean() > 0.8


@pytest.mark.slow
def test_canada_2011_matches_the_stored_package_output(shared_data: Path) -> None:
    """On the package's Canada 2011 input the share is near its stored 0.03888 % and the
    envelope follows the stored ``ymax``."""
    table = fetch_canada_2011(data_home=shared_data, download_if_missing=False)
    reference = fetch_spikes_reference(data_home=shared_data, download_if_missing=False)
    result = resampled_kernel_spikes(*_ntv(table.frame, "ballots_cast"), resamples=1000, seed=0)
    # the share is a resampling estimate: over seeds 0-15 it ranged from 0.00 to 0.19
    # (mean 0.09, sd 0.04, whether the votes are drawn by beta and binomial or directly)
    assert result.fraud_share == pytest.approx(PACKAGE_FRAUD_CANADA, abs=0.16)
    ymax = reference["ymax"].to_numpy()
    assert np.corrcoef(ymax, result.envelope)[0, 1] > 0.99
    inner = (result.x > 0.05) & (result.x < 0.95)
    relative = np.abs(result.envelope - ymax)[inner] / ymax[inner]
    assert np.median(relative) < 0.06
    assert np.corrcoef(reference["w"].to_numpy(), result.excess)[0, 1] > 0.95


@pytest.mark.slow
def test_russia_2011_shows_coarse_share_spikes(shared_data: Path) -> None:
    """On the package's Russia 2011 input the share is clearly positive, with spikes at round
    percentages of United Russia's share."""
    table = fetch_spikes_russia_2011(data_home=shared_data, download_if_missing=False)
    result = resampled_kernel_spikes(*_ntv(table.frame, "valid"), resamples=50, seed=0)
    assert result.fraud_share > 0.5
    peaks = set(np.round(result.x[result.spikes], 3).tolist())
    round_shares = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}
    assert len(round_shares & peaks) >= 6


def _forged(seed: int, size: int = 3000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    registered = rng.integers(300, 2500, size=size)
    turnout = rng.binomial(registered, rng.beta(30, 25, size))
    votes = rng.binomial(turnout, rng.beta(20, 25, size))
    picked = rng.random(size) < 0.05
    coarse = rng.choice([0.6, 0.7, 0.75, 0.8], size=int(picked.sum()))
    votes[picked] = np.round(coarse * turnout[picked])
    return registered, turnout, votes


def test_tabulated_turnout_draws_follow_the_mixture_law() -> None:
    """The tabulated turnout draws pass a chi-squared test against the exact mixture of
    beta-binomials, for a large, a small and an all-turnout station."""
    model = BetaBinomialMixture((0.6, 0.4), (20.0, 3.5), (19.0, 0.7), 0.0)
    n = np.array([1500.0, 120.0, 7.0])
    t = np.array([900.0, 118.0, 7.0])
    resp = np.array([[0.7, 0.3], [0.1, 0.9], [0.2, 0.8]])
    tables = LogGammaTables.build(model, int(2 * n.max()) + 1)
    draws = draw_turnout(n, t, resp, model, tables, 100_000, np.random.default_rng(5))
    for i in range(n.size):
        x = np.arange(int(n[i]) + 1)
        pmf = sum(
            resp[i, k]
            * stats.betabinom.pmf(x, int(n[i]), t[i] + model.alpha[k], n[i] - t[i] + model.beta[k])
            for k in range(2)
        )
        observed = np.bincount(draws[:, i], minlength=x.size)
        expected = pmf * draws.shape[0]
        keep = expected > 5
        chi2 = ((observed[keep] - expected[keep]) ** 2 / expected[keep]).sum()
        assert stats.chi2.sf(chi2, int(keep.sum()) - 1) > 1e-3, i


def test_turnout_tables_leave_out_at_most_1e_11_of_a_lopsided_law() -> None:
    """A station at 100 % turnout in a component with a small shape has a long lower tail
    (Russia 2011's fitted turnout mixture: 33,016 stations' windows of 7 standard deviations
    left out more than 1e-11, up to 2e-4): the table is widened until the counts left out
    hold at most 1e-11 of the law, checked against the exact mixture of beta-binomials."""
    model = BetaBinomialMixture(
        (0.55, 0.05, 0.10, 0.30), (20.9, 91.0, 36.4, 3.89), (19.4, 42.0, 12.6, 0.689), 0.0
    )
    n = np.array([3100.0, 3100.0, 1500.0, 40.0, 2200.0])
    t = np.array([3100.0, 3000.0, 900.0, 40.0, 2150.0])
    resp = np.array(
        [[0, 0, 0, 1.0], [0, 0, 0.2, 0.8], [0.7, 0.1, 0.1, 0.1], [0.1, 0, 0, 0.9], [0, 0, 0, 1.0]]
    )
    tables = LogGammaTables.build(model, int(2 * n.max()) + 1)
    drawn_from = {}
    for which, kept, block in turnout_tables(n, t, resp, model, tables):
        for j in kept:
            drawn_from[int(which[j])] = (block, int(j))
    assert sorted(drawn_from) == list(range(n.size))
    for i in range(n.size):
        block, j = drawn_from[i]
        x = np.arange(int(n[i]) + 1)
        pmf = sum(
            resp[i, k]
            * stats.betabinom.pmf(x, int(n[i]), t[i] + model.alpha[k], n[i] - t[i] + model.beta[k])
            for k in range(4)
        )
        inside = (x >= block.first[j]) & (x < block.first[j] + block.size[j])
        assert pmf[~inside].sum() <= 1e-11, i
        assert block.mass[j] == pytest.approx(pmf[inside].sum(), abs=1e-10)  # (rounding)


def test_turnout_inversion_finds_the_first_cell_reaching_each_uniform() -> None:
    """The guide table's walk, and the bisection that takes over past a few cells (a long
    tail within one guide entry), give the first cell whose cumulative mass reaches each
    uniform, as a search of the station's table does; uniforms next to the cells' edges and
    in the far tails included."""
    model = BetaBinomialMixture((0.7, 0.3), (20.9, 3.89), (19.4, 0.689), 0.0)
    n = np.array([3100.0, 2900.0, 60.0, 1200.0])
    t = np.array([3100.0, 2899.0, 60.0, 700.0])
    resp = np.array([[0.0, 1.0], [0.5, 0.5], [0.1, 0.9], [0.9, 0.1]])
    tables = LogGammaTables.build(model, int(2 * n.max()) + 1)
    rng = np.random.default_rng(3)
    for _, kept, block in turnout_tables(n, t, resp, model, tables):
        cells = [block.cdf[block.offset[j] : block.offset[j] + block.size[j]] for j in kept]
        edges = np.concatenate([c[c < 1.0] for c in cells])
        u = np.concatenate(
            [rng.random(20_000), rng.random(2000) * 1e-9, edges, np.nextafter(edges, 0)]
        )
        u = np.broadcast_to(u[:, None], (u.size, kept.size)).copy()
        drawn = _invert(block, kept, u)
        for col, j in enumerate(kept):
            expected = block.first[j] + np.searchsorted(cells[col], u[:, col], side="left")
            assert np.array_equal(drawn[:, col], expected), j


def test_support_draws_follow_the_mixture_law_given_the_new_turnout() -> None:
    """Given each station's new turnout, the drawn votes pass a chi-squared test against
    the mixture of the stations' own beta-binomials (components and shapes kept apart),
    both where the shapes are at least one (exact rejection) and where one is not (a
    station whose votes are all for the list, in the component with β < 1)."""
    model = BetaBinomialMixture((0.5, 0.3, 0.2), (20.0, 3.5, 60.0), (19.0, 0.7, 9.0), 0.0)
    t = np.array([900.0, 118.0, 40.0, 600.0, 50.0])
    v = np.array([500.0, 100.0, 3.0, 590.0, 50.0])
    resp = np.array(
        [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.3, 0.5], [0.0, 0.4, 0.6], [0.3, 0.5, 0.2]]
    )
    new_t = np.array([880, 125, 40, 610, 47])
    rows = 100_000
    turnout = np.broadcast_to(new_t, (rows, new_t.size)).copy()
    tables = LogGammaTables.build(model, int(2 * t.max()) + 1)
    draws = draw_support(t, v, resp, model, tables, turnout, np.random.default_rng(8))
    assert draws.shape == (rows, t.size)
    for i in range(t.size):
        x = np.arange(new_t[i] + 1)
        pmf = sum(
            resp[i, k]
            * stats.betabinom.pmf(x, new_t[i], v[i] + model.alpha[k], t[i] - v[i] + model.beta[k])
            for k in range(3)
        )
        observed = np.bincount(draws[:, i], minlength=x.size)
        expected = pmf * rows
        keep = expected > 5
        assert observed[~keep].sum() <= 3 * max(expected[~keep].sum(), 1.0), i
        chi2 = ((observed[keep] - expected[keep]) ** 2 / expected[keep]).sum()
        assert stats.chi2.sf(chi2, int(keep.sum()) - 1) > 1e-3, i


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 2000), st.floats(0.0, 1.0), st.integers(0, 2500)),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 2**32 - 1),
)
def test_support_draws_lie_within_the_new_turnout(
    stations: list[tuple[int, float, int]], seed: int
) -> None:
    """Whatever the counts (all votes or none for the list included, shapes below one
    included), every drawn vote count lies in ``0..t*``, ``t* = 0`` too."""
    model = BetaBinomialMixture((0.6, 0.4), (3.2, 0.4), (0.9, 25.0), 0.0)
    t = np.array([s[0] for s in stations], dtype=np.float64)
    v = np.round(np.array([s[1] for s in stations]) * t)
    new_t = np.array([s[2] for s in stations], dtype=np.int64)
    resp = np.tile([0.5, 0.5], (t.size, 1))
    tables = LogGammaTables.build(model, int(2 * max(t.max(), new_t.max())) + 1)
    turnout = np.tile(new_t, (7, 1))
    draws = draw_support(t, v, resp, model, tables, turnout, np.random.default_rng(seed))
    assert draws.shape == turnout.shape
    assert np.all(draws >= 0)
    assert np.all(draws <= turnout)


def test_interval_draws_the_posterior_and_brackets_its_mean() -> None:
    """The interval is reproducible from its seed, brackets the draws' mean, accepts some
    proposals, and stays well above zero for an election with 5 % forged shares."""
    registered, turnout, votes = _forged(6)
    a = spikes_interval(registered, turnout, votes, draws=6, resamples=40, seed=2)
    b = spikes_interval(registered, turnout, votes, draws=6, resamples=40, seed=2)
    assert np.array_equal(a.shares, b.shares)
    assert a.shares.size == 6
    assert a.low <= a.mean <= a.high
    assert 0.0 < max(a.acceptance) <= 1.0
    assert a.low > 2.0
    assert a.envelope.shape == a.x.shape == a.excess.shape
    with pytest.raises(InputError, match="draws"):
        spikes_interval(registered, turnout, votes, draws=0)


def test_interval_refuses_a_component_without_stations() -> None:
    """A mixture component that no station is drawn into has no posterior to draw from:
    the interval says so instead of looping."""
    registered, turnout, votes = _forged(7, size=600)
    empty = BetaBinomialMixture((1.0 - 1e-8, 1e-8), (30.0, 20.0), (25.0, 40.0), 0.0)
    with pytest.raises(InputError, match="drew no station"):
        spikes_interval(registered, turnout, votes, draws=1, resamples=5, turnout_model=empty)
