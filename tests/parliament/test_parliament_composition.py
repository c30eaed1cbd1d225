"""The composition of a chamber on a date, from posts and mandates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.errors import InputError
from majlis.parliament import Mandate, Post, SeatKind, TerminationReason, composition_on

POSTS = [
    Post(1, SeatKind.PARTY_LIST, "A"),
    Post(2, SeatKind.PARTY_LIST, "A"),
    Post(3, SeatKind.PARTY_LIST, "B"),
    Post(4, SeatKind.APPOINTED, "Assembly"),
    Post(5, SeatKind.DISTRICT),
]
START = date(2021, 1, 15)


def test_composition_counts_groups_kinds_and_vacancies() -> None:
    """A vacated seat is counted as vacant from the end date; district seats count the party."""
    mandates = [
        Mandate("x", 1, START, party="A", end=date(2022, 1, 1), end_reason=TerminationReason.DIED),
        Mandate("y", 2, START, party="A"),
        Mandate("z", 3, START, party="B"),
        Mandate("w", 4, START),
        Mandate("v", 5, START, party="C"),
    ]
    before = composition_on(POSTS, mandates, date(2021, 12, 31))
    assert before.by_group == {"A": 2, "B": 1, "Assembly": 1, "C": 1}
    assert before.by_kind == {
        SeatKind.PARTY_LIST: 3,
        SeatKind.APPOINTED: 1,
        SeatKind.DISTRICT: 1,
    }
    after = composition_on(POSTS, mandates, date(2022, 1, 1))
    assert after.by_group["A"] == 1
    assert after.vacant == 1
    assert after.vacant_by_group == {"A": 1}
    assert after.filled == 4


def test_two_holders_of_one_post_is_an_error() -> None:
    """Overlapping mandates on the same post are refused with both names."""
    mandates = [Mandate("x", 1, START), Mandate("y", 1, date(2021, 6, 1))]
    with pytest.raises(InputError, match=r"post 1 on 2021-07-01 .*\['x', 'y'\]"):
        composition_on(POSTS, mandates, date(2021, 7, 1))


def test_mandate_end_before_start_refused() -> None:
    """A mandate cannot end before it starts."""
    with pytest.raises(InputError, match="on or after its start"):
        Mandate("x", 1, START, end=date(2020, 1, 1))


def test_membership_reasons() -> None:
    """Expulsion, leaving and dissolution are the reasons that end a list deputy's party tie."""
    assert {r for r in TerminationReason if r.ends_membership} == {
        TerminationReason.EXPELLED,
        TerminationReason.LEFT_PARTY,
        TerminationReason.PARTY_DISSOLVED,
    }


@given(
    st.lists(
        st.tuples(st.sampled_from(list(SeatKind)), st.sampled_from(["A", "B", None])),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_composition_accounts_for_every_post(
    kinds: list[tuple[SeatKind, str | None]], data: st.DataObject
) -> None:
    """Held seats by group and by kind, plus vacancies, always add up to the posts."""
    posts = [Post(i + 1, kind, group) for i, (kind, group) in enumerate(kinds)]
    held = data.draw(st.sets(st.sampled_from([p.number for p in posts])))
    mandates = [Mandate(f"p{n}", n, START, party="A") for n in sorted(held)]
    comp = composition_on(posts, mandates, date(2021, 2, 1))
    assert sum(comp.by_group.values()) == len(held) == sum(comp.by_kind.values())
    assert comp.filled + comp.vacant == comp.total_posts == len(posts)
    assert sum(comp.vacant_by_group.values()) == comp.vacant
