"""From the national votes to the seated chamber: the election's seats, then seating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy.orm import Session

from majlis.errors import AllocationImpossible, RuleViolation
from majlis.parliament._election_seats import ElectionSeats, allocate_votes
from majlis.parliament._queries import find_convocation
from majlis.parliament._records import MandateView
from majlis.parliament._seating import seat_lists

__all__ = ["seat_elected", "seat_from_votes"]


def seat_elected(
    session: Session,
    *,
    convocation: str,
    seats: ElectionSeats,
    on: date,
    designations: Mapping[str, Sequence[int]] | None = None,
) -> tuple[MandateView, ...]:
    """Seat the candidates elected by ``seats`` (from :func:`election_seats` or
    :func:`allocate_votes`) in the convocation.

    Raises:
        AllocationImpossible: the allocation ends in a tie the ruleset does not break.
    """
    allocation = seats.allocation
    if allocation.tie is not None:
        raise AllocationImpossible(
            f"The allocation of {seats.election} ends in a tie the law does not break: "
            f"{allocation.tie}"
        )
    return seat_lists(
        session, convocation=convocation, seats=seats.by_party(), on=on, designations=designations
    )


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
) -> tuple[ElectionSeats, tuple[MandateView, ...]]:
    """Allocate the list seats from the votes per list (party slug or name), then seat them."""
    sitting = find_convocation(session, convocation)
    if sitting.election_slug is None:
        raise RuleViolation(
            f"{sitting.name} was opened without an election: it has no lists.",
            code="convocation.no_election",
            params={"convocation": sitting.name},
        )
    seats = allocate_votes(
        session,
        election=sitting.election_slug,
        votes=votes,
        against_all=against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    seated = seat_elected(
        session, convocation=convocation, seats=seats, on=on, designations=designations
    )
    return seats, seated
