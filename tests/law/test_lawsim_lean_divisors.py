"""The integer lean path for linear divisor methods agrees with the traced pipeline."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible
from majlis.law import PartyList, allocate, get_ruleset
from majlis.law._lean_divisors import LINEAR_DIVISORS, lean_divisor_seats, linear_sequence
from majlis.law._pipeline import Inputs, run


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
    """Whenever the lean count answers, the traced pipeline gives the same seats, no tie."""
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
    sequence = linear_sequence("dhondt", None)
    assert sequence is not None
    lean = lean_divisor_seats(votes, 150, sequence)
    result = allocate(ruleset, [PartyList(f"L{i:02d}", v) for i, v in enumerate(votes)])
    assert lean == [result.seats[f"L{i:02d}"] for i in range(20)]
    assert sum(e.kind == "divisor_seat" for e in result.trace) == 150
