"""The batched kernel: official results, exact agreement with a brute-force oracle, errors."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible, InputError, UnsupportedRule
from majlis.law import Allocation, PartyList, Ruleset, allocate, get_method, get_ruleset
from majlis.law.trace import TieBroken
from majlis.simulate.kernel import BATCH_METHODS, CHUNK, BatchResult, KernelRules, allocate_batch
from majlis.simulate.many import allocate_many, kernel_rules, registration_columns

KZ_2021 = [5_148_074, 792_828, 659_019, 383_023, 258_618]  # CEC, 10 January 2021
KZ_2023 = [3_431_510, 693_938, 547_154, 535_139, 432_920, 331_058, 146_431]  # CEC, 19 March 2023
KZ_2023_AGAINST_ALL = 248_291


def _ruleset(**changes: object) -> Ruleset:
    """The 2009 Kazakh ruleset with some rules changed (method, seats, threshold, ...)."""
    return replace(get_ruleset("kz-majlis-2009"), **changes)  # type: ignore[arg-type]


def _exact(ruleset: Ruleset, row: list[int]) -> Allocation | None:
    """The exact path's allocation of one scenario, None when it refuses."""
    lists = [PartyList(f"L{i}", v) for i, v in enumerate(row)]
    try:
        return allocate(ruleset, lists)
    except AllocationImpossible:
        return None


def test_kazakhstan_2021_official() -> None:
    """Hare LR, 98 seats, 7% of party votes: Nur Otan 76, Ak Zhol 12, People's Party 10."""
    rules = KernelRules(seats=98, method="hare", threshold=Fraction(7, 100), runner_up=True)
    out = allocate_batch(rules, np.array([KZ_2021]))
    assert out.seats.tolist() == [[76, 12, 10, 0, 0]]
    assert out.admitted.tolist() == [[True, True, True, False, False]]


def test_kazakhstan_2023_official_with_against_all_in_base() -> None:
    """Hare LR, 69 seats, 5% of valid votes incl. "against all": 40/8/6/6/5/4/0."""
    rules = KernelRules(
        seats=69, method="hare", threshold=Fraction(5, 100), threshold_base="valid_votes"
    )
    out = allocate_batch(rules, np.array([KZ_2023]), against_all=np.array([KZ_2023_AGAINST_ALL]))
    assert out.seats.tolist() == [[40, 8, 6, 6, 5, 4, 0]]


def test_threshold_boundary_is_inclusive() -> None:
    """A list with exactly 7% of the base is admitted; one vote less is not."""
    rules = KernelRules(seats=10, method="hare", threshold=Fraction(7, 100))
    at = allocate_batch(rules, np.array([[93, 7], [93, 6]]))
    assert at.admitted.tolist() == [[True, True], [True, False]]
    assert at.seats[1].tolist() == [10, 0]


def test_runner_up_admitted_when_one_list_passes() -> None:
    """Only one list over 7%: the next largest is admitted too and wins seats."""
    rules = KernelRules(seats=98, method="hare", threshold=Fraction(7, 100), runner_up=True)
    out = allocate_batch(rules, np.array([[900, 60, 40]]))
    assert out.admitted.tolist() == [[True, True, False]]
    assert out.seats[0, 1] > 0


def test_registration_order_breaks_an_exact_tie() -> None:
    """Two lists with equal remainders for one leftover seat: the earlier registered wins."""
    rules = KernelRules(seats=3, method="hare")
    out = allocate_batch(rules, np.array([[5, 5, 5, 5], [10, 10, 0, 0]]))
    assert out.seats.tolist() == [[1, 1, 1, 0], [2, 1, 0, 0]]
    assert out.tie.tolist() == [True, True]
    assert not out.undecided.any()


