"""The parliament: composition on a date, convocations, mandates and their history."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, StrictInt

from majlis import parliament
from majlis.api._text import Line, column_length
from majlis.api.deps import PageParams, SessionDep, require
from majlis.api.schemas import Page
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["parliament"])

Slug = Annotated[
    str,
    Path(min_length=1, max_length=column_length("convocation.slug"), pattern=r"^[A-Za-z0-9_.-]+$"),
]
Commission = Annotated[Principal, Depends(require(Role.COMMISSION))]


class GroupSeats(BaseModel):
    """Seats held by one group (party or appointing body) and its vacancies."""

    group: str
    seats: int
    vacant: int


class CompositionPublic(BaseModel):
    """The chamber on one date."""

    on: date
    convocation: str
    total_posts: int
    filled: int
    vacant: int
    groups: list[GroupSeats]
    by_kind: dict[str, int]


class ConvocationPublic(BaseModel):
    """One convocation of the chamber."""

    slug: str
    name: str
    body: str
    ruleset_id: str
    election: str | None
    opened_on: date
    closed_on: date | None


class MandatePublic(BaseModel):
    """One mandate: who held which post, from when to when, and why it ended."""

    id: int
    post: int
    kind: str
    group: str | None
    person_id: int
    person_name: str
    party: str | None
    start: date
    end: date | None
    end_reason: str | None
    predecessor_id: int | None


class ChamberEventPublic(BaseModel):
    """One step of the chamber's history."""

    occurred_on: date
    kind: str
    detail: str
    post: int | None


class TerminationCreate(BaseModel):
    """End a mandate early."""

    person: StrictInt = Field(ge=1, le=2**31 - 1)
    reason: parliament.TerminationReason
    on: date
    notice: str | None = Field(default=None, max_length=2000)


class DissolutionCreate(BaseModel):
    """End the list mandates of a party that has ceased to exist."""

    party: Annotated[str, Line("party.slug", pattern=r"^[A-Za-z0-9_.-]+$")] = Field(
        description="The party's slug."
    )
    on: date


class ByElectionCreate(BaseModel):
    """Seat the winner of a by-election on a vacant appointed or district post."""

    post: StrictInt = Field(ge=1, le=2**31 - 1, description="The post's number.")
    person: StrictInt = Field(ge=1, le=2**31 - 1, description="The winner's person id.")
    on: date
    decided_by: Annotated[str, Line(max_length=300)] = Field(
        default=parliament.ASSEMBLY, description="Who elected them."
    )


class TerminationPublic(BaseModel):
    """The ended mandate, its successor (if the list had one) or the vacancy."""

    ended: MandatePublic
    successor: MandatePublic | None
    vacancy: str | None


def termination_public(outcome: parliament.TerminationOutcome) -> TerminationPublic:
    """The public view of a termination."""
    return TerminationPublic(
        ended=mandate_public(outcome.ended),
        successor=mandate_public(outcome.successor) if outcome.successor else None,
        vacancy=outcome.vacancy,
    )


def mandate_public(v: parliament.MandateView) -> MandatePublic:
    """The public view of a mandate."""
    return MandatePublic(
        id=v.id,
        post=v.post,
        kind=v.kind.value,
        group=v.group,
        person_id=v.person_id,
        person_name=v.person_name,
        party=v.party,
        start=v.start,
        end=v.end,
        end_reason=v.end_reason.value if v.end_reason else None,
        predecessor_id=v.predecessor_id,
    )


def _convocation(c: parliament.Convocation) -> ConvocationPublic:
    return ConvocationPublic(
        slug=c.slug,
        name=c.name,
        body=c.body,
        ruleset_id=c.ruleset_id,
        election=c.election_slug,
        opened_on=c.opened_on,
        closed_on=c.closed_on,
    )


