"""The lean highest-averages path agrees with the full traced pipeline."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible
from majlis.law import PartyList, allocate, get_ruleset
from majlis.law._fast_divisor import divisor_seats
from majlis.law._pipeline import Inputs, run

_METHODS = ["dhondt", "sainte_lague", "modified_sainte_lague", "danish", "imperiali"]


@settings(max_examples=400, deadline=None)
@given(
    method=st.sampled_from(_METHODS),
    seats=st.integers(1, 60),
    threshold=st.sampled_from([Fraction(0), Fraction(1, 20), Fraction(1, 4)]),
    runner_up=st.sampled_from([None, "admit"]),
    tie_break=st.sampled_from(["registration", "none", "votes"]),
    first=st.sampled_from([None, Fraction(7, 5), Fraction(1, 2)]),
    votes=st.one_of(
        st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 12]), min_size=1, max_size=8),
        st.lists(st.integers(0, 5_000_000), min_size=1, max_size=8),
    ),
)
def test_lean_divisor_path_agrees_with_full_pipeline(
    method: str,
    seats: int,
    threshold: Fraction,
    runner_up: str | None,
    tie_break: str,
    first: Fraction | None,
    votes: list[int],
) -> None:
    """Whenever the lean path answers, the traced pipeline gives the same seats and no tie."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"),
        method=method,
        list_seats=seats,
        threshold=threshold,
        runner_up=runner_up,
        tie_break=tie_break,
        first_divisor=first,
    )
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(votes))
    inputs = Inputs(ruleset, lists, 0, None, None, 0, None)
    lean = divisor_seats(inputs, votes)
    try:
        seats_full, tie, _ = run(inputs, record=False)
    except AllocationImpossible:  # no list admitted: the lean path must have declined
        assert lean is None
        return
    if lean is not None:
        assert lean == seats_full
        assert tie is None


def test_dhondt_150_by_20_takes_the_lean_path() -> None:
    """A realistic 20-list D'Hondt count is answered by the lean path, equal to the trace."""
    ruleset = replace(
        get_ruleset("kz-majlis-2009"), method="dhondt", list_seats=150, threshold=Fraction(0),
        runner_up=None,
    )  # fmt: skip
    votes = [(i * 7_919_333) % 1_000_003 + 10_000 for i in range(20)]
    lists = tuple(PartyList(f"L{i:02d}", v) for i, v in enumerate(votes))
    lean = divisor_seats(Inputs(ruleset, lists, 0, None, None, 0, None), votes)
    assert lean is not None
    result = allocate(ruleset, lists)
    assert [result.seats[p.name] for p in lists] == lean
    assert sum(e.kind == "divisor_seat" for e in result.trace) == 150
