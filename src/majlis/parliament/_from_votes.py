"""From the national votes to the seated chamber: the law engine's allocation, then seating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy.orm import Session

from majlis.elections import allocation_input, get_election, list_rules
from majlis.errors import AllocationImpossible
from majlis.law import Allocation, allocate
from majlis.parliament._queries import convocation_row
from majlis.parliament._records import MandateView
from majlis.parliament._seating import seat_lists
from majlis.store.elections_rows import ElectionRow

__all__ = ["allocate_for", "seat_from_votes"]


def allocate_for(
    session: Session,
    *,
    election: str,
    votes: Mapping[str, int],
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
) -> Allocation:
    """Allocate an election's list seats from the votes per party slug (the law engine).

    Raises:
        AllocationImpossible: the allocation ends in a tie the ruleset does not break.
    """
    found = get_election(session, election)
    rules = list_rules(found.ruleset_id, on=found.polling_day)
    allocation = allocate(
        rules.ruleset,
        allocation_input(session, election=election, votes=votes),
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    if allocation.tie is not None:
        raise AllocationImpossible(
            f"The allocation of {election} ends in a tie the law does not break: {allocation.tie}"
        )
    return allocation


def seat_from_votes(
    session: Session,
    *,
    convocation: str,
    votes: Mapping[str, int],
    on: date,
    designations: Mapping[str, Sequence[int]] | None = None,
    against_all: int = 0,
    ballots_cast: int | None = None,
    registered_voters: int | None = None,
) -> tuple[Allocation, tuple[MandateView, ...]]:
    """Allocate the list seats from the votes per party slug, then seat the elected candidates."""
    crow = convocation_row(session, convocation)
    erow = session.get_one(ElectionRow, crow.election_id)
    allocation = allocate_for(
        session,
        election=erow.slug,
        votes=votes,
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    seated = seat_lists(
        session, convocation=convocation, seats=allocation.seats, on=on, designations=designations
    )
    return allocation, seated
