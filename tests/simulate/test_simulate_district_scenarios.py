"""Districted what-ifs and projections: swings, constituency polls, errors."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from tests.simulate.test_simulate_districts import spain_2023

from majlis.errors import InputError, NotFoundError
from majlis.law import get_ruleset
from majlis.simulate import (
    InConstituency,
    MoveShare,
    MoveVotes,
    Poll,
    RemoveList,
    apply_district_changes,
    project_districts,
    what_if_districts,
)
from majlis.simulate._district_kernel import DistrictLayout
from majlis.simulate.district_projection import _swung

SPAIN = get_ruleset("es-congreso-1985")


def _baseline_poll(sample_size: int) -> Poll:
    national = spain_2023().national_votes()
    return Poll(
        tuple(national), tuple(Fraction(v) for v in national.values()), sample_size=sample_size
    )


def test_a_move_in_one_province_changes_only_that_province() -> None:
    """Moving 20,000 PSOE votes to PP in Madrid changes seats in Madrid alone."""
    w = what_if_districts(
        SPAIN, spain_2023(), [InConstituency("Madrid", MoveVotes("PSOE", "PP", 20_000))]
    )
    assert {c for c, *_ in w.constituency_rows()} <= {"Madrid"}
    madrid = w.scenario.votes["Madrid"]
    before = {p.name: p.votes for p in spain_2023().votes["Madrid"]}
    assert {p.name: p.votes for p in madrid}["PP"] == before["PP"] + 20_000
    assert sum(change for *_, change in w.rows()) == 0


def test_a_national_move_is_split_in_proportion_and_exact() -> None:
    """A national move of N votes moves exactly N, each province in proportion to the source."""
    base = spain_2023()
    after = apply_district_changes(base, [MoveVotes("SUMAR", "PSOE", 300_001)])
    moved = {
        c: {p.name: p.votes for p in base.votes[c]}["SUMAR"]
        - {p.name: p.votes for p in after.votes[c]}["SUMAR"]
        for c in base.votes
    }
    assert sum(moved.values()) == 300_001
    where_both = [lists for lists in base.votes.values() if "PSOE" in {p.name for p in lists}]
    sumar = sum(p.votes for lists in where_both for p in lists if p.name == "SUMAR")
    share = Fraction(300_001, sumar)
    for c, n in moved.items():
        have = {p.name: p.votes for p in base.votes[c]}
        if "PSOE" in have:  # PSOE does not stand in Catalonia (PSC does): nothing moves there
            assert abs(n - share * have["SUMAR"]) < 1
        else:
            assert n == 0


def test_a_national_swing_of_vox_to_pp_gains_pp_seats() -> None:
    """Half of VOX's voters to PP everywhere: PP gains, VOX loses, the chamber stays 350."""
    w = what_if_districts(SPAIN, spain_2023(), [MoveShare("VOX", "PP", Fraction(1, 2))])
    rows = {p: (b, a) for p, b, a, _ in w.rows()}
    assert rows["PP"][1] > rows["PP"][0]
    assert rows["VOX"][1] < rows["VOX"][0]
    assert sum(a for _, a in rows.values()) == 350
    assert w.constituency_rows()  # the change is shown per province


def test_removing_a_list_everywhere() -> None:
    """A boycott by SUMAR with its voters to PSOE where PSOE stands; elsewhere they abstain."""
    w = what_if_districts(SPAIN, spain_2023(), [RemoveList("SUMAR", {"PSOE": Fraction(1)})])
    assert w.after.seats.get("SUMAR", 0) == 0
    assert all("SUMAR" not in {p.name for p in lists} for lists in w.scenario.votes.values())


def test_unknown_names_fail_clearly() -> None:
    """An unknown province or list is named in the error."""
    with pytest.raises(NotFoundError, match="Atlantis"):
        what_if_districts(
            SPAIN, spain_2023(), [InConstituency("Atlantis", MoveVotes("PP", "VOX", 1))]
        )
    with pytest.raises(NotFoundError, match="Nobody"):
        what_if_districts(SPAIN, spain_2023(), [MoveVotes("Nobody", "PP", 1)])
    with pytest.raises(InputError, match="at most"):
        what_if_districts(SPAIN, spain_2023(), [MoveVotes("UPN", "PP", 10**9)])


