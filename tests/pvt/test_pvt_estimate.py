"""The stratified ratio estimator: exact on a census, unbiased under late strata, and its
95 % intervals cover the truth on synthetic elections (with and without stuffing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import InputError
from majlis.pvt import Frame, call_race, estimate
from majlis.pvt._synthetic import synthetic_quick_count


def _census(rng: np.random.Generator, h: int, per: int) -> tuple[Frame, dict[str, np.ndarray]]:
    stratum = np.repeat(np.arange(h), per)
    reg = rng.integers(300, 3000, h * per)
    ballots = (reg * rng.uniform(0.4, 0.9, h * per)).astype(np.int64)
    votes = rng.multinomial(1, [0.5, 0.3, 0.2], size=(h * per,)) * 0
    for i, b in enumerate(ballots):
        votes[i] = rng.multinomial(int(b), [0.5, 0.3, 0.2])
    frame = Frame(
        tuple(str(i) for i in range(h)),
        np.full(h, per, dtype=np.int64),
        np.bincount(stratum, reg).astype(np.int64),
    )
    return frame, {"stratum": stratum, "reg": reg, "ballots": ballots, "votes": votes}


@given(st.integers(0, 10**6), st.integers(1, 5), st.integers(2, 30))
@settings(max_examples=30, deadline=None)
def test_census_is_exact_with_no_variance(seed: int, h: int, per: int) -> None:
    frame, d = _census(np.random.default_rng(seed), h, per)
    base = d["votes"].sum(axis=1)
    est = estimate(frame, d["stratum"], d["reg"], d["ballots"], base, d["votes"], "abc")
    np.testing.assert_allclose(est.share, d["votes"].sum(axis=0) / base.sum(), rtol=1e-12)
    np.testing.assert_allclose(est.turnout, d["ballots"].sum() / d["reg"].sum(), rtol=1e-12)
    np.testing.assert_allclose(est.cov, 0.0, atol=1e-18)
    assert est.turnout_se == pytest.approx(0.0, abs=1e-9)
    assert est.share.sum() == pytest.approx(1.0)


def test_late_stratum_does_not_bias() -> None:
    # two equal regions leaning 80 % and 20 %; the second has sent 5 reports of 100
    rng = np.random.default_rng(1)
    n = 200
    stratum = np.repeat([0, 1], 100)
    reg = np.full(n, 1000)
    lean = np.where(stratum == 0, 0.8, 0.2)
    a = rng.binomial(600, lean)
    votes = np.column_stack((a, 600 - a))
    frame = Frame(("north", "south"), np.array([1000, 1000]), np.array([10**6, 10**6]))
    late = np.r_[np.arange(100), np.arange(100, 105)]
    est = estimate(
        frame,
        stratum[late],
        reg[late],
        np.full(105, 600),
        np.full(105, 600),
        votes[late],
        ("A", "B"),
    )
    assert est.share[0] == pytest.approx(0.5, abs=0.03)
    pooled = votes[late, 0].sum() / (600 * 105)
    assert pooled > 0.75  # what an unweighted ratio over the reports would say


def test_stratum_with_one_report_is_named_and_left_out() -> None:
    frame = Frame(("a", "b"), np.array([10, 10]), np.array([1000, 1000]))
    est = estimate(
        frame,
        np.array([0, 0, 1]),
        np.array([100, 100, 100]),
        np.array([50, 60, 70]),
        np.array([50, 60, 70]),
        np.array([[30, 20], [30, 30], [10, 60]]),
        ("A", "B"),
    )
    assert est.missing == ("b",)
    assert est.register_covered == pytest.approx(0.5)
    with pytest.raises(InputError):
        estimate(
            frame,
            np.array([0, 1]),
            np.array([1, 1]),
            np.array([1, 1]),
            np.array([1, 1]),
            np.array([[1], [1]]),
            ("A",),
        )


def test_too_close_to_call() -> None:
    frame = Frame(("a",), np.array([1000]), np.array([10**6]))
    rng = np.random.default_rng(3)
    votes = np.column_stack([rng.binomial(500, 0.5, 50)] * 1)
    votes = np.column_stack((votes[:, 0], 500 - votes[:, 0]))
    est = estimate(
        frame,
        np.zeros(50, dtype=np.int64),
        np.full(50, 1000),
        np.full(50, 500),
        np.full(50, 500),
        votes,
        ("A", "B"),
    )
    call = call_race(est, 0.95, threshold=float(est.share[0]))
    assert not call.callable
    assert "A" in call.too_close_threshold
    assert call_race(est, 0.95, threshold=0.05).too_close_threshold == ()


def _coverage(elections: int, sample: int, stuffing: float) -> tuple[float, float]:
    hit = tot = turn = 0
    for seed in range(elections):
        q = synthetic_quick_count(seed, sample=sample, stuffing_share=stuffing)
        hit += int((abs(q.estimate.share - q.true_share) <= q.estimate.margin(0.95)).sum())
        tot += q.true_share.size
        turn += abs(q.estimate.turnout - q.true_turnout) <= 1.96 * q.estimate.turnout_se
    return hit / tot, turn / elections


@pytest.mark.parametrize("stuffing", [0.0, 0.1])
def test_coverage_fast(stuffing: float) -> None:
    # 100 elections x 5 lists: binomial SD of the coverage ≈ 1 point; tolerance 3 points
    shares, turnout = _coverage(100, 1000, stuffing)
    assert abs(shares - 0.95) <= 0.03
    assert abs(turnout - 0.95) <= 0.06  # 100 intervals: SD ≈ 2.2 points


@pytest.mark.slow
@pytest.mark.extended  # about 5 minutes; the fast twin above runs by default
@pytest.mark.parametrize("stuffing", [0.0, 0.1])
def test_coverage_1000_elections(stuffing: float) -> None:
    shares, _ = _coverage(1000, 1000, stuffing)
    assert abs(shares - 0.95) <= 0.015


@given(st.integers(0, 10**6))
@settings(max_examples=25, deadline=None)
def test_order_of_reports_does_not_matter(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frame, d = _census(rng, 3, 12)
    frame = Frame(frame.strata, frame.stations * 4, frame.voters * 4)  # a sample of a quarter
    base = d["votes"].sum(axis=1)
    one = estimate(frame, d["stratum"], d["reg"], d["ballots"], base, d["votes"], "abc")
    p = rng.permutation(base.size)
    two = estimate(
        frame, d["stratum"][p], d["reg"][p], d["ballots"][p], base[p], d["votes"][p], "abc"
    )
    np.testing.assert_allclose(one.share, two.share, rtol=1e-12)
    np.testing.assert_allclose(one.cov, two.cov, rtol=1e-9, atol=1e-15)
    assert (one.se > 0).all()
    assert one.turnout == pytest.approx(two.turnout)
