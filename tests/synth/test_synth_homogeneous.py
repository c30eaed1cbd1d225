"""The homogeneous election of the detection benchmarks: true totals, integer targets, truth."""

from __future__ import annotations

import json

import numpy as np
import pytest

from majlis.errors import InputError
from majlis.results import Rule, Severity, check_table
from majlis.synth import (
    Irregularities,
    SynthElection,
    SynthSpec,
    forensic_stations,
    ground_truth,
    homogeneous_spec,
    synthesize,
)

DRAWN = {"rounding_step": 1, "rounding_result": True}


def _election(stations: int = 3000, seed: int = 1, **irregularities: object) -> SynthElection:
    spec = homogeneous_spec(
        stations,
        seed=seed,
        irregularities=Irregularities(**irregularities),  # type: ignore[arg-type]
    )
    return synthesize(spec)


@pytest.fixture(scope="module")
def rigged() -> SynthElection:
    """10 % of stations stuffed (0.2–0.6 of the non-voters), 5 % drawn to integer percentages."""
    return _election(
        stuffing_share=0.1, stuffing_intensity=(0.2, 0.6), rounding_share=0.05, **DRAWN
    )


def test_true_totals_are_exact_and_irregularities_add(rigged: SynthElection) -> None:
    """The truth sums to the totals; the official count is the truth plus what was injected."""
    totals = rigged.spec.totals
    truth, official = rigged.truth, rigged.official
    assert truth.votes.sum(axis=0).tolist() == [v for _, v in totals.votes]
    assert int(truth.line("found").sum()) == totals.ballots
    added = sum(m.ballots_added for m in rigged.manipulations)
    assert int(official.line("found").sum()) == totals.ballots + added
    gained = sum(m.leader_votes_added for m in rigged.manipulations)
    assert int(official.votes[:, 0].sum() - truth.votes[:, 0].sum()) == gained
    honest = ~rigged.manipulated()
    assert np.array_equal(official.votes[honest], truth.votes[honest])
    result = check_table(official)
    assert not any(result.counts()[r] for r in Rule if r.severity is Severity.ERROR)


def test_stuffing_draws_its_intensity_per_station(rigged: SynthElection) -> None:
    """Each stuffed station adds a share in [0.2, 0.6] of its non-voters, shares spread out."""
    stuffed = rigged.manipulated("stuffing")
    assert 0.09 < stuffed.mean() < 0.11
    assert not (stuffed & rigged.manipulated("rounding")).any()
    voters = rigged.truth.counts["voters"][stuffed]
    absent = voters - rigged.truth.line("found")[stuffed]
    added = rigged.official.line("found")[stuffed] - rigged.truth.line("found")[stuffed]
    share = added / absent
    assert share.min() >= 0.2 - 1 / absent.min()
    assert share.max() <= 0.6
    assert share.std() > 0.08  # uniform on [0.2, 0.6]: about 0.115


def test_drawn_stations_show_integer_percentages(rigged: SynthElection) -> None:
    """Turnout and the leader's result land on whole percentages, votes taken from the others."""
    drawn = rigged.manipulated("rounding")
    assert 140 < drawn.sum() <= round(0.05 * 3000)  # a station already at its target is spared
    official = rigged.official
    voters = official.counts["voters"][drawn]
    found = official.line("found")[drawn]
    leader = official.votes[drawn, 0]
    # |count − k % of the base| ≤ ½ for a whole k: the count is the rounded k %
    assert (np.abs(100 * found - np.rint(100 * found / voters) * voters) <= 50).all()
    assert (np.abs(100 * leader - np.rint(100 * leader / found) * found) <= 50).all()
    clean = ~rigged.manipulated()
    honest_found, honest_voters = official.line("found")[clean], official.counts["voters"][clean]
    whole = np.abs(100 * honest_found - np.rint(100 * honest_found / honest_voters) * honest_voters)
    assert (whole <= 50).mean() < 0.2  # by chance only: about 1 in 10 at these sizes
    for m in rigged.manipulations:
        if m.kind == "rounding":
            assert m.leader_votes_added == m.ballots_added + sum(v for _, v in m.votes_removed)


def test_forensic_stations_read_the_leader(rigged: SynthElection) -> None:
    """The forensic view carries the leader's votes and every protocol line, official or true."""
    stations = forensic_stations(rigged)
    assert np.array_equal(stations.leader, rigged.official.votes[:, 0])
    assert np.array_equal(stations.line("ballots_cast"), rigged.official.line("found"))
    assert stations.list_names == rigged.official.list_names
    truth = forensic_stations(rigged, truth=True)
    assert int(truth.leader.sum()) == dict(rigged.spec.totals.votes)["Leader"]


def test_turnout_and_share_spread_as_set() -> None:
    """Turnout and the leader's share spread by about 0.08 each, symmetric and uncorrelated."""
    stations = forensic_stations(_election(20_000))
    turnout = stations.line("ballots_issued") / stations.registered
    share = stations.leader / stations.line("ballots_cast")
    for x in (turnout, share):
        z = (x - x.mean()) / x.std()
        assert 0.075 < x.std() < 0.095
        assert abs(float(np.mean(z**3))) < 0.15  # skewness: a normal draw, not a lognormal one
    assert abs(np.corrcoef(turnout, share)[0, 1]) < 0.05


def test_ground_truth_says_what_the_totals_match(rigged: SynthElection) -> None:
    """The JSON truth names the target, the intensity range and every manipulation."""
    data = json.loads(json.dumps(ground_truth(rigged)))
    assert data["spec"]["totals_match"] == "truth"
    assert data["spec"]["irregularities"]["stuffing_intensity"] == [0.2, 0.6]
    assert len(data["manipulations"]) == len(rigged.manipulations)


def test_same_seed_same_election() -> None:
    """The seed is the only source of randomness."""
    a, b = _election(seed=5, stuffing_share=0.1), _election(seed=5, stuffing_share=0.1)
    assert np.array_equal(a.official.votes, b.official.votes)
    assert not np.array_equal(a.official.votes, _election(seed=6).official.votes)


def test_official_totals_stay_exact_with_drawn_results() -> None:
    """Kazakhstan's totals still hold exactly when the leader's results are rounded too."""
    e = synthesize(
        SynthSpec(
            stations=2000,
            territorials=50,
            seed=2,
            irregularities=Irregularities(
                rounding_share=0.1, rounding_step=1, rounding_result=True
            ),
        )
    )
    assert e.official.votes.sum(axis=0).tolist() == [v for _, v in e.spec.totals.votes]
    assert any(m.votes_removed for m in e.manipulations)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: Irregularities(rounding_share=2.0), "rounding_share"),
        (lambda: Irregularities(rounding_step=3), "rounding_step"),
        (lambda: Irregularities(stuffing_intensity=(0.6, 0.2)), "stuffing_intensity"),
        (lambda: Irregularities(stuffing_intensity=(0.2, 1.5)), "stuffing_intensity"),
        (lambda: homogeneous_spec(100, seed=0, leader=0.2), "leader"),
        (lambda: homogeneous_spec(0, seed=0), "stations"),
        (lambda: SynthSpec(totals_match="reported"), "totals_match"),  # type: ignore[arg-type]
        (lambda: SynthSpec(lean_spread=-1.0), "lean_spread"),
        (lambda: SynthSpec(leader_spread=3.0), "leader_spread"),
        (lambda: _election(100).manipulated("carousel"), "kind of irregularity"),
    ],
)
def test_bad_settings_are_refused_by_name(make: object, name: str) -> None:
    """Every bad setting is refused with its name."""
    with pytest.raises(InputError, match=name):
        make()  # type: ignore[operator]
