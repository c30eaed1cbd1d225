"""The lean fast path and the full traced pipeline agree on every input."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from majlis.errors import AllocationImpossible
from majlis.law import Allocation, PartyList, allocate, get_ruleset
from majlis.law._fast import fast_seats
from majlis.law._pipeline import Inputs, run

RULESETS = [
    "kz-majlis-2009",
    "kz-majlis-2023",
    "ru-duma-2014",
    "sk-nrsr-2015",
    "de-bundestag-2024",
    "nl-tweede-kamer-2023",
]


@settings(max_examples=150, deadline=None)
@given(
    law=st.sampled_from(RULESETS),
    votes=st.lists(st.integers(min_value=0, max_value=3_000), min_size=1, max_size=7),
    against_all=st.integers(min_value=0, max_value=500),
)
def test_fast_path_agrees_with_full_pipeline(law: str, votes: list[int], against_all: int) -> None:
    """Whenever the fast path answers, the full pipeline gives the same seats and no tie."""
    ruleset = get_ruleset(law)
    lists = tuple(PartyList(f"L{i}", v) for i, v in enumerate(votes))
    inputs = Inputs(ruleset, lists, against_all, sum(votes) + against_all, None, 0, None)
    fast = fast_seats(inputs, votes)
    try:
        seats, tie, _ = run(inputs, record=False)
    except AllocationImpossible:
        assert fast is None
        return
    if fast is not None:
        assert fast == seats
        assert tie is None


def test_trace_is_the_same_run() -> None:
    """The lazily computed trace ends with the same leftover seats the fast path gave."""
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
    assert result == Allocation(result.ruleset_id, dict(result.seats), None)
    assert result.tie is None
    assert result.total == get_ruleset("kz-majlis-2009").list_seats
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.tie = None  # type: ignore[misc]
