"""Elections, their party lists and candidates; nominations are scoped to the party."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, StrictInt

from majlis import elections, registry
from majlis.api._text import Line, column_length
from majlis.api.deps import PageParams, SessionDep, ensure_party_scope, require
from majlis.api.schemas import Page
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["elections"])

Slug = Annotated[
    str,
    Path(min_length=1, max_length=column_length("election.slug"), pattern=r"^[A-Za-z0-9_.-]+$"),
]
PersonId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Commission = Annotated[Principal, Depends(require(Role.COMMISSION))]
Officer = Annotated[Principal, Depends(require(Role.PARTY_OFFICER, Role.COMMISSION))]
PartyOfficer = Annotated[Principal, Depends(require(Role.PARTY_OFFICER))]


class CalendarPublic(BaseModel):
    """The campaign's dates; each deadline is the last day the action is allowed."""

    called_on: date
    nomination_deadline: date
    registration_deadline: date
    candidate_withdrawal_deadline: date
    list_withdrawal_deadline: date
    polling_day: date


class ElectionCreate(BaseModel):
    """A new election under the ruleset in force on polling day."""

    slug: Annotated[str, Line("election.slug", pattern=r"^[A-Za-z0-9_.-]+$")]
    name: Annotated[str, Line("election.name")]
    ruleset: Annotated[str, Line("election.ruleset_id")] = "kz-majlis"
    calendar: CalendarPublic


class ElectionPublic(BaseModel):
    """An election as stored."""

    slug: str
    name: str
    jurisdiction: str
    body: str
    ruleset_id: str
    list_seats: int
    max_list_length: int | None
    list_mode: str
    calendar: CalendarPublic
    ballot_seed: int | None


class CandidatePublic(BaseModel):
    """One candidate of a list."""

    rank: int
    person_id: int
    name: str
    status: str


class CandidateListPublic(BaseModel):
    """A party's list: status, ballot place and ranked candidates."""

    election: str
    party: str
    party_name: str
    status: str
    nominated_on: date
    registration_order: int | None
    ballot_position: int | None
    candidates: list[CandidatePublic]


class ListCreate(BaseModel):
    """A party's ranked list as its congress nominated it."""

    party: Annotated[str, Line("party.slug")] = Field(description="The party's slug.")
    candidates: list[StrictInt] = Field(min_length=1, max_length=500, description="Person ids.")
    on: date


class Decision(BaseModel):
    """A dated decision with its text (statement, reason, decision)."""

    on: date
    text: str = Field(min_length=1, max_length=2000)


class ElectionEventPublic(BaseModel):
    """One step of the campaign."""

    occurred_on: date
    kind: str
    detail: str


def _election(e: elections.Election) -> ElectionPublic:
    c = e.calendar
    return ElectionPublic(
        slug=e.slug,
        name=e.name,
        jurisdiction=e.jurisdiction,
        body=e.body,
        ruleset_id=e.ruleset_id,
        list_seats=e.list_seats,
        max_list_length=e.max_list_length,
        list_mode=e.list_mode.value,
        calendar=CalendarPublic(
            called_on=c.called_on,
            nomination_deadline=c.nomination_deadline,
            registration_deadline=c.registration_deadline,
            candidate_withdrawal_deadline=c.candidate_withdrawal_deadline,
            list_withdrawal_deadline=c.list_withdrawal_deadline,
            polling_day=c.polling_day,
        ),
        ballot_seed=e.ballot_seed,
    )


def _list(pl: elections.CandidateList) -> CandidateListPublic:
    return CandidateListPublic(
        election=pl.election_slug,
        party=pl.party_slug,
        party_name=pl.party_name,
        status=pl.status.value,
        nominated_on=pl.nominated_on,
        registration_order=pl.registration_order,
        ballot_position=pl.ballot_position,
        candidates=[
            CandidatePublic(rank=c.rank, person_id=c.person_id, name=c.name, status=c.status.value)
            for c in pl.candidates
        ],
    )


def _scope(session: SessionDep, caller: Principal, party: str) -> None:
    ensure_party_scope(caller, registry.get_party(session, party).id)


@router.get("/elections", response_model=Page[ElectionPublic])
def get_elections(
    session: SessionDep,
    page: PageParams,
    jurisdiction: Annotated[
        str | None, Query(max_length=column_length("election.jurisdiction"))
    ] = None,
) -> Page[ElectionPublic]:
    """Every election, newest first."""
    found, count = elections.list_elections(
        session, jurisdiction=jurisdiction, limit=page.limit, offset=page.offset
    )
    return Page[ElectionPublic](data=[_election(e) for e in found], count=count)


@router.post("/elections", response_model=ElectionPublic, status_code=201)
def post_election(body: ElectionCreate, session: SessionDep, _c: Commission) -> ElectionPublic:
    """Create an election (commission)."""
    calendar = elections.ElectionCalendar(**body.calendar.model_dump())
    return _election(
        elections.create_election(
            session, slug=body.slug, name=body.name, calendar=calendar, ruleset=body.ruleset
        )
    )