@router.get("/parliament/composition", response_model=CompositionPublic)
def get_composition(
    session: SessionDep,
    on: Annotated[date, Query(description="The day to look at.")],
    convocation: Annotated[str | None, Query(max_length=column_length("convocation.slug"))] = None,
) -> CompositionPublic:
    """Who holds the seats on ``on``, by group and seat kind, with vacancies."""
    sitting = parliament.find_convocation(session, convocation, on=on)
    comp = parliament.composition(session, on=on, convocation=sitting.slug)
    groups = sorted(set(comp.by_group) | set(comp.vacant_by_group))
    return CompositionPublic(
        on=comp.on,
        convocation=sitting.slug,
        total_posts=comp.total_posts,
        filled=comp.filled,
        vacant=comp.vacant,
        groups=sorted(
            (
                GroupSeats(
                    group=g,
                    seats=comp.by_group.get(g, 0),
                    vacant=comp.vacant_by_group.get(g, 0),
                )
                for g in groups
            ),
            key=lambda s: (-s.seats, s.group),
        ),
        by_kind={k.value: n for k, n in comp.by_kind.items()},
    )


@router.get("/parliament/convocations/{slug}", response_model=ConvocationPublic)
def get_convocation(slug: Slug, session: SessionDep) -> ConvocationPublic:
    """One convocation."""
    return _convocation(parliament.find_convocation(session, slug))


@router.get("/parliament/convocations/{slug}/mandates", response_model=Page[MandatePublic])
def get_mandates(
    slug: Slug,
    session: SessionDep,
    page: PageParams,
    on: Annotated[date | None, Query(description="Only mandates in force then.")] = None,
    party: Annotated[str | None, Query(max_length=300)] = None,
) -> Page[MandatePublic]:
    """The convocation's mandates by post, filtered by date in force and party name."""
    found = [
        m
        for m in parliament.mandates(session, convocation=slug, on=on)
        if party is None or m.party == party
    ]
    chosen = found[page.offset : page.offset + page.limit]
    return Page[MandatePublic](data=[mandate_public(m) for m in chosen], count=len(found))


@router.get("/parliament/convocations/{slug}/history", response_model=list[ChamberEventPublic])
def get_chamber_history(slug: Slug, session: SessionDep) -> list[ChamberEventPublic]:
    """The convocation's history: seatings, terminations, replacements, vacancies."""
    return [
        ChamberEventPublic(occurred_on=e.occurred_on, kind=e.kind, detail=e.detail, post=e.post)
        for e in parliament.chamber_history(session, convocation=slug)
    ]


@router.post(
    "/parliament/convocations/{slug}/terminations",
    response_model=TerminationPublic,
    status_code=201,
)
def post_termination(
    slug: Slug, body: TerminationCreate, session: SessionDep, _c: Commission
) -> TerminationPublic:
    """End a mandate and fill the seat from the same list (commission)."""
    outcome = parliament.terminate_mandate(
        session,
        convocation=slug,
        person=body.person,
        reason=body.reason,
        on=body.on,
        notice=body.notice,
    )
    return termination_public(outcome)


@router.post(
    "/parliament/convocations/{slug}/dissolutions",
    response_model=list[TerminationPublic],
    status_code=201,
)
def post_dissolution(
    slug: Slug, body: DissolutionCreate, session: SessionDep, _c: Commission
) -> list[TerminationPublic]:
    """End the list mandates of a party that has ceased to exist (commission); its seats
    stay empty. A liquidation (``POST /parties/{slug}/liquidation``) ends them itself."""
    outcomes = parliament.dissolve_party_mandates(
        session, party=body.party, on=body.on, convocation=slug
    )
    return [termination_public(o) for o in outcomes]


@router.post(
    "/parliament/convocations/{slug}/by-elections",
    response_model=MandatePublic,
    status_code=201,
)
def post_by_election(
    slug: Slug, body: ByElectionCreate, session: SessionDep, _c: Commission
) -> MandatePublic:
    """Seat the winner of a by-election on a vacant appointed or district post (commission)."""
    return mandate_public(
        parliament.fill_by_election(
            session,
            convocation=slug,
            post=body.post,
            person=body.person,
            on=body.on,
            decided_by=body.decided_by,
        )
    )
