"""The batched kernel: official results, exact agreement with a brute-force oracle, errors."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import InputError, UnsupportedRule
from majlis.law.batch import BATCH_METHODS, KernelRules, allocate_batch

KZ_2021 = [5_148_074, 792_828, 659_019, 383_023, 258_618]  # CEC, 10 January 2021
KZ_2023 = [3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058, 146_431]  # CEC, 19 March 2023
KZ_2023_AGAINST_ALL = 248_291

_DIVISOR = {
    "dhondt": lambda j: Fraction(j + 1),
    "sainte-lague": lambda j: Fraction(2 * j + 1),
    "modified-sainte-lague": lambda j: Fraction(7, 5) if j == 0 else Fraction(2 * j + 1),
    "danish": lambda j: Fraction(3 * j + 1),
    "imperiali-divisor": lambda j: Fraction(j + 2),
    "adams": lambda j: Fraction(j),
}


def _oracle(votes: list[int], rules: KernelRules) -> tuple[list[int] | None, bool]:
    """Brute force: every quotient listed and sorted; returns (seats or None, tie at the cut)."""
    total = sum(votes)
    t = rules.threshold
    admitted = [v * t.denominator >= t.numerator * total for v in votes]
    tie = False
    if rules.runner_up and sum(admitted) == 1:
        rest = [(v, i) for i, v in enumerate(votes) if not admitted[i] and v > 0]
        if rest:
            top = max(v for v, _ in rest)
            tie = sum(1 for v, _ in rest if v == top) > 1
            admitted[min(i for v, i in rest if v == top)] = True
    pool = sum(v for v, a in zip(votes, admitted, strict=True) if a)
    if pool == 0:
        return None, False
    seats = rules.seats
    if rules.method.startswith("lr-"):
        quota = {
            "lr-hare": Fraction(pool, seats),
            "lr-hagenbach-bischoff": Fraction(pool, seats + 1),
            "lr-imperiali": Fraction(pool, seats + 2),
            "lr-droop": Fraction(pool // (seats + 1) + 1),
        }[rules.method]
        whole = [int(v // quota) if a else 0 for v, a in zip(votes, admitted, strict=True)]
        left = seats - sum(whole)
        if left < 0 or left > sum(admitted):
            return None, False
        rem = {i: votes[i] - whole[i] * quota for i in range(len(votes)) if admitted[i]}
        order = sorted(rem, key=lambda i: (-rem[i], i))
        for i in order[:left]:
            whole[i] += 1
        if 0 < left < len(order):
            tie = tie or rem[order[left - 1]] == rem[order[left]]
        return whole, tie
    divisor = _DIVISOR[rules.method]
    big = Fraction(10**40)  # Adams' first divisor 0: every first seat ties at "infinity"
    quotients = sorted(
        (
            (-(big if divisor(j) == 0 else v / divisor(j)), i)
            for i, v in enumerate(votes)
            if admitted[i] and v > 0
            for j in range(seats + 1)
        ),
    )
    result = [0] * len(votes)
    for _, i in quotients[:seats]:
        result[i] += 1
    if len(quotients) > seats:
        tie = tie or quotients[seats - 1][0] == quotients[seats][0]
    return result, tie


def test_kazakhstan_2021_official() -> None:
    """Hare LR, 98 seats, 7% of party votes: Nur Otan 76, Ak Zhol 12, People's Party 10."""
    rules = KernelRules(seats=98, method="lr-hare", threshold=Fraction(7, 100), runner_up=True)
    out = allocate_batch(rules, np.array([KZ_2021]))
    assert out.seats.tolist() == [[76, 12, 10, 0, 0]]
    assert out.admitted.tolist() == [[True, True, True, False, False]]


def test_kazakhstan_2023_official_with_against_all_in_base() -> None:
    """Hare LR, 69 seats, 5% of valid votes incl. "against all": 40/8/6/6/5/4/0."""
    rules = KernelRules(
        seats=69, method="lr-hare", threshold=Fraction(5, 100), threshold_base="valid"
    )
    out = allocate_batch(rules, np.array([KZ_2023]), against_all=np.array([KZ_2023_AGAINST_ALL]))
    assert out.seats.tolist() == [[40, 8, 6, 6, 5, 4, 0]]


def test_threshold_boundary_is_inclusive() -> None:
    """A list with exactly 7% of the base is admitted; one vote less is not."""
    rules = KernelRules(seats=10, method="lr-hare", threshold=Fraction(7, 100))
    at = allocate_batch(rules, np.array([[93, 7], [93, 6]]))
    assert at.admitted.tolist() == [[True, True], [True, False]]
    assert at.seats[1].tolist() == [10, 0]


