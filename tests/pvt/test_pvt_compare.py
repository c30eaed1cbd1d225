"""The official count against the quick count: shares, threshold and seats."""

from __future__ import annotations

import numpy as np
import pytest

from majlis.law import PartyList, allocate, get_ruleset
from majlis.pvt import compare_official, seat_distribution
from majlis.pvt._synthetic import synthetic_quick_count
from majlis.pvt.core import law_allocator


def test_honest_count_lies_inside_and_stuffed_count_outside() -> None:
    honest = synthetic_quick_count(7, sample=1000)
    verdicts = compare_official(honest.estimate, honest.official_share, threshold=0.07)
    assert sum(v.inside99 for v in verdicts) >= 4
    stuffed = synthetic_quick_count(7, sample=1000, stuffing_share=0.3, stuffing_intensity=0.8)
    out = compare_official(stuffed.estimate, stuffed.official_share, threshold=0.07)
    leader = out[0]
    assert not leader.inside99
    assert leader.z > 2.576  # the official leader's share is above the PVT's interval
    assert leader.p_pass == pytest.approx(1.0)


def test_threshold_probability_is_half_at_the_threshold() -> None:
    q = synthetic_quick_count(3, sample=1000)
    est = q.estimate
    v = compare_official(est, est.share, threshold=float(est.share[3]))
    assert v[3].p_pass == pytest.approx(0.5)
    assert v[3].z == 0.0


def test_seat_distribution_places_official_seats() -> None:
    ruleset = get_ruleset("kz-majlis-2009")
    q = synthetic_quick_count(11, sample=1000)
    names = q.estimate.names
    lists = [PartyList(n, 0, registration_order=i) for i, n in enumerate(names)]
    truth_votes = q.election.truth.votes.sum(axis=0)
    true_seats = allocate(
        ruleset,
        [
            PartyList(n, int(v), registration_order=i)
            for i, (n, v) in enumerate(zip(names, truth_votes, strict=True))
        ],
    ).seats
    verdicts, seats = seat_distribution(
        q.estimate, law_allocator(ruleset, lists), [true_seats[n] for n in names], draws=2000
    )
    assert seats.shape == (2000, 5)
    assert (seats.sum(axis=1) == 98).all()
    assert all(v.inside99 for v in verdicts)
    # a leader given 10 seats more than the truth gives lies outside
    off = [true_seats[n] for n in names]
    off[0] += 10
    v2, _ = seat_distribution(q.estimate, law_allocator(ruleset, lists), off, draws=2000)
    assert not v2[0].inside99
    assert v2[0].sentence.startswith(f"{names[0]}'s {off[0]} seats lie outside the PVT's 99 %")
    assert np.all(seats >= 0)
