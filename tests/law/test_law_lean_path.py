"""The lean path of allocate() answers for every shipped law and agrees with the traced one."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible, VotesError
from majlis.law import METHODS, Allocation, PartyList, Ruleset, allocate, get_ruleset, list_rulesets
from majlis.law._lean import lean_seats
from majlis.law._lean_divisors import LINEAR_DIVISORS, lean_divisor_seats, linear_sequence
from majlis.law._pipeline import Inputs, run
from majlis.law.trace import ThresholdDecision

NATIONAL = [r for r in list_rulesets() if r.districts is None]
#: A per-list seat cap re-runs the method without the capped lists, and a statute's own quota
#: base or rounding (Moldova 2017) is rare: the traced path decides them.
UNCAPPED = [
    r
    for r in NATIONAL
    if r.seat_cap is None and r.quota_base == "admitted" and r.whole_seats == "floor"
]
CAPPED = [r for r in NATIONAL if r.seat_cap is not None]
TRACED_ONLY = [r for r in NATIONAL if r.quota_base != "admitted" or r.whole_seats != "floor"]
#: Six lists, all over every shipped threshold but the last, with no tie at any margin.
VOTES = [4_137_221, 1_902_887, 1_254_113, 831_559, 409_871, 25_013]
AGAINST_ALL = 120_004


def _inputs(ruleset: Ruleset, lists: tuple[PartyList, ...], against_all: int = 0) -> Inputs:
    ballots = sum(p.votes for p in lists) + against_all + 90_000
    return Inputs(ruleset, lists, against_all, ballots, ballots * 2, 0, None)


def _lean(inp: Inputs) -> list[int] | None:
    votes = [p.votes for p in inp.lists]
    return lean_seats(
        inp.ruleset, votes, inp.against_all, inp.ballots_cast, inp.registered_voters,
        inp.other_votes, inp.lists,
    )  # fmt: skip


@pytest.mark.parametrize("ruleset", UNCAPPED, ids=lambda r: r.id)
def test_every_shipped_law_is_answered_lean(ruleset: Ruleset) -> None:
    """Plain lists under each shipped national law: the lean path answers, as the trace does."""
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(VOTES))
    inp = _inputs(ruleset, lists, AGAINST_ALL)
    lean = _lean(inp)
    seats, tie, events = run(inp, record=True)
    assert lean is not None
    assert lean == seats
    assert tie is None
    assert sum(lean) == ruleset.list_seats
    assert any(isinstance(e, ThresholdDecision) and not e.admitted for e in events)


@pytest.mark.parametrize("ruleset", CAPPED, ids=lambda r: r.id)
def test_a_capped_law_is_left_to_the_trace(ruleset: Ruleset) -> None:
    """A law with a seat cap is never answered lean; allocate() gives the traced seats."""
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(VOTES))
    inp = _inputs(ruleset, lists, AGAINST_ALL)
    seats, _, _ = run(inp, record=True)
    assert _lean(inp) is None
    result = allocate(
        ruleset, list(lists), against_all=AGAINST_ALL,
        ballots_cast=inp.ballots_cast, registered_voters=inp.registered_voters,
    )  # fmt: skip
    assert [result.seats[p.name] for p in lists] == seats
    assert max(seats) == ruleset.seat_cap


@pytest.mark.parametrize("ruleset", TRACED_ONLY, ids=lambda r: r.id)
def test_a_statute_quota_is_left_to_the_trace(ruleset: Ruleset) -> None:
    """A quota of all valid votes or rounded quotients is never answered lean."""
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(VOTES))
    inp = _inputs(ruleset, lists, AGAINST_ALL)
    seats, _, _ = run(inp, record=True)
    assert _lean(inp) is None
    result = allocate(ruleset, list(lists), against_all=AGAINST_ALL)
    assert [result.seats[p.name] for p in lists] == seats
    assert sum(seats) == ruleset.list_seats


@pytest.mark.parametrize(
    ("law", "attribute", "value"),
    [
        ("md-parlament-2022", "alliance_size", 2),
        ("de-bundestag-2024", "minority", True),
        ("de-bundestag-2024", "district_wins", 3),
        ("nz-house-1994", "district_wins", 1),
        ("il-knesset-2014", "surplus_partner", "L0"),
    ],
)
def test_a_list_a_special_rule_concerns_takes_the_traced_path(
    law: str, attribute: str, value: object
) -> None:
    """An alliance, a minority list, district wins or a surplus pair: the lean path declines."""
    lists = [PartyList(f"L{i}", v) for i, v in enumerate(VOTES)]
    lists[5] = replace(lists[5], **{attribute: value})
    inp = _inputs(get_ruleset(law), tuple(lists), AGAINST_ALL)
    assert _lean(inp) is None
    result = allocate(
        get_ruleset(law), lists, against_all=AGAINST_ALL, ballots_cast=inp.ballots_cast
    )
    assert list(result.seats.values()) == run(inp, record=False)[0]


ATTRIBUTES = st.tuples(
    st.integers(1, 3), st.booleans(), st.integers(0, 4), st.sampled_from([None, "L0", "L1"])
)


@settings(max_examples=300, deadline=None)
@given(
    law=st.sampled_from(NATIONAL),
    votes=st.lists(st.integers(min_value=0, max_value=3_000), min_size=1, max_size=7),
    against_all=st.integers(min_value=0, max_value=500),
    extra=st.integers(min_value=-50, max_value=500),
    attributes=st.lists(ATTRIBUTES, min_size=7, max_size=7),
    plain=st.booleans(),
)
def test_lean_path_agrees_with_the_traced_pipeline(
    law: Ruleset,
    votes: list[int],
    against_all: int,
    extra: int,
    attributes: list[tuple[int, bool, int, str | None]],
    plain: bool,
) -> None:
    """Whenever the lean path answers, the traced pipeline gives the same seats and no tie."""
    lists = tuple(
        PartyList(f"L{i}", v) if plain else PartyList(f"L{i}", v, 0, *attributes[i])
        for i, v in enumerate(votes)
    )
    ballots = sum(votes) + against_all + extra  # below the valid votes when extra < 0
    inp = Inputs(law, lists, against_all, ballots, ballots, 0, None)
    lean = _lean(inp)
    try:
        seats, tie, _ = run(inp, record=True)
    except (AllocationImpossible, VotesError):
        assert lean is None
        return
    if lean is not None:
        assert lean == seats
        assert tie is None


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(sorted(METHODS)),
    seats=st.integers(1, 40),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 4)]),
    base=st.sampled_from(["list_votes", "valid_votes", "ballots_cast"]),
    leftover=st.sampled_from(["largest_remainder", "largest_lists"]),
    full_quota=st.booleans(),
    cap=st.sampled_from([None, 3, 12]),
    tie_break=st.sampled_from(["registration", "none", "votes"]),
    votes=st.lists(st.integers(min_value=0, max_value=5_000), min_size=1, max_size=7),
    other=st.integers(min_value=0, max_value=400),
    against_all=st.integers(min_value=0, max_value=4_000),
)
def test_lean_path_agrees_under_any_method_and_rule(
    method: str,
    seats: int,
    threshold: Fraction,
    base: str,
    leftover: str,
    full_quota: bool,
    cap: int | None,
    tie_break: str,
    votes: list[int],
    other: int,
    against_all: int,
) -> None:
    """Every method, threshold base, leftover rule, full quota and seat cap: same seats or None."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"), method=method, list_seats=seats, threshold=threshold,
        threshold_base=base, leftover=leftover, full_quota_qualification=full_quota,
        seat_cap=cap, tie_break=tie_break, runner_up=None,
    )  # fmt: skip
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(votes))
    ballots = sum(votes) + other + against_all
    inp = Inputs(ruleset, lists, against_all, ballots, None, other, None)
    lean = lean_seats(ruleset, votes, against_all, ballots, None, other, lists)
    try:
        full, tie, _ = run(inp, record=True)
    except AllocationImpossible:
        assert lean is None
        return
    if lean is not None:
        assert lean == full
        assert tie is None


