"""Seat allocation: votes in, seats and the trace that explains them out."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field, StrictBool, StrictInt

from majlis.api.seats import ListSeatsPublic
from majlis.law import MAX_VOTES, PartyList, allocate, get_ruleset, trace_records

router = APIRouter(tags=["allocations"])


class ListVotes(BaseModel):
    """One list on the ballot and its votes."""

    name: str = Field(min_length=1, max_length=200)
    votes: StrictInt = Field(ge=0, le=MAX_VOTES)
    registration_order: StrictInt = Field(default=0, ge=0, le=10_000)
    alliance_size: StrictInt = Field(default=1, ge=1, le=100)
    minority: StrictBool = False
    district_wins: StrictInt = Field(default=0, ge=0, le=10_000)
    surplus_partner: str | None = Field(default=None, max_length=200)


class AllocationCreate(BaseModel):
    """What to allocate: a ruleset (id or family + date) and the votes."""

    ruleset: str = Field(min_length=1, max_length=100, examples=["kz-majlis-2009"])
    on: date | None = Field(default=None, description="Pick the family version in force then.")
    lists: list[ListVotes] = Field(min_length=1, max_length=200)
    against_all: StrictInt = Field(default=0, ge=0, le=MAX_VOTES)
    ballots_cast: StrictInt | None = Field(default=None, ge=0, le=MAX_VOTES)
    registered_voters: StrictInt | None = Field(default=None, ge=0, le=MAX_VOTES)
    seed: StrictInt | None = Field(default=None, ge=0, le=2**63 - 1, description="Seed of a lot.")


class TiePublic(BaseModel):
    """Seats the law could not decide."""

    seats: int
    contenders: list[str]
    stage: str


class TraceEventPublic(BaseModel):
    """One step of the allocation, in words and in numbers (fractions as ``"n/d"``)."""

    kind: str
    text: str
    data: dict[str, Any]


class AllocationPublic(BaseModel):
    """Seats per list, any undecided tie, and the trace."""

    ruleset_id: str
    total: int
    seats: list[ListSeatsPublic]
    tie: TiePublic | None
    trace: list[TraceEventPublic]


@router.post("/allocations", response_model=AllocationPublic)
def create_allocation(body: AllocationCreate) -> AllocationPublic:
    """Allocate seats under a ruleset; anyone may ask (nothing is stored)."""
    ruleset = get_ruleset(body.ruleset, date=body.on)
    lists = [
        PartyList(
            name=item.name,
            votes=item.votes,
            registration_order=item.registration_order,
            alliance_size=item.alliance_size,
            minority=item.minority,
            district_wins=item.district_wins,
            surplus_partner=item.surplus_partner,
        )
        for item in body.lists
    ]
    result = allocate(
        ruleset,
        lists,
        against_all=body.against_all,
        ballots_cast=body.ballots_cast,
        registered_voters=body.registered_voters,
        seed=body.seed,
    )
    trace = []
    for record in trace_records(result.trace):
        kind, text = str(record.pop("kind")), str(record.pop("text"))
        trace.append(TraceEventPublic(kind=kind, text=text, data=record))
    return AllocationPublic(
        ruleset_id=result.ruleset_id,
        total=result.total,
        seats=[
            ListSeatsPublic(name=p.name, votes=p.votes, seats=result.seats[p.name]) for p in lists
        ],
        tie=TiePublic(
            seats=result.tie.seats, contenders=list(result.tie.contenders), stage=result.tie.stage
        )
        if result.tie
        else None,
        trace=trace,
    )