@router.get("/elections/{slug}", response_model=ElectionPublic)
def get_election(slug: Slug, session: SessionDep) -> ElectionPublic:
    """One election."""
    return _election(elections.get_election(session, slug))


@router.get("/elections/{slug}/history", response_model=list[ElectionEventPublic])
def get_history(slug: Slug, session: SessionDep) -> list[ElectionEventPublic]:
    """The campaign's history in order."""
    return [
        ElectionEventPublic(occurred_on=e.occurred_on, kind=e.kind, detail=e.detail)
        for e in elections.election_history(session, election=slug)
    ]


@router.get("/elections/{slug}/lists", response_model=Page[CandidateListPublic])
def get_lists(
    slug: Slug,
    session: SessionDep,
    page: PageParams,
    status: Annotated[elections.ListStatus | None, Query()] = None,
) -> Page[CandidateListPublic]:
    """The election's party lists, optionally by status."""
    found = elections.party_lists(session, election=slug, status=status)
    chosen = found[page.offset : page.offset + page.limit]
    return Page[CandidateListPublic](data=[_list(pl) for pl in chosen], count=len(found))


@router.post("/elections/{slug}/lists", response_model=CandidateListPublic, status_code=201)
def post_list(
    slug: Slug, body: ListCreate, session: SessionDep, caller: PartyOfficer
) -> CandidateListPublic:
    """Nominate a party's list (an officer of that party)."""
    _scope(session, caller, body.party)
    return _list(
        elections.nominate_list(
            session, election=slug, party=body.party, candidates=body.candidates, on=body.on
        )
    )


@router.get("/elections/{slug}/lists/{party}", response_model=CandidateListPublic)
def get_list(slug: Slug, party: Slug, session: SessionDep) -> CandidateListPublic:
    """One party's list."""
    return _list(elections.get_list(session, election=slug, party=party))


@router.post("/elections/{slug}/lists/{party}/registration", response_model=CandidateListPublic)
def post_registration(
    slug: Slug, party: Slug, body: Decision, session: SessionDep, _c: Commission
) -> CandidateListPublic:
    """Register a nominated list (commission)."""
    return _list(elections.register_list(session, election=slug, party=party, on=body.on))


@router.post("/elections/{slug}/lists/{party}/withdrawal", response_model=CandidateListPublic)
def post_list_withdrawal(
    slug: Slug, party: Slug, body: Decision, session: SessionDep, caller: PartyOfficer
) -> CandidateListPublic:
    """Withdraw the whole list (an officer of that party)."""
    _scope(session, caller, party)
    return _list(
        elections.withdraw_list(session, election=slug, party=party, on=body.on, reason=body.text)
    )


@router.post(
    "/elections/{slug}/lists/{party}/candidates/{person}/withdrawal",
    response_model=CandidateListPublic,
)
def post_candidate_withdrawal(
    slug: Slug, party: Slug, person: PersonId, body: Decision, session: SessionDep, caller: Officer
) -> CandidateListPublic:
    """Record a candidate's written withdrawal (the party's officer or the commission)."""
    _scope(session, caller, party)
    return _list(
        elections.withdraw_candidate(
            session, election=slug, party=party, person=person, on=body.on, statement=body.text
        )
    )


@router.post(
    "/elections/{slug}/lists/{party}/candidates/{person}/revocation",
    response_model=CandidateListPublic,
)
def post_candidate_revocation(
    slug: Slug,
    party: Slug,
    person: PersonId,
    body: Decision,
    session: SessionDep,
    caller: PartyOfficer,
) -> CandidateListPublic:
    """The party revokes one of its candidates (an officer of that party)."""
    _scope(session, caller, party)
    return _list(
        elections.revoke_candidate(
            session, election=slug, party=party, person=person, on=body.on, decision=body.text
        )
    )


@router.post(
    "/elections/{slug}/boycotts/{party}", response_model=ElectionEventPublic, status_code=201
)
def post_boycott(
    slug: Slug, party: Slug, body: Decision, session: SessionDep, caller: PartyOfficer
) -> ElectionEventPublic:
    """Declare that the party boycotts the election (an officer of that party)."""
    _scope(session, caller, party)
    event = elections.declare_boycott(
        session, election=slug, party=party, on=body.on, statement=body.text
    )
    return ElectionEventPublic(occurred_on=event.occurred_on, kind=event.kind, detail=event.detail)


class BallotDraw(BaseModel):
    """The seed of the lot and the day it was drawn."""

    seed: StrictInt = Field(ge=0, le=2**62)
    on: date


@router.post("/elections/{slug}/ballot", response_model=list[CandidateListPublic])
def post_ballot(
    slug: Slug, body: BallotDraw, session: SessionDep, _c: Commission
) -> list[CandidateListPublic]:
    """Draw the ballot order by lot (commission)."""
    return [
        _list(pl)
        for pl in elections.draw_ballot(session, election=slug, seed=body.seed, on=body.on)
    ]