@pytest.mark.parametrize("base", ["list_votes", "valid_votes"])
def test_a_full_quota_is_of_the_list_votes_whatever_the_threshold_base(base: str) -> None:
    """A list with one full quota of the list votes is admitted, "against all" aside."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"), method="dhondt", list_seats=10, threshold=Fraction(0),
        threshold_base=base, full_quota_qualification=True, runner_up=None,
    )  # fmt: skip
    lists = (PartyList("A", 6_000), PartyList("B", 2_900), PartyList("C", 1_100))
    inp = Inputs(ruleset, lists, 3_000, None, None, 0, None)
    seats, _, _ = run(inp, record=False)
    assert seats[2] == 1
    assert _lean(inp) in (None, seats)


@settings(max_examples=400, deadline=None)
@given(
    method=st.sampled_from(sorted(LINEAR_DIVISORS)),
    seats=st.integers(1, 60),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 4)]),
    tie_break=st.sampled_from(["registration", "none", "votes"]),
    first=st.sampled_from([None, Fraction(7, 5), Fraction(1, 2)]),
    votes=st.one_of(
        st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 12]), min_size=1, max_size=8),
        st.lists(st.integers(0, 5_000_000), min_size=1, max_size=8),
    ),
)
def test_lean_divisor_seats_agree_with_the_traced_pipeline(
    method: str,
    seats: int,
    threshold: Fraction,
    tie_break: str,
    first: Fraction | None,
    votes: list[int],
) -> None:
    """Whenever the lean divisor count answers, the traced pipeline gives the same seats."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"),
        method=method,
        list_seats=seats,
        threshold=threshold,
        runner_up=None,
        tie_break=tie_break,
        first_divisor=first,
    )
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(votes))
    try:
        full, tie, events = run(Inputs(ruleset, lists, 0, None, None, 0, None), record=True)
    except AllocationImpossible:
        return
    total = sum(votes)
    admitted = [v if v and v * threshold.denominator >= threshold.numerator * total else 0
                for v in votes]  # fmt: skip
    sequence = linear_sequence(method, first)
    if sequence is None:  # a first divisor above the second: not linear, never lean
        assert first is not None
        return
    lean = lean_divisor_seats(admitted, seats, sequence)
    if lean is None:  # declined only for a tie at the last seat, which the trace shows
        assert any(e.kind in ("tie_broken", "tie_left") for e in events)
    else:
        assert lean == full
        assert tie is None