def test_tie_without_tie_break_is_left_to_exact_path() -> None:
    """Without a tie-break a tie at the cut marks the scenario undecided (seats zeroed)."""
    rules = KernelRules(seats=1, method="dhondt", tie_break="none")
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
    rules = KernelRules(seats=5, method="dhondt", threshold_base="ballots_cast")
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


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.one_of(_votes, _boundary()), min_size=1, max_size=5),
    seats=st.integers(1, 40),
    method=st.sampled_from(BATCH_METHODS),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 4), Fraction(7, 100), Fraction(1, 3)]),
    runner_up=st.sampled_from(["admit", None, "coefficient", "min_seats"]),
    tie_break=st.sampled_from(["registration", "none"]),
    leftover=st.sampled_from(["largest_remainder", "largest_lists"]),
    first_divisor=st.sampled_from([None, Fraction(7, 5), Fraction(1, 2)]),
)
def test_kernel_agrees_with_exact_path(
    rows: list[list[int]],
    seats: int,
    method: str,
    threshold: Fraction,
    runner_up: str | None,
    tie_break: str,
    leftover: str,
    first_divisor: Fraction | None,
) -> None:
    """Decided rows equal majlis.law.allocate seat for seat; a tie is never decided silently.

    Rows the kernel leaves undecided go through the exact path in allocate_many, which must
    then agree on every row, ties included.
    """
    width = max(len(r) for r in rows)
    matrix = [r + [0] * (width - len(r)) for r in rows]
    divisor = get_method(method).family == "highest_averages"
    ruleset = _ruleset(
        method=method,
        list_seats=seats,
        threshold=threshold,
        runner_up=runner_up,
        tie_break=tie_break,
        leftover="largest_remainder" if divisor else leftover,
        first_divisor=first_divisor if divisor else None,
    )
    names = [PartyList(f"L{i}", 0) for i in range(width)]
    votes = np.array(matrix, dtype=np.int64)
    many = allocate_many(ruleset, names, votes)
    try:
        out = allocate_batch(kernel_rules(ruleset, names), votes)
        quick = allocate_batch(kernel_rules(ruleset, names), votes, find_ties=False)
        assert np.array_equal(quick.seats, out.seats)
        assert np.array_equal(quick.undecided, out.undecided)
    except UnsupportedRule:  # a non-increasing first divisor: allocate_many went exact
        assert many.exact_rows == len(matrix)
        out = BatchResult(votes, votes > 0, votes[:, 0] < 0, votes[:, 0] >= 0)
    for k, row in enumerate(matrix):
        exact = _exact(ruleset, row)
        assert bool(many.failed[k]) == (exact is None)
        if exact is not None:
            assert many.seats[k].tolist() == [exact.seats[f"L{i}"] for i in range(width)]
            assert bool(many.tie[k]) == (exact.tie is not None)
        if out.undecided[k]:
            continue
        assert exact is not None
        assert exact.tie is None
        assert out.seats[k].tolist() == [exact.seats[f"L{i}"] for i in range(width)]
        broken = any(isinstance(e, TieBroken) for e in exact.trace)
        assert bool(out.tie[k]) == broken


@st.composite
def _ballot(draw: st.DrawFn, width: int) -> list[PartyList]:
    """Lists with alliances, minorities, district wins and a shuffled registration order."""
    orders = draw(st.permutations(range(1, width + 1)))
    return [
        PartyList(
            f"L{i}",
            0,
            registration_order=orders[i],
            alliance_size=draw(st.sampled_from([1, 1, 2, 4])),
            minority=draw(st.booleans()),
            district_wins=draw(st.sampled_from([0, 0, 3])),
        )
        for i in range(width)
    ]


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    rows=st.lists(st.one_of(_votes, _boundary()), min_size=1, max_size=4),
    seats=st.integers(1, 30),
    method=st.sampled_from(BATCH_METHODS),
    tie_break=st.sampled_from(["registration", "none", "votes", "lot"]),
    alliances=st.sampled_from([(), ((2, Fraction(1, 3)), (4, Fraction(2, 5)))]),
    minority_exempt=st.booleans(),
    district_qualification=st.sampled_from([None, 3]),
    full_quota=st.booleans(),
    bonus=st.sampled_from([Fraction(1), Fraction(27, 20)]),
)
def test_kernel_agrees_on_list_rules(
    data: st.DataObject,
    rows: list[list[int]],
    seats: int,
    method: str,
    tie_break: str,
    alliances: tuple[tuple[int, Fraction], ...],
    minority_exempt: bool,
    district_qualification: int | None,
    full_quota: bool,
    bonus: Fraction,
) -> None:
    """Alliances, exemptions, full quotas, minority bonus and every tie-break agree."""
    width = max(len(r) for r in rows)
    matrix = [r + [0] * (width - len(r)) for r in rows]
    ballot = data.draw(_ballot(width))
    ruleset = _ruleset(
        method=method,
        list_seats=seats,
        threshold=Fraction(1, 4),
        tie_break=tie_break,
        alliance_thresholds=alliances,
        minority_exempt=minority_exempt,
        district_qualification=district_qualification,
        full_quota_qualification=full_quota,
        minority_multiplier=bonus,
    )
    votes = np.array(matrix, dtype=np.int64)
    many = allocate_many(ruleset, ballot, votes)
    cols = registration_columns(ballot)
    out = allocate_batch(kernel_rules(ruleset, ballot), votes[:, cols])
    for k, row in enumerate(matrix):
        exact = _exact_lists(ruleset, ballot, row)
        assert bool(many.failed[k]) == (exact is None)
        if exact is None:
            continue
        expected = [exact.seats[p.name] for p in ballot]
        assert many.seats[k].tolist() == expected
        assert bool(many.tie[k]) == (exact.tie is not None)
        if not out.undecided[k]:
            assert exact.tie is None
            assert out.seats[k].tolist() == [expected[c] for c in cols]


def _exact_lists(ruleset: Ruleset, ballot: list[PartyList], row: list[int]) -> Allocation | None:
    """The exact path on ``ballot`` with this row's votes, None when it refuses."""
    try:
        return allocate(ruleset, [replace(p, votes=v) for p, v in zip(ballot, row, strict=True)])
    except AllocationImpossible:
        return None


