"""Frozen records the election services return (mapped explicitly from the store's rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from majlis.elections._calendar import ElectionCalendar
from majlis.elections._lists import CandidateStatus, ListEntry, ListMode, ListStatus
from majlis.store.elections_rows import ElectionRow

__all__ = ["Candidate", "CandidateList", "Election", "ElectionEvent"]


@dataclass(frozen=True, slots=True)
class Election:
    """An election as stored: what is elected, under which ruleset, on which calendar."""

    id: int
    slug: str
    name: str
    jurisdiction: str
    body: str
    ruleset_id: str
    list_seats: int
    max_list_length: int | None
    list_mode: ListMode
    calendar: ElectionCalendar
    ballot_seed: int | None

    @property
    def polling_day(self) -> date:
        """The day of the vote."""
        return self.calendar.polling_day

    @classmethod
    def from_row(cls, row: ElectionRow) -> Election:
        """Map a stored row to the record."""
        return cls(
            id=row.id,
            slug=row.slug,
            name=row.name,
            jurisdiction=row.jurisdiction,
            body=row.body,
            ruleset_id=row.ruleset_id,
            list_seats=row.list_seats,
            max_list_length=row.max_list_length,
            list_mode=ListMode(row.list_mode),
            calendar=ElectionCalendar(
                called_on=row.called_on,
                nomination_deadline=row.nomination_deadline,
                registration_deadline=row.registration_deadline,
                candidate_withdrawal_deadline=row.candidate_withdrawal_deadline,
                list_withdrawal_deadline=row.list_withdrawal_deadline,
                polling_day=row.polling_day,
            ),
            ballot_seed=row.ballot_seed,
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate of a list, with the person's name for display."""

    rank: int
    person_id: int
    name: str
    status: CandidateStatus

    def entry(self) -> ListEntry[int]:
        """The candidate as the pure list rules see it."""
        return ListEntry(self.rank, self.person_id, self.status)


@dataclass(frozen=True, slots=True)
class CandidateList:
    """A party's list of candidates in an election: its status, ballot place and ranked names.

    The votes a list won are the law's business (:class:`majlis.law.PartyList`); this record
    is who stands on it.
    """

    id: int
    election_slug: str
    party_id: int
    party_slug: str
    party_name: str
    status: ListStatus
    nominated_on: date
    registration_order: int | None
    ballot_position: int | None
    candidates: tuple[Candidate, ...]

    @property
    def entries(self) -> tuple[ListEntry[int], ...]:
        """The candidates as the pure list rules see them."""
        return tuple(c.entry() for c in self.candidates)

    @property
    def standing(self) -> int:
        """How many candidates still stand."""
        return sum(c.status is CandidateStatus.STANDING for c in self.candidates)


@dataclass(frozen=True, slots=True)
class ElectionEvent:
    """One step of the campaign's history."""

    occurred_on: date
    kind: str
    detail: str
