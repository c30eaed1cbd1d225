"""Seats from a national tally: the election's ruleset applied by the law engine."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session

from majlis import elections, results
from majlis.errors import NotFoundError
from majlis.law import PartyList, allocate, get_ruleset, trace_records


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
    """Allocate the election's list seats from the national tally (None if no such election)."""
    try:
        found = elections.get_election(session, election)
    except NotFoundError:
        return None
    ruleset = get_ruleset(found.ruleset_id)
    order = {
        pl.party_name: pl.registration_order or 0
        for pl in elections.party_lists(session, election=election)
    }
    lists = [
        PartyList(name, votes, registration_order=order.get(name, i + 1))
        for i, (name, votes) in enumerate(national.votes)
    ]
    allocation = allocate(
        ruleset,
        lists,
        against_all=national.lines.get("against_all", 0),
        ballots_cast=national.lines.get("found"),
        registered_voters=national.lines.get("voters"),
    )
    return SeatsPublic(
        ruleset_id=allocation.ruleset_id,
        list_seats=ruleset.list_seats,
        rows=[SeatRow(name=p.name, votes=p.votes, seats=allocation.seats[p.name]) for p in lists],
        trace=[
            TraceLine(kind=str(r["kind"]), text=str(r["text"]))
            for r in trace_records(allocation.trace)
        ],
        tie=f"{allocation.tie.seats} seat(s) tied among {', '.join(allocation.tie.contenders)}"
        if allocation.tie
        else None,
    )
