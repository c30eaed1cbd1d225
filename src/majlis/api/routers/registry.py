"""Parties, people and the membership ledger; a party officer acts on their own party only.

A party's lifecycle (creation to reorganisation) is in :mod:`majlis.api.routers.party_lifecycle`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StrictBool

from majlis import parliament, registry
from majlis.api._text import Line, column_length
from majlis.api.deps import PageParams, SessionDep, ensure_party_scope, require
from majlis.api.errors import ErrorBody, ErrorEnvelope
from majlis.api.routers.parliament import TerminationPublic, termination_public
from majlis.api.schemas import Page
from majlis.registry import stats
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["registry"])

Slug = Annotated[
    str, Path(min_length=1, max_length=column_length("party.slug"), pattern=r"^[A-Za-z0-9_.-]+$")
]
NationalId = Annotated[
    str,
    Path(min_length=4, max_length=column_length("person.national_id"), pattern=r"^[0-9A-Za-z-]+$"),
]
Officer = Annotated[Principal, Depends(require(Role.PARTY_OFFICER))]
Registrar = Annotated[Principal, Depends(require(Role.PARTY_OFFICER, Role.COMMISSION))]
Commission = Annotated[Principal, Depends(require(Role.COMMISSION))]
Reader = Annotated[Principal, Depends(require(Role.PARTY_OFFICER, Role.COMMISSION, Role.OBSERVER))]


class PartyPublic(BaseModel):
    """A party or movement and its number of active members."""

    id: int
    slug: str
    name: str
    kind: str
    status: str
    initiated_on: date | None
    registered_on: date | None
    ended_on: date | None
    members: int


class PersonCreate(BaseModel):
    """A person to register (a Kazakh IIN is validated, check digit and date)."""

    national_id: Annotated[str, Line("person.national_id", min_length=4)]
    family_name: Annotated[str, Line("person.family_name")]
    given_name: Annotated[str, Line("person.given_name")]
    citizenship: Annotated[str, Line("person.citizenship", min_length=2)] = "KZ"
    region_code: Annotated[str | None, Line("person.region_code")] = None
    barred_category: registry.BarredCategory | None = Field(
        default=None, description="A category barred from party membership, if any."
    )


class BarredCategoryUpdate(BaseModel):
    """The barred category a person entered, or null when they left it."""

    category: registry.BarredCategory | None = Field(
        description="serviceman, national_security, law_enforcement, judge; null lifts the bar."
    )


class RegionUpdate(BaseModel):
    """A person's new region."""

    region_code: Annotated[str, Line("person.region_code")] = Field(
        description="The region's code, e.g. KZ-75."
    )


class PersonPublic(BaseModel):
    """A registered person."""

    id: int
    national_id: str
    family_name: str
    given_name: str
    birth_date: date | None
    citizenship: str
    region_code: str | None
    barred_category: str | None


class MembershipEventPublic(BaseModel):
    """One event of the append-only membership ledger."""

    seq: int
    person_id: int
    party_id: int
    kind: str
    occurred_on: date
    reason: str | None
    deciding_body: str | None
    founder: bool
    entered_by: str
    hash: str


class MembershipPublic(BaseModel):
    """A person and their ledger."""

    person: PersonPublic
    events: list[MembershipEventPublic]


class JoinCreate(BaseModel):
    """An application to join."""

    national_id: Annotated[str, Line("person.national_id", min_length=4)]
    on: date
    founder: StrictBool = False


class ExitCreate(BaseModel):
    """A departure or an expulsion."""

    on: date
    reason: str | None = Field(default=None, max_length=2000)
    deciding_body: Annotated[str | None, Line("membership_event.deciding_body")] = None


class LiquidationCreate(BaseModel):
    """A party's liquidation, as decided by a court or its congress."""

    on: date
    decided_by: Annotated[str, Line("party_event.decided_by")] = Field(
        description="The court or congress that decided it."
    )
    reason: str | None = Field(default=None, max_length=2000)


class DissolutionPublic(BaseModel):
    """The liquidated party, the memberships ended and its deputies' mandates ended."""

    party: PartyPublic
    memberships_ended: int
    terminations: list[TerminationPublic]


class IntakeCreate(BaseModel):
    """Suspend or resume the intake of new members."""

    decided_on: date
    reason: str | None = Field(default=None, max_length=2000)
    until: date | None = None


class IntakePublic(BaseModel):
    """The party's intake decision."""

    party_id: int
    state: str
    reason: str | None
    decided_on: date
    until: date | None


class LedgerPublic(BaseModel):
    """The ledger verified: its length, head hash and the active members replayed."""

    events: int
    head_hash: str
    active_members: int


