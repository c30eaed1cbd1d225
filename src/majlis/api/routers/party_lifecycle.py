"""A party's lifecycle: creation, congress, registration, a court's suspension, reorganisation.

These are the registering authority's decisions, so the commission (and the admin) makes
them; a party officer may not, not even for their own party. The registration check is
public, like the party and its counts per region it is computed from, and so is what it is
checked against: the editions of the party law and the regions. Liquidation, which also
ends the party's mandates, is in :mod:`majlis.api.routers.registry`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from majlis import registry
from majlis.api._text import Line
from majlis.api.deps import SessionDep
from majlis.api.routers.registry import Commission, PartyPublic, Slug, party_public
from majlis.registry import PartyKind, ReorganisationMode

router = APIRouter(tags=["registry"])

PartySlug = Annotated[str, Line("party.slug", pattern=r"^[A-Za-z0-9_.-]+$")]
PersonId = Annotated[str, Line("person.national_id", min_length=4)]


class PartyCreate(BaseModel):
    """An initiative group (or a movement) to record as an organization."""

    slug: PartySlug = Field(description="Lower-case letters, digits and '-', e.g. nur-alem.")
    name: Annotated[str, Line("party.name")]
    initiated_on: date
    kind: PartyKind = PartyKind.PARTY


class CongressCreate(BaseModel):
    """The founding congress and its founders, each a registered person in no party."""

    on: date
    founders: list[PersonId] = Field(min_length=1, max_length=50_000)


class RegistrationCreate(BaseModel):
    """A registration decided now, checked against the party law in force on ``on``."""

    on: date


class RecordedRegistrationCreate(BaseModel):
    """A registration decided in the past, as the official register gives it (no roll check)."""

    on: date
    authority: Annotated[str, Line("party_event.decided_by")] = Field(
        description="The registering body, e.g. the Ministry of Justice."
    )
    reference: str = Field(
        min_length=1, max_length=2000, description="The certificate number or register entry."
    )


class ShortfallPublic(BaseModel):
    """One unmet registration requirement."""

    requirement: str
    required: int
    actual: int


class RegistrationCheckPublic(BaseModel):
    """The party law in force on a day, checked against a party's roll and founders."""

    party: str
    on: date
    law: str
    citation: str
    passed: bool
    shortfalls: list[ShortfallPublic]


class CourtSuspensionCreate(BaseModel):
    """A court's suspension of a party's activity, from ``since`` (to ``until``)."""

    since: date
    until: date | None = None
    court: Annotated[str, Line("party_event.decided_by")] = Field(
        description="The court that suspended the party."
    )
    reason: str | None = Field(default=None, max_length=2000)


class SuspensionEndCreate(BaseModel):
    """The day a court's suspension ended."""

    on: date


class ReorganisationCreate(BaseModel):
    """A reorganisation into successor organizations, which must exist already."""

    on: date
    mode: ReorganisationMode = Field(
        description="merger (one successor, new or existing), split (two or more) or "
        "transformation (one successor of another form)."
    )
    successors: list[PartySlug] = Field(min_length=1, max_length=100)


class ReorganisationPublic(BaseModel):
    """The reorganised party, its memberships ended and its successors."""

    party: PartyPublic
    memberships_ended: int
    successors: list[PartyPublic]


class PartyLawPublic(BaseModel):
    """One edition of the party law: what a party needs to register, in force when."""

    id: str
    jurisdiction: str
    title: str
    citation: str
    effective_from: date
    effective_to: date | None
    min_members: int
    min_members_per_region: int
    min_founders: int
    founders_region_share: str | None = Field(description="A fraction such as '2/3', or null.")
    congress_window_months: int
    successor_wait_days: int
    min_member_age: int
    known_deviations: str


class RegionPublic(BaseModel):
    """A region or city of republican significance, in force from and to a date."""

    code: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None


@router.get("/party-laws", response_model=list[PartyLawPublic])
def get_party_laws() -> list[PartyLawPublic]:
    """Every shipped edition of the party law, oldest first (public)."""
    return [
        PartyLawPublic(
            id=law.id,
            jurisdiction=law.jurisdiction,
            title=law.title,
            citation=law.citation,
            effective_from=law.effective_from,
            effective_to=law.effective_to,
            min_members=law.min_members,
            min_members_per_region=law.min_members_per_region,
            min_founders=law.min_founders,
            founders_region_share=(
                str(law.founders_region_share) if law.founders_region_share else None
            ),
            congress_window_months=law.congress_window_months,
            successor_wait_days=law.successor_wait_days,
            min_member_age=law.min_member_age,
            known_deviations=law.known_deviations,
        )
        for law in registry.list_party_laws()
    ]


