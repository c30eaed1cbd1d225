"""Seats and count status as the API shows them, read from the one seats service."""

from __future__ import annotations

from pydantic import BaseModel

from majlis import parliament, results
from majlis.law import trace_records


class ListSeatsPublic(BaseModel):
    """One list's votes and seats (a stored election's, or an allocation asked for)."""

    name: str
    votes: int
    seats: int


class TraceLine(BaseModel):
    """One step of the allocation in words."""

    kind: str
    text: str


class PendingPublic(BaseModel):
    """Stations whose final protocol is not in the tally yet."""

    stations: int
    final: int
    awaiting: int
    missing: int
    awaiting_stations: list[str]


class ElectionSeatsPublic(BaseModel):
    """The list seats of an election and the trace that explains them.

    ``provisional`` is true while a station awaits resolution or is missing (``pending``).
    """

    ruleset_id: str
    list_seats: int
    rows: list[ListSeatsPublic]
    trace: list[TraceLine]
    tie: str | None
    provisional: bool
    pending: PendingPublic


def pending_public(status: results.CountStatus) -> PendingPublic:
    """The count status in the API's words."""
    return PendingPublic(
        stations=status.stations,
        final=status.final,
        awaiting=len(status.awaiting),
        missing=status.missing,
        awaiting_stations=list(status.awaiting),
    )


def seats_public(
    seats: parliament.ElectionSeats, status: results.CountStatus
) -> ElectionSeatsPublic:
    """The election's seats (from the one seats service) as the API shows them."""
    allocation = seats.allocation
    return ElectionSeatsPublic(
        ruleset_id=allocation.ruleset_id,
        list_seats=seats.ruleset.list_seats,
        rows=[ListSeatsPublic(name=r.name, votes=r.votes, seats=r.seats) for r in seats.rows],
        trace=[
            TraceLine(kind=str(r["kind"]), text=str(r["text"]))
            for r in trace_records(allocation.trace)
        ],
        tie=f"{allocation.tie.seats} seat(s) tied among {', '.join(allocation.tie.contenders)}"
        if allocation.tie
        else None,
        provisional=status.provisional,
        pending=pending_public(status),
    )