def test_dhondt_150_by_20_is_answered_lean() -> None:
    """A realistic 20-list D'Hondt count is answered by the lean count, equal to the trace."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"), method="dhondt", list_seats=150,
        threshold=Fraction(0), runner_up=None,
    )  # fmt: skip
    votes = [(i * 7_919_333) % 1_000_003 + 10_000 for i in range(20)]
    lists = tuple(PartyList(f"L{i:02d}", v) for i, v in enumerate(votes))
    lean = _lean(Inputs(ruleset, lists, 0, None, None, 0, None))
    result = allocate(ruleset, lists)
    assert lean == [result.seats[f"L{i:02d}"] for i in range(20)]
    assert sum(e.kind == "divisor_seat" for e in result.trace) == 150


def test_a_new_law_at_a_reused_address_gets_its_own_plan() -> None:
    """Laws made and dropped in a loop (their ids reused) are each counted by their own seats."""
    lists = [PartyList("A", 5_000), PartyList("B", 3_000), PartyList("C", 2_000)]
    for seats in range(1, 80):
        law = replace(get_ruleset("kz-majlis-2009"), list_seats=seats)
        assert allocate(law, lists).total == seats
        del law


def test_trace_is_the_same_run() -> None:
    """The lazily computed trace ends with the same leftover seats the lean path gave."""
    lists = [PartyList("A", 5_000), PartyList("B", 3_000), PartyList("C", 2_000)]
    result = allocate(get_ruleset("kz-majlis-2009"), lists)
    assert result.trace is result.trace
    seats, _, events = run(
        Inputs(get_ruleset("kz-majlis-2009"), tuple(lists), 0, None, None, 0, None), record=True
    )
    assert list(result.seats.values()) == seats
    assert result.trace == tuple(events)


def test_allocation_record_is_a_plain_frozen_allocation() -> None:
    """The hot path's Allocation equals one made by the constructor and stays frozen."""
    lists = [PartyList("A", 5_000), PartyList("B", 3_000), PartyList("C", 2_000)]
    result = allocate(get_ruleset("kz-majlis-2009"), lists)
    assert all(hasattr(result, f.name) for f in dataclasses.fields(Allocation))
    assert result == Allocation(result.ruleset_id, dict(result.seats), None)
    assert result.tie is None
    assert result.total == get_ruleset("kz-majlis-2009").list_seats
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.tie = None  # type: ignore[misc]