def test_runner_up_admitted_when_one_list_passes() -> None:
    """Only one list over 7%: the next largest is admitted too and wins seats."""
    rules = KernelRules(seats=98, method="lr-hare", threshold=Fraction(7, 100), runner_up=True)
    out = allocate_batch(rules, np.array([[900, 60, 40]]))
    assert out.admitted.tolist() == [[True, True, False]]
    assert out.seats[0, 1] > 0


def test_registration_order_breaks_an_exact_tie() -> None:
    """Two lists with equal remainders for one leftover seat: the earlier registered wins."""
    rules = KernelRules(seats=3, method="lr-hare")
    out = allocate_batch(rules, np.array([[5, 5, 5, 5], [10, 10, 0, 0]]))
    assert out.seats.tolist() == [[1, 1, 1, 0], [2, 1, 0, 0]]
    assert out.tie.tolist() == [True, True]
    assert not out.undecided.any()


def test_tie_without_tie_break_is_left_to_exact_path() -> None:
    """Without a tie-break a tie at the cut marks the scenario undecided (seats zeroed)."""
    rules = KernelRules(seats=1, method="dhondt", tie_break=None)
    out = allocate_batch(rules, np.array([[7, 7], [8, 7]]))
    assert out.undecided.tolist() == [True, False]
    assert out.seats.tolist() == [[0, 0], [1, 0]]


def test_int64_bound_raises_unsupported_rule() -> None:
    """Votes beyond the documented int64 bound refuse the batch instead of overflowing."""
    rules = KernelRules(seats=150, method="dhondt")
    with pytest.raises(UnsupportedRule, match="exact int64"):
        allocate_batch(rules, np.array([[2**55, 1]]))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"seats": 0, "method": "dhondt"}, "seats"),
        ({"seats": 5, "method": "borda"}, "method"),
        ({"seats": 5, "method": "dhondt", "threshold": Fraction(3, 2)}, "threshold"),
        ({"seats": 5, "method": "dhondt", "threshold_base": "turnout"}, "threshold_base"),
    ],
)
def test_bad_parameters_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Each invalid KernelRules parameter fails naming the parameter and the bad value."""
    with pytest.raises(InputError, match=f"'{field}' parameter"):
        KernelRules(**kwargs)  # type: ignore[arg-type]


def test_negative_votes_and_missing_base_fail() -> None:
    """Negative votes and a missing ballots-cast vector are input errors."""
    rules = KernelRules(seats=5, method="dhondt", threshold_base="ballots")
    with pytest.raises(InputError, match="non-negative"):
        allocate_batch(rules, np.array([[-1, 4]]), ballots_cast=np.array([3]))
    with pytest.raises(InputError, match="ballots_cast"):
        allocate_batch(rules, np.array([[1, 4]]))


_small = st.sampled_from([0, 1, 2, 3, 5, 6, 10, 12, 30])
_votes = st.one_of(
    st.lists(_small, min_size=1, max_size=7),
    st.lists(st.integers(0, 10**7), min_size=1, max_size=7),
)


@st.composite
def _boundary(draw: st.DrawFn) -> list[int]:
    """A list at exactly a quarter of the votes (the 1/4 threshold boundary), ties likely."""
    c = draw(st.integers(1, 50))
    parts = draw(st.lists(st.integers(0, 3 * c), min_size=1, max_size=4))
    rest = [*parts, 3 * c - sum(parts)] if sum(parts) <= 3 * c else [3 * c]
    return [c, *rest]


@settings(max_examples=400, deadline=None)
@given(
    rows=st.lists(st.one_of(_votes, _boundary()), min_size=1, max_size=6),
    seats=st.integers(1, 40),
    method=st.sampled_from(BATCH_METHODS),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(7, 100), Fraction(1, 3)]),
    runner_up=st.booleans(),
    tie_break=st.sampled_from(["registration", None]),
)
def test_kernel_agrees_with_brute_force(
    rows: list[list[int]],
    seats: int,
    method: str,
    threshold: Fraction,
    runner_up: bool,
    tie_break: str | None,
) -> None:
    """Every decided row equals the brute-force allocation; undecided rows are exactly ties."""
    width = max(len(r) for r in rows)
    matrix = [r + [0] * (width - len(r)) for r in rows]
    rules = KernelRules(
        seats=seats,
        method=method,
        threshold=threshold,
        runner_up=runner_up,
        tie_break=tie_break,
    )
    out = allocate_batch(rules, np.array(matrix, dtype=np.int64))
    for k, row in enumerate(matrix):
        expected, tie = _oracle(row, rules)
        if expected is None or (tie and tie_break is None):
            assert out.undecided[k]
        else:
            assert not out.undecided[k]
            assert out.seats[k].tolist() == expected
            assert bool(out.tie[k]) == tie