def test_projection_without_uncertainty_reproduces_2023() -> None:
    """A poll equal to the 2023 result with a huge sample: the swing gives back 2023's seats."""
    p = project_districts(SPAIN, spain_2023(), _baseline_poll(10**12), runs=50, seed=1)
    mean = dict(zip(p.names, p.mean_seats().tolist(), strict=True))
    assert mean["PP"] == 137
    assert mean["PSOE"] == 102
    assert sum(mean.values()) == 350
    assert p.constituency_seats is not None
    madrid = p.constituency_seats[p.constituencies.index("Madrid")]
    assert madrid.sum() == 37


@pytest.mark.parametrize("swing", ["proportional", "uniform"])
def test_projection_is_seeded_and_sums_to_the_house(swing: str) -> None:
    """Same seed, same projection; every run fills the 350 seats; intervals bracket the mean."""
    first = project_districts(
        SPAIN, spain_2023(), _baseline_poll(2000), runs=400, seed=5, swing=swing, batch_size=150
    )
    again = project_districts(
        SPAIN, spain_2023(), _baseline_poll(2000), runs=400, seed=5, swing=swing, batch_size=150
    )
    assert (first.histogram == again.histogram).all()
    assert first.histogram.sum(axis=1).tolist() == [400] * len(first.names)
    assert abs(first.mean_seats().sum() - 350) < 1e-9
    low, high, mean = first.quantile(0.05), first.quantile(0.95), first.mean_seats()
    assert (low <= high).all()
    assert ((low - 1 <= mean) & (mean <= high + 1)).all()
    assert (high > low).any()  # the poll's uncertainty reaches the seats
    assert first.majority.sum() == 0  # nobody comes near 176 seats alone


def test_a_constituency_poll_replaces_the_swing_there() -> None:
    """A Madrid poll giving PP everything: PP takes all 37 Madrid seats in every run."""
    names = tuple(p.name for p in spain_2023().votes["Madrid"])
    madrid = Poll(names, tuple(Fraction(1 if n == "PP" else 0) for n in names), sample_size=10**9)
    p = project_districts(
        SPAIN,
        spain_2023(),
        _baseline_poll(2000),
        runs=30,
        seed=2,
        constituency_polls={"Madrid": madrid},
    )
    assert p.constituency_seats is not None
    row = dict(zip(p.names, p.constituency_seats[p.constituencies.index("Madrid")], strict=True))
    assert row["PP"] == 37


def test_projection_input_errors() -> None:
    """A poll missing a list, an unknown swing, a poll for an unknown province: InputError."""
    national = spain_2023().national_votes()
    short = Poll(tuple(national)[:-1], tuple(Fraction(1) for _ in national)[:-1], sample_size=9)
    with pytest.raises(InputError, match="CCa"):
        project_districts(SPAIN, spain_2023(), short, runs=1, seed=0)
    with pytest.raises(InputError, match="swing"):
        project_districts(SPAIN, spain_2023(), _baseline_poll(9), runs=1, seed=0, swing="x")
    with pytest.raises(InputError, match="Atlantis"):
        project_districts(
            SPAIN,
            spain_2023(),
            _baseline_poll(9),
            runs=1,
            seed=0,
            constituency_polls={"Atlantis": short},
        )


def test_a_law_the_kernel_refuses_projects_on_the_exact_engine() -> None:
    """Largest remainder in the provinces is not in the kernel: every run is counted exactly."""
    assert SPAIN.districts is not None
    hare = replace(SPAIN, districts=replace(SPAIN.districts, method="hare"))
    p = project_districts(hare, spain_2023(), _baseline_poll(2000), runs=3, seed=0)
    assert p.exact_rows == 3
    assert p.histogram.sum(axis=1).tolist() == [3] * len(p.names)
    assert abs(p.mean_seats().sum() - 350) < 1e-9


def test_a_constituency_whose_lists_all_swing_to_nothing_keeps_its_baseline_shares() -> None:
    """Uniform swing: B stands alone in Y and loses its whole national share there too."""
    layout = DistrictLayout(
        names=("A", "B"),
        constituencies=("X", "Y"),
        party=np.array([[0, 1], [1, -1]]),
        magnitudes=np.array([1, 1]),
        blank=np.array([0, 0]),
    )
    shares = np.array([[0.5, 0.5], [1.0, 0.0]])
    out = _swung("uniform", shares, np.array([0.0, 1.0]), np.array([[1.0, 0.0]]), layout)
    assert out[:, 0, 0].tolist() == [1.0, 0.0]  # X: A takes it all
    assert out[:, 1, 0].tolist() == [1.0, 0.0]  # Y: nobody drew a share, the baseline stays
