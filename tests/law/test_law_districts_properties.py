"""Hypothesis properties of districted allocation: the lean path agrees with the traced one."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.district_laws import districted_law

from majlis.errors import AllocationImpossible
from majlis.law import Constituency, PartyList
from majlis.law._districts import run_districts

PARTIES = ("A", "B", "C", "D", "E")


constituency = st.tuples(
    st.integers(min_value=0, max_value=12),
    st.lists(st.integers(min_value=0, max_value=50_000), min_size=2, max_size=5),
    st.integers(min_value=0, max_value=3_000),
)


@settings(max_examples=300, deadline=None)
@given(
    method=st.sampled_from(["dhondt", "sainte_lague", "modified_sainte_lague", "hare"]),
    national=st.integers(min_value=0, max_value=8),
    local=st.integers(min_value=0, max_value=15),
    combine=st.sampled_from(["and", "or"]),
    rows=st.lists(constituency, min_size=1, max_size=6),
)
def test_lean_and_traced_paths_agree(
    method: str, national: int, local: int, combine: str, rows: list[tuple[int, list[int], int]]
) -> None:
    """Seats per constituency are the same whether or not the trace is recorded."""
    seats = sum(m for m, _, _ in rows) or 1
    rows[0] = (rows[0][0] + (1 if seats == 1 and not rows[0][0] else 0), rows[0][1], rows[0][2])
    law = districted_law(
        method, sum(m for m, _, _ in rows), national=national, local=local, combine=combine
    )
    cons = [Constituency(f"C{k}", seats=m, blank=b) for k, (m, _, b) in enumerate(rows)]
    votes = {
        f"C{k}": tuple(PartyList(PARTIES[i], v) for i, v in enumerate(vs))
        for k, (_, vs, _) in enumerate(rows)
    }
    try:
        lean, _ = run_districts(law, cons, votes, None, record=False)
    except AllocationImpossible as exc:  # seats where no list is admitted: both paths refuse
        with pytest.raises(AllocationImpossible, match=re.escape(str(exc))):
            run_districts(law, cons, votes, None, record=True)
        return
    full, events = run_districts(law, cons, votes, None, record=True)
    assert lean.seats == full.seats
    assert lean.tie == full.tie
    for c in cons:
        if full.tie is None and any(votes[c.name][i].votes for i in range(len(votes[c.name]))):
            assert sum(full.seats[c.name]) <= (c.seats or 0)
    assert events


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.integers(min_value=0, max_value=90_000), min_size=3, max_size=5),
        min_size=2,
        max_size=8,
    ),
    seats=st.integers(min_value=10, max_value=60),
)
def test_second_scrutiny_fills_the_house_and_every_constituency(
    rows: list[list[int]], seats: int
) -> None:
    """Czech-style counts fill every apportioned constituency exactly (when no tie is left)."""
    law = districted_law(
        "imperiali_quota",
        seats,
        national=5,
        national_method="hare",
        extra='magnitude = "list_votes"\nremainders = "national"',
    )
    votes = {
        f"R{k}": tuple(PartyList(PARTIES[i], v) for i, v in enumerate(vs))
        for k, vs in enumerate(rows)
    }
    national = [sum(vs[i] if i < len(vs) else 0 for vs in rows) for i in range(5)]
    if sum(national) == 0 or all(sum(vs) == 0 for vs in rows):
        return
    cons = [Constituency(f"R{k}") for k in range(len(rows))]
    try:
        result, _ = run_districts(law, cons, votes, None, record=False)
    except AllocationImpossible:  # a region whose every list is under the threshold
        return
    if result.tie is None:
        assert sum(sum(s) for s in result.seats.values()) == seats
        for c in cons:
            assert sum(result.seats[c.name]) == result.magnitudes[c.name]
