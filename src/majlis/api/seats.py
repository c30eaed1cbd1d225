"""Seats from a national tally: the election's ruleset applied by the law engine."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session

from majlis import results
from majlis.law import trace_records
from majlis.web import national_allocation


class SeatRow(BaseModel):
    """One list's votes and seats."""

    name: str
    votes: int
    seats: int


class TraceLine(BaseModel):
    """One step of the allocation in words."""

    kind: str
    text: str


class SeatsPublic(BaseModel):
    """The list seats of an election and the trace that explains them."""

    ruleset_id: str
    list_seats: int
    rows: list[SeatRow]
    trace: list[TraceLine]
    tie: str | None


def seats_for(session: Session, election: str, national: results.Tally) -> SeatsPublic | None:
    """The election's list seats from the national tally (None if no such election)."""
    done = national_allocation(session, election, national)
    if done is None:
        return None
    ruleset, allocation = done
    return SeatsPublic(
        ruleset_id=allocation.ruleset_id,
        list_seats=ruleset.list_seats,
        rows=[
            SeatRow(name=name, votes=votes, seats=allocation.seats[name])
            for name, votes in national.votes
        ],
        trace=[
            TraceLine(kind=str(r["kind"]), text=str(r["text"]))
            for r in trace_records(allocation.trace)
        ],
        tie=f"{allocation.tie.seats} seat(s) tied among {', '.join(allocation.tie.contenders)}"
        if allocation.tie
        else None,
    )
