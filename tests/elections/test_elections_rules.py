"""Pure election rules: calendar deadlines, list checks, ballot draw, seating and vacancies."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from majlis.elections import (
    CandidateStatus,
    Deadline,
    ElectionCalendar,
    ListEntry,
    ListMode,
    check_nomination,
    draw_ballot_order,
    elected_from_list,
    max_list_length,
    next_in_line,
)
from majlis.errors import DeadlinePassed, IneligibleError, InputError, RuleViolation

CAL = ElectionCalendar(
    called_on=date(2020, 10, 20),
    nomination_deadline=date(2020, 11, 14),
    registration_deadline=date(2020, 11, 24),
    candidate_withdrawal_deadline=date(2020, 12, 31),
    list_withdrawal_deadline=date(2020, 12, 31),
    polling_day=date(2021, 1, 10),
)


def test_deadline_open_on_its_last_day() -> None:
    """An action on the deadline's own date is still allowed."""
    CAL.require_open(Deadline.LIST_WITHDRAWAL, on=date(2020, 12, 31), action="withdraw")


def test_deadline_passed_names_the_deadline() -> None:
    """An action a day late is refused with a message naming the deadline and its date."""
    with pytest.raises(DeadlinePassed, match=r"list withdrawal deadline was 2020-12-31"):
        CAL.require_open(Deadline.LIST_WITHDRAWAL, on=date(2021, 1, 1), action="withdraw")


def test_calendar_out_of_order_is_refused() -> None:
    """A registration deadline before the nomination deadline is a malformed calendar."""
    with pytest.raises(InputError, match="registration_deadline"):
        ElectionCalendar(
            called_on=date(2020, 10, 20),
            nomination_deadline=date(2020, 11, 14),
            registration_deadline=date(2020, 11, 1),
            candidate_withdrawal_deadline=date(2020, 12, 31),
            list_withdrawal_deadline=date(2020, 12, 31),
            polling_day=date(2021, 1, 10),
        )


def test_max_list_length_kazakhstan() -> None:
    """98 list seats allow 127 names (30 % above the seats, rounded down)."""
    assert max_list_length(98) == 127
    assert max_list_length(69) == 89


def _nominate(cands: list[str], *, members: set[str], registered: bool = True) -> None:
    check_nomination(
        party="Ak Zhol",
        party_registered=registered,
        candidates=cands,
        members=members,
        nomination_date=date(2020, 11, 10),
        max_length=3,
    )


def test_unregistered_party_cannot_nominate() -> None:
    """A movement that is not a registered party is refused with a clear message."""
    with pytest.raises(RuleViolation, match="not a registered political party"):
        _nominate(["a"], members={"a"}, registered=False)


def test_non_member_candidate_refused() -> None:
    """A candidate who is not a party member on the nomination date is ineligible."""
    with pytest.raises(IneligibleError, match=r"rank 2 .*\(b\) is not a member .*2020-11-10"):
        _nominate(["a", "b"], members={"a"})


def test_too_long_list_refused() -> None:
    """A list longer than the maximum is refused naming both numbers."""
    with pytest.raises(RuleViolation, match=r"at most 3 candidates\. Got 4"):
        _nominate(["a", "b", "c", "d"], members={"a", "b", "c", "d"})


def test_duplicate_candidate_refused() -> None:
    """One person cannot stand twice on a list."""
    with pytest.raises(InputError, match="rank 2"):
        _nominate(["a", "a"], members={"a"})


@given(st.sets(st.text(min_size=1, max_size=4), min_size=1, max_size=8), st.integers(0, 10**6))
def test_ballot_draw_is_a_seeded_permutation(parties: set[str], seed: int) -> None:
    """The draw is a permutation of the parties and the same seed replays the same order."""
    order = draw_ballot_order(parties, seed=seed)
    assert sorted(order) == sorted(parties)
    assert draw_ballot_order(set(parties), seed=seed) == order


ENTRIES = [
    ListEntry(1, "a"),
    ListEntry(2, "b", CandidateStatus.WITHDRAWN),
    ListEntry(3, "c"),
    ListEntry(4, "d", CandidateStatus.REVOKED),
    ListEntry(5, "e"),
]


def test_list_order_skips_withdrawn_and_revoked() -> None:
    """In list order the first standing candidates take the seats."""
    assert elected_from_list(ENTRIES, 2) == ("a", "c")
    assert elected_from_list(ENTRIES, 9) == ("a", "c", "e")


def test_party_designates_from_registered_list() -> None:
    """The party may designate any standing candidates, but no one off the list."""
    designated = elected_from_list(
        ENTRIES, 2, mode=ListMode.PARTY_DESIGNATES, designated=["e", "a"]
    )
    assert designated == ("e", "a")
    with pytest.raises(IneligibleError, match="b is not a standing candidate"):
        elected_from_list(ENTRIES, 2, mode=ListMode.PARTY_DESIGNATES, designated=["a", "b"])
    with pytest.raises(InputError, match="2 distinct persons"):
        elected_from_list(ENTRIES, 2, mode=ListMode.PARTY_DESIGNATES, designated=["a"])


def test_next_in_line_skips_seated_and_ineligible() -> None:
    """A vacancy goes to the next standing candidate not yet seated and still eligible."""
    assert next_in_line(ENTRIES, excluded={"a"}, eligible=lambda p: p != "c") == "e"
    assert next_in_line(ENTRIES, excluded={"a", "c", "e"}, eligible=bool) is None


@given(
    st.lists(st.sampled_from(list(CandidateStatus)), min_size=0, max_size=20),
    st.integers(0, 25),
)
def test_elected_are_the_first_standing(statuses: list[CandidateStatus], seats: int) -> None:
    """List order elects min(seats, standing) candidates, each ranked above every unelected one."""
    entries = [ListEntry(i + 1, f"p{i}", s) for i, s in enumerate(statuses)]
    elected = elected_from_list(entries, seats)
    standing = [e for e in entries if e.status is CandidateStatus.STANDING]
    assert len(elected) == min(seats, len(standing))
    assert list(elected) == [e.person for e in standing[: len(elected)]]