def party_public(p: registry.Party, members: int) -> PartyPublic:
    return PartyPublic(
        id=p.id,
        slug=p.slug,
        name=p.name,
        kind=p.kind.value,
        status=p.status.value,
        initiated_on=p.initiated_on,
        registered_on=p.registered_on,
        ended_on=p.ended_on,
        members=members,
    )


def _person(p: registry.Person) -> PersonPublic:
    return PersonPublic(
        id=p.id,
        national_id=p.national_id,
        family_name=p.family_name,
        given_name=p.given_name,
        birth_date=p.birth_date,
        citizenship=p.citizenship,
        region_code=p.region_code,
        barred_category=p.barred_category.value if p.barred_category else None,
    )


def _event(e: registry.MembershipEvent) -> MembershipEventPublic:
    return MembershipEventPublic(
        seq=e.seq,
        person_id=e.person_id,
        party_id=e.party_id,
        kind=e.kind.value,
        occurred_on=e.occurred_on,
        reason=e.reason,
        deciding_body=e.deciding_body,
        founder=e.founder,
        entered_by=e.entered_by,
        hash=e.hash,
    )


def _scoped(session: SessionDep, caller: Principal, slug: str) -> registry.Party:
    party = registry.get_party(session, slug)
    ensure_party_scope(caller, party.id)
    return party


@router.get("/parties", response_model=Page[PartyPublic])
def get_parties(session: SessionDep, page: PageParams) -> Page[PartyPublic]:
    """Every party and movement with its active members (public)."""
    found = registry.list_parties(session)
    chosen = found[page.offset : page.offset + page.limit]
    return Page[PartyPublic](data=[party_public(p, n) for p, n in chosen], count=len(found))


@router.get("/parties/{slug}", response_model=PartyPublic)
def get_party(slug: Slug, session: SessionDep) -> PartyPublic:
    """One party (public)."""
    counts = {p.slug: n for p, n in registry.list_parties(session)}
    return party_public(registry.get_party(session, slug), counts.get(slug, 0))


@router.post("/people", response_model=PersonPublic, status_code=201)
def post_person(body: PersonCreate, session: SessionDep, _r: Registrar) -> PersonPublic:
    """Register a person (party officers and the commission)."""
    return _person(
        registry.register_person(
            session,
            national_id=body.national_id,
            family_name=body.family_name,
            given_name=body.given_name,
            citizenship=body.citizenship,
            region_code=body.region_code,
            barred_category=body.barred_category,
        )
    )


@router.put("/people/{national_id}/barred-category", response_model=PersonPublic)
def put_barred_category(
    national_id: NationalId, body: BarredCategoryUpdate, session: SessionDep, _c: Commission
) -> PersonPublic:
    """Record that a person entered, or left, a category barred from party membership
    (commission). A current membership is not ended: that is a departure or an expulsion."""
    return _person(registry.set_barred_category(session, national_id, body.category))


@router.put("/people/{national_id}/region", response_model=PersonPublic)
def put_region(
    national_id: NationalId, body: RegionUpdate, session: SessionDep, caller: Registrar
) -> PersonPublic:
    """Record a person's new region; their party's counts per region follow (the commission,
    or an officer of the person's party; anyone's officer for a person in no party)."""
    _, membership, _slug = registry.active_membership(session, national_id)
    if membership is not None:
        ensure_party_scope(caller, membership.party_id)
    return _person(registry.move_person(session, national_id, body.region_code))


@router.get("/people/{national_id}/memberships", response_model=MembershipPublic)
def get_memberships(national_id: NationalId, session: SessionDep, _r: Reader) -> MembershipPublic:
    """A person's membership ledger (any token: personal data is not public)."""
    person, events = registry.history(session, national_id)
    return MembershipPublic(person=_person(person), events=[_event(e) for e in events])


@router.post(
    "/parties/{slug}/members",
    response_model=MembershipPublic,
    status_code=201,
    responses={409: {"model": ErrorEnvelope, "description": "Refused; the refusal is kept"}},
)
def post_member(
    request: Request, slug: Slug, body: JoinCreate, session: SessionDep, caller: Officer
) -> Response | MembershipPublic:
    """Admit a member (an officer of that party); a refusal is recorded in the ledger."""
    _scoped(session, caller, slug)
    outcome = registry.join(
        session,
        national_id=body.national_id,
        party=slug,
        on=body.on,
        entered_by=caller.actor,
        founder=body.founder,
    )
    if outcome.refusal is not None:
        request.state.audit_status = 409
        body_out = ErrorEnvelope(
            error=ErrorBody(code="application_refused", message=str(outcome.refusal))
        )
        return JSONResponse(body_out.model_dump(mode="json"), status_code=409)
    person, events = registry.history(session, body.national_id)
    return MembershipPublic(person=_person(person), events=[_event(e) for e in events])


