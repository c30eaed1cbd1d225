"""The lean paths of a districted count answer for the shipped laws and equal the exact ones."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.district_laws import districted_law

from majlis.errors import AllocationImpossible
from majlis.law import (
    Constituency,
    PartyList,
    Ruleset,
    allocate_districts,
    list_rulesets,
)
from majlis.law._biproportional import alternate_exactly
from majlis.law._biproportional_lean import balanced_seats
from majlis.law._district_lean import lean_counts, lean_plan
from majlis.law._districts import _national_flags, national_lists, run_districts

DISTRICTED = [r for r in list_rulesets() if r.districts is not None]
DIVISOR_LAWS = [r for r in DISTRICTED if r.districts and lean_plan(r.districts)]
#: Six lists with no tie at any margin in any constituency below.
BASE_VOTES = (412_337, 291_811, 133_907, 61_201, 29_989, 8_017)


def _plain_count(ruleset: Ruleset) -> tuple[list[Constituency], dict[str, tuple[PartyList, ...]]]:
    """Four constituencies whose fixed magnitudes add up to the law's constituency seats."""
    d = ruleset.districts
    assert d is not None
    fixed = ruleset.list_seats - d.adjustment_seats
    mags = [fixed // 4 + (1 if k < fixed % 4 else 0) for k in range(4)]
    cons = [Constituency(f"C{k}", seats=m, blank=1_013 * (k + 1)) for k, m in enumerate(mags)]
    votes = {
        f"C{k}": tuple(
            PartyList(f"L{i}", v * (k + 2) + 7_919 * i * k) for i, v in enumerate(BASE_VOTES)
        )
        for k in range(4)
    }
    return cons, votes


@pytest.mark.parametrize("ruleset", DIVISOR_LAWS, ids=lambda r: r.id)
def test_every_shipped_divisor_law_is_answered_lean(ruleset: Ruleset) -> None:
    """Each constituency of a shipped divisor law is counted lean, with the traced seats."""
    d = ruleset.districts
    assert d is not None
    plan = lean_plan(d)
    assert plan is not None
    cons, votes = _plain_count(ruleset)
    lean, _ = run_districts(ruleset, cons, votes, None, record=False)
    full, events = run_districts(ruleset, cons, votes, None, record=True)
    assert lean.seats == full.seats
    assert lean.tie is None
    assert full.tie is None
    magnitudes = {c.name: c.seats or 0 for c in cons}
    national = None
    if d.levelling == 0 and (ruleset.threshold or d.adjustment_seats):
        national = _national_flags(ruleset, cons, national_lists(votes)[0], None)
    answered = lean_counts(plan, cons, votes, magnitudes, d.levelling, national)
    assert answered.keys() == {c.name for c in cons}
    assert events


@pytest.mark.parametrize("ruleset", [r for r in DISTRICTED if r not in DIVISOR_LAWS])
def test_a_quota_or_biproportional_law_has_no_divisor_plan(ruleset: Ruleset) -> None:
    """Czechia's quotas with national remainders and Zurich's matrix take other paths."""
    assert ruleset.districts is not None
    assert lean_plan(ruleset.districts) is None
    assert ruleset.id in ("cz-snemovna-2021", "ch-zh-kantonsrat-2006")


SMALL = st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 12]), min_size=1, max_size=6)
LARGE = st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(
    method=st.sampled_from(["dhondt", "sainte_lague", "modified_sainte_lague", "imperiali"]),
    local=st.sampled_from([0, 3, 5, 12]),
    base=st.sampled_from(["list_votes", "valid_votes"]),
    first=st.sampled_from(["", "1.2", "0.5"]),
    rows=st.lists(
        st.tuples(st.integers(0, 40), st.one_of(SMALL, LARGE), st.integers(0, 90_000)),
        min_size=1,
        max_size=8,
    ),
)
def test_allocate_districts_equals_the_traced_count(
    method: str, local: int, base: str, first: str, rows: list[tuple[int, list[int], int]]
) -> None:
    """allocate_districts (lean where it can) gives the traced seats and tie, or its error."""
    seats = sum(m for m, _, _ in rows)
    if not seats:
        return
    law = districted_law(method, seats, local=local, local_base=base, first=first)
    cons = [Constituency(f"C{k}", seats=m, blank=b) for k, (m, _, b) in enumerate(rows)]
    votes = {
        f"C{k}": tuple(PartyList(f"L{i}", v) for i, v in enumerate(vs))
        for k, (_, vs, _) in enumerate(rows)
    }
    try:
        full, _ = run_districts(law, cons, votes, None, record=True)
    except AllocationImpossible as exc:
        with pytest.raises(AllocationImpossible, match=str(exc)[:20]):
            allocate_districts(law, cons, votes)
        return
    result = allocate_districts(law, cons, votes)
    assert result.tie == full.tie
    for c in cons:
        assert list(result.constituencies[c.name].values()) == full.seats[c.name]


def _upper(col_votes: list[int], house: int) -> list[int] | None:
    """Sainte-Laguë of ``house`` seats by column votes, exactly (None on a tie)."""
    seats = [0] * len(col_votes)
    for _ in range(house):
        best = max(range(len(seats)), key=lambda j: Fraction(col_votes[j], 2 * seats[j] + 1))
        seats[best] += 1
    return seats


@settings(max_examples=200, deadline=None)
@given(
    matrix=st.lists(
        st.lists(st.integers(min_value=0, max_value=60_000), min_size=4, max_size=4),
        min_size=1,
        max_size=7,
    ),
    mags=st.lists(st.integers(min_value=0, max_value=14), min_size=7, max_size=7),
    small=st.booleans(),
)
def test_balanced_seats_equal_exact_alternating_scaling(
    matrix: list[list[int]], mags: list[int], small: bool
) -> None:
    """Where the float path proves an answer it holds both totals and equals the exact one."""
    if small:
        matrix = [[v % 7 for v in row] for row in matrix]
    row_seats = mags[: len(matrix)]
    house = sum(row_seats)
    col_votes = [sum(col) for col in zip(*matrix, strict=True)]
    if not sum(col_votes):
        return
    cols = _upper(col_votes, house)
    assert cols is not None
    lean = balanced_seats(matrix, row_seats, cols)
    try:
        exact = alternate_exactly(
            matrix, row_seats, cols, [f"C{i}" for i in range(len(matrix))], list("ABCD")
        )
    except (AllocationImpossible, OverflowError):  # no balance, or fractions too large
        exact = None
    if lean is not None:
        assert [sum(row) for row in lean] == row_seats
        assert [sum(col) for col in zip(*lean, strict=True)] == cols
        for row, vs in zip(lean, matrix, strict=True):
            assert all(s == 0 for s, v in zip(row, vs, strict=True) if v == 0)
        if exact is not None:
            assert lean == exact
    if exact is not None and not small:
        assert lean is not None  # large votes: the float path proves what the exact one finds