@pytest.mark.parametrize(
    ("changes", "lists", "rule"),
    [
        ({"method": "huntington_hill"}, [], "method = huntington_hill"),
        ({"seat_cap": 60}, [], "seat_cap"),
        ({"surplus_agreements": True}, [PartyList("B", 1, surplus_partner="A")], "surplus"),
    ],
)
def test_kernel_refuses_rules_it_does_not_implement(
    changes: dict[str, object], lists: list[PartyList], rule: str
) -> None:
    """Each rule outside the kernel raises UnsupportedRule naming it; allocate_many goes exact."""
    ruleset = _ruleset(**changes)
    ballot = [PartyList("A", 0), *lists] if lists else [PartyList("A", 0), PartyList("B", 0)]
    with pytest.raises(UnsupportedRule, match=rule):
        kernel_rules(ruleset, ballot)
    votes = np.array([[600_000, 400_000]], dtype=np.int64)
    many = allocate_many(ruleset, ballot, votes)
    assert many.exact_rows == 1
    assert many.seats.sum() == ruleset.list_seats


def test_kernel_refuses_a_districted_law() -> None:
    """The batched kernel names the districted ruleset's constituencies instead of guessing."""
    with pytest.raises(UnsupportedRule, match="constituencies"):
        kernel_rules(get_ruleset("es-congreso"), [PartyList("A", 10)])


def test_registration_order_reorders_columns() -> None:
    """Lists given out of registration order: a tie still goes to the earlier registration."""
    ruleset = _ruleset(list_seats=3, threshold=Fraction(0), runner_up=None)
    lists = [
        PartyList("late", 0, registration_order=2),
        PartyList("early", 0, registration_order=1),
    ]
    votes = np.array([[5, 5], [7, 3]], dtype=np.int64)
    many = allocate_many(ruleset, lists, votes)
    for k, row in enumerate(votes.tolist()):
        scenario = [replace(p, votes=v) for p, v in zip(lists, row, strict=True)]
        exact = allocate(ruleset, scenario)
        assert many.seats[k].tolist() == [exact.seats["late"], exact.seats["early"]]
    assert many.exact_rows == 0
    assert many.seats[0].tolist() == [1, 2]


@pytest.mark.parametrize("variant", ["admit", "coefficient", "min_seats"])
def test_runner_up_variants_match_the_exact_path(variant: str) -> None:
    """All three historical runner-up variants: kernel rows equal the exact allocation."""
    ruleset = _ruleset(runner_up=variant, list_seats=10)
    ballot = [PartyList("Leader", 0), PartyList("Second", 0), PartyList("Third", 0)]
    votes = np.array([[9_400, 500, 100], [9_000, 600, 400], [9_900, 60, 40]], dtype=np.int64)
    out = allocate_batch(kernel_rules(ruleset, ballot), votes)
    assert not out.undecided.any()
    for k, row in enumerate(votes.tolist()):
        exact = _exact_lists(ruleset, ballot, row)
        assert exact is not None
        assert out.seats[k].tolist() == [exact.seats[p.name] for p in ballot]
    if variant == "min_seats":
        assert out.seats[:, 1].tolist() == [2, 2, 2]


def test_large_batches_are_sliced_consistently() -> None:
    """Over two cache slices, every row equals its own allocation and the exact path."""
    rng = np.random.default_rng(5)
    votes = rng.integers(0, 2_000_000, size=(2 * CHUNK + 7, 6), dtype=np.int64)
    ruleset = _ruleset(threshold=Fraction(1, 10))
    ballot = [PartyList(f"L{i}", 0) for i in range(6)]
    rules = kernel_rules(ruleset, ballot)
    whole = allocate_batch(rules, votes)
    pieces = [allocate_batch(rules, votes[k : k + 999]).seats for k in range(0, len(votes), 999)]
    assert np.array_equal(whole.seats, np.concatenate(pieces))
    for k in rng.choice(len(votes), size=40, replace=False):
        exact = _exact_lists(ruleset, ballot, votes[k].tolist())
        assert exact is not None
        assert whole.seats[k].tolist() == [exact.seats[p.name] for p in ballot]


def test_beyond_the_int64_bound_allocate_many_goes_exact() -> None:
    """Votes past the kernel's bound are allocated on the exact path, seat for seat."""
    ruleset = _ruleset(method="dhondt", list_seats=150, threshold=Fraction(0), runner_up=None)
    ballot = [PartyList("A", 0), PartyList("B", 0)]
    votes = np.array([[2**55, 2**54 + 3]], dtype=np.int64)
    many = allocate_many(ruleset, ballot, votes)
    assert many.exact_rows == 1
    exact = _exact_lists(ruleset, ballot, votes[0].tolist())
    assert exact is not None
    assert many.seats[0].tolist() == [exact.seats["A"], exact.seats["B"]]