@router.post(
    "/parties/{slug}/members/{national_id}/departure",
    response_model=MembershipEventPublic,
    status_code=201,
)
def post_departure(
    slug: Slug, national_id: NationalId, body: ExitCreate, session: SessionDep, caller: Officer
) -> MembershipEventPublic:
    """Record that a member left (an officer of that party)."""
    _scoped(session, caller, slug)
    return _event(
        registry.leave(
            session,
            national_id=national_id,
            on=body.on,
            entered_by=caller.actor,
            party=slug,
            reason=body.reason,
        )
    )


@router.post(
    "/parties/{slug}/members/{national_id}/expulsion",
    response_model=MembershipEventPublic,
    status_code=201,
)
def post_expulsion(
    slug: Slug, national_id: NationalId, body: ExitCreate, session: SessionDep, caller: Officer
) -> MembershipEventPublic:
    """Expel a member by a decision of a named body (an officer of that party)."""
    _scoped(session, caller, slug)
    return _event(
        registry.expel(
            session,
            national_id=national_id,
            on=body.on,
            reason=body.reason or "",
            deciding_body=body.deciding_body or "",
            entered_by=caller.actor,
            party=slug,
        )
    )


@router.post("/parties/{slug}/liquidation", response_model=DissolutionPublic, status_code=201)
def post_liquidation(
    slug: Slug, body: LiquidationCreate, session: SessionDep, caller: Commission
) -> DissolutionPublic:
    """Liquidate a party (commission): its memberships end, and so do its list deputies'
    mandates, whose seats stay empty."""
    done = parliament.dissolve_party(
        session,
        party=slug,
        on=body.on,
        decided_by=body.decided_by,
        entered_by=caller.actor,
        reason=body.reason,
    )
    return DissolutionPublic(
        party=party_public(done.party, 0),
        memberships_ended=done.memberships_ended,
        terminations=[termination_public(t) for t in done.terminations],
    )


def _intake(d: registry.IntakeDecision) -> IntakePublic:
    return IntakePublic(
        party_id=d.party_id, state=d.state, reason=d.reason, decided_on=d.decided_on, until=d.until
    )


@router.post("/parties/{slug}/intake/suspension", response_model=IntakePublic, status_code=201)
def post_suspension(
    slug: Slug, body: IntakeCreate, session: SessionDep, caller: Officer
) -> IntakePublic:
    """Suspend the intake of new members (an officer of that party)."""
    _scoped(session, caller, slug)
    return _intake(
        registry.suspend_intake(
            session,
            party=slug,
            reason=body.reason or "",
            decided_on=body.decided_on,
            entered_by=caller.actor,
            until=body.until,
        )
    )


@router.post("/parties/{slug}/intake/resumption", response_model=IntakePublic, status_code=201)
def post_resumption(
    slug: Slug, body: IntakeCreate, session: SessionDep, caller: Officer
) -> IntakePublic:
    """Reopen the intake (an officer of that party)."""
    _scoped(session, caller, slug)
    return _intake(
        registry.resume_intake(
            session,
            party=slug,
            decided_on=body.decided_on,
            entered_by=caller.actor,
            reason=body.reason,
        )
    )


@router.get("/ledger/verification", response_model=LedgerPublic)
def get_ledger(session: SessionDep, _r: Reader) -> LedgerPublic:
    """Verify the whole ledger's hash chain and replay (any token)."""
    report = registry.verify_ledger(session)
    return LedgerPublic(
        events=report.events, head_hash=report.head_hash, active_members=report.active_members
    )


class GrowthPublic(BaseModel):
    """One period of a party's membership."""

    start: date
    joins: int
    leaves: int
    expulsions: int
    dissolutions: int
    net: int
    members: int


class RegionMembers(BaseModel):
    """Active members in one region."""

    region: str | None
    members: int


@router.get("/parties/{slug}/stats/growth", response_model=list[GrowthPublic])
def get_growth(
    slug: Slug,
    session: SessionDep,
    period: Annotated[Literal["day", "week", "month"], Query()] = "month",
    start: Annotated[date | None, Query()] = None,
    end: Annotated[date | None, Query()] = None,
) -> list[GrowthPublic]:
    """Joins, exits and members per period: did the ranks grow, and when (public)."""
    return [
        GrowthPublic(
            start=g.start,
            joins=g.joins,
            leaves=g.leaves,
            expulsions=g.expulsions,
            dissolutions=g.dissolutions,
            net=g.net,
            members=g.members,
        )
        for g in stats.growth(session, party=slug, period=period, start=start, end=end)
    ]


@router.get("/parties/{slug}/stats/regions", response_model=list[RegionMembers])
def get_regions(
    slug: Slug, session: SessionDep, on: Annotated[date | None, Query()] = None
) -> list[RegionMembers]:
    """Active members per region, now or on a date (public)."""
    return [
        RegionMembers(region=code, members=n)
        for code, n in stats.members_by_region(session, party=slug, on=on)
    ]
