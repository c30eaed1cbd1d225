"""Monte Carlo seat projection: reproducible, streamed, consistent with the exact path."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest

from majlis.errors import InputError
from majlis.law import PartyList, allocate, get_ruleset
from majlis.simulate.projection import Poll, project

LAW_2021 = get_ruleset("kz-majlis-2009")
LAW_2023 = get_ruleset("kz-majlis-2023")
NAMES_2021 = ("Nur Otan", "Ak Zhol", "People's Party", "Auyl", "Adal")
VOTES_2021 = (5_148_074, 792_828, 659_019, 383_023, 258_618)  # CEC, 10 January 2021
OFFICIAL_2021 = [76, 12, 10, 0, 0]


def _poll(**kwargs: object) -> Poll:
    total = sum(VOTES_2021)
    shares = tuple(Fraction(v, total) for v in VOTES_2021)
    return Poll(NAMES_2021, shares, **kwargs)  # type: ignore[arg-type]


def test_same_seed_same_projection() -> None:
    """Two runs with one seed agree exactly; another seed differs."""
    poll = _poll(sample_size=1000)
    a = project(LAW_2021, poll, runs=3000, seed=7, batch_size=1000)
    b = project(LAW_2021, poll, runs=3000, seed=7, batch_size=1000)
    c = project(LAW_2021, poll, runs=3000, seed=8, batch_size=1000)
    assert np.array_equal(a.histogram, b.histogram)
    assert not np.array_equal(a.histogram, c.histogram)


def test_every_run_fills_the_house() -> None:
    """Runs not a multiple of the batch all count, and each fills exactly 98 seats."""
    p = project(LAW_2021, _poll(sample_size=800), runs=2501, seed=1, batch_size=1000)
    assert p.histogram.sum(axis=1).tolist() == [2501] * 5
    assert p.failed == 0
    assert p.mean_seats().sum() == pytest.approx(98)


def test_a_huge_poll_concentrates_on_the_official_result() -> None:
    """With a sample of a billion the modal seats are the official 76/12/10/0/0."""
    p = project(LAW_2021, _poll(sample_size=10**9), runs=2000, seed=3, voters=sum(VOTES_2021))
    assert p.histogram.argmax(axis=1).tolist() == OFFICIAL_2021
    assert p.probability(p.passed_threshold).tolist()[:3] == [1.0, 1.0, 1.0]
    assert p.passed_threshold[3] == 0


def test_zero_standard_errors_reproduce_the_exact_path() -> None:
    """Normal model with zero errors: every run equals majlis.law.allocate of the poll votes."""
    poll = _poll(standard_errors=(Fraction(0),) * 5)
    voters = 1_000_003
    p = project(LAW_2021, poll, runs=500, seed=0, voters=voters, batch_size=128)
    shares = np.array([float(s) for s in poll.shares])
    votes = np.floor(shares / shares.sum() * voters).astype(np.int64)
    lists = [PartyList(n, int(v)) for n, v in zip(NAMES_2021, votes, strict=True)]
    exact = allocate(LAW_2021, lists)
    assert p.histogram.argmax(axis=1).tolist() == [exact.seats[n] for n in NAMES_2021]
    assert p.histogram.max(axis=1).tolist() == [500] * 5


def test_majorities_are_parameters() -> None:
    """Nur Otan's ~76 of 98 is a 2/3 majority but not a 4/5 one; the house size matters."""
    poll = _poll(sample_size=5000)
    p = project(LAW_2021, poll, runs=2000, seed=5)
    assert p.probability(p.majority)[0] == 1.0
    assert p.probability(p.supermajority)[0] > 0.9
    q = project(LAW_2021, poll, runs=2000, seed=5, supermajority_share=Fraction(4, 5))
    assert q.probability(q.supermajority)[0] < 0.1
    r = project(LAW_2021, poll, runs=2000, seed=5, house=200)
    assert r.probability(r.majority)[0] == 0.0


def test_against_all_enters_the_2023_base() -> None:
    """A poll row AGAINST ALL is simulated and counted in the 2023 threshold base."""
    poll = Poll(
        ("Amanat", "Auyl", "Baytaq", "AGAINST ALL"),
        (Fraction(60), Fraction(20), Fraction(49, 10), Fraction(151, 10)),
        sample_size=10**8,
    )
    p = project(LAW_2023, poll, runs=300, seed=2)
    assert p.names == ("Amanat", "Auyl", "Baytaq")
    assert p.passed_threshold[2] == 0  # 4.9% of a base that includes "against all"
    assert p.histogram.sum(axis=1).tolist() == [300] * 3


def test_rules_outside_the_kernel_use_the_exact_path() -> None:
    """Huntington-Hill is not in the kernel: every run goes the exact way, with equal sums."""
    law = replace(LAW_2021, method="huntington_hill", runner_up=None)
    p = project(law, _poll(sample_size=1000), runs=40, seed=4, batch_size=16)
    assert p.exact_rows == 40
    assert p.mean_seats().sum() == pytest.approx(98)


def test_progress_callback_sees_every_batch() -> None:
    """on_batch is called after each batch with the runs done so far."""
    seen: list[tuple[int, int]] = []
    project(
        LAW_2021,
        _poll(sample_size=500),
        runs=250,
        seed=1,
        batch_size=100,
        on_batch=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(100, 250), (200, 250), (250, 250)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sample_size": None}, "either a sample size or standard errors"),
        ({"sample_size": 0}, "sample size"),
        ({"standard_errors": (Fraction(1),)}, "standard errors"),
    ],
)
def test_poll_errors(kwargs: dict[str, object], match: str) -> None:
    """A poll without (or with malformed) uncertainty is refused, naming what is wrong."""
    with pytest.raises(InputError, match=match):
        _poll(**kwargs)