@router.get("/regions", response_model=list[RegionPublic])
def get_region_list(on: Annotated[date | None, Query()] = None) -> list[RegionPublic]:
    """The region codes a person's ``region_code`` takes; with ``on``, those in force then
    (public)."""
    found = registry.regions_on(on) if on is not None else registry.all_regions()
    return [
        RegionPublic(
            code=r.code, name=r.name, kind=r.kind, valid_from=r.valid_from, valid_to=r.valid_to
        )
        for r in found
    ]


def _members(session: SessionDep) -> dict[str, int]:
    return {p.slug: n for p, n in registry.list_parties(session)}


def _public(session: SessionDep, party: registry.Party) -> PartyPublic:
    return party_public(party, _members(session).get(party.slug, 0))


@router.post("/parties", response_model=PartyPublic, status_code=201)
def post_party(body: PartyCreate, session: SessionDep, caller: Commission) -> PartyPublic:
    """Record an initiative group, or a movement, as an organization (commission)."""
    party = registry.create_party(
        session,
        slug=body.slug,
        name=body.name,
        initiated_on=body.initiated_on,
        entered_by=caller.actor,
        kind=body.kind,
    )
    return party_public(party, 0)


@router.post("/parties/{slug}/congress", response_model=PartyPublic, status_code=201)
def post_congress(
    slug: Slug, body: CongressCreate, session: SessionDep, caller: Commission
) -> PartyPublic:
    """Record the founding congress and admit the founders (commission)."""
    party = registry.hold_founding_congress(
        session, party=slug, on=body.on, founders=body.founders, entered_by=caller.actor
    )
    return _public(session, party)


@router.post("/parties/{slug}/registration", response_model=PartyPublic, status_code=201)
def post_registration(
    slug: Slug, body: RegistrationCreate, session: SessionDep, caller: Commission
) -> PartyPublic:
    """Register a party if it meets the party law in force (commission); a refusal (409)
    lists every unmet requirement with its numbers."""
    party = registry.register_party(session, party=slug, on=body.on, entered_by=caller.actor)
    return _public(session, party)


@router.post("/parties/{slug}/recorded-registration", response_model=PartyPublic, status_code=201)
def post_recorded_registration(
    slug: Slug, body: RecordedRegistrationCreate, session: SessionDep, caller: Commission
) -> PartyPublic:
    """Record a past registration from the official register, without a roll check
    (commission)."""
    party = registry.record_registration(
        session,
        party=slug,
        on=body.on,
        authority=body.authority,
        reference=body.reference,
        entered_by=caller.actor,
    )
    return _public(session, party)


@router.get("/parties/{slug}/registration-check", response_model=RegistrationCheckPublic)
def get_registration_check(
    slug: Slug, session: SessionDep, on: Annotated[date | None, Query()] = None
) -> RegistrationCheckPublic:
    """The party law in force on ``on`` (default today) checked against the party (public)."""
    check = registry.check_party_registration(session, party=slug, on=on or date.today())
    return RegistrationCheckPublic(
        party=check.party,
        on=check.on,
        law=check.law.id,
        citation=check.law.citation,
        passed=check.passed,
        shortfalls=[
            ShortfallPublic(requirement=s.requirement, required=s.required, actual=s.actual)
            for s in check.shortfalls
        ],
    )


@router.post("/parties/{slug}/suspension", response_model=PartyPublic, status_code=201)
def post_court_suspension(
    slug: Slug, body: CourtSuspensionCreate, session: SessionDep, caller: Commission
) -> PartyPublic:
    """Record a court's suspension of the party's activity (commission)."""
    party = registry.suspend_party(
        session,
        party=slug,
        court=body.court,
        since=body.since,
        until=body.until,
        entered_by=caller.actor,
        reason=body.reason,
    )
    return _public(session, party)


@router.post("/parties/{slug}/suspension/end", response_model=PartyPublic, status_code=201)
def post_suspension_end(
    slug: Slug, body: SuspensionEndCreate, session: SessionDep, caller: Commission
) -> PartyPublic:
    """Record that the court's suspension ended: the party is registered again (commission)."""
    party = registry.end_suspension(session, party=slug, on=body.on, entered_by=caller.actor)
    return _public(session, party)


@router.post("/parties/{slug}/reorganisation", response_model=ReorganisationPublic, status_code=201)
def post_reorganisation(
    slug: Slug, body: ReorganisationCreate, session: SessionDep, caller: Commission
) -> ReorganisationPublic:
    """Reorganise a party into its successors (commission): its memberships end by
    dissolution; its list deputies' mandates end only by the commission's own decision
    (``POST /parliament/convocations/{slug}/dissolutions``)."""
    party, ended = registry.reorganise_party(
        session,
        party=slug,
        on=body.on,
        mode=body.mode.value,
        successors=body.successors,
        entered_by=caller.actor,
    )
    members = _members(session)
    successors = [registry.get_party(session, s) for s in body.successors]
    return ReorganisationPublic(
        party=party_public(party, 0),
        memberships_ended=ended,
        successors=[party_public(s, members.get(s.slug, 0)) for s in successors],
    )
