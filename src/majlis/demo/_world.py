"""Staging helpers: historical parties, synthetic members, nominated and registered lists.

Used by the demo and by tests that need a small, real world in the store (no mocks): people
go through :func:`majlis.registry.register_person` and :func:`majlis.registry.join`, party
registrations through :func:`majlis.registry.record_registration`, lists through
:mod:`majlis.elections`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.demo._people import SyntheticPerson, synthetic_people

__all__ = [
    "ENTERED_BY",
    "Member",
    "stage_election",
    "stage_members",
    "stage_party",
]

ENTERED_BY = "majlis demo"

#: A staged member: the synthetic person and the stored person id.
Member = tuple[SyntheticPerson, int]


#: Who registered the demo's parties, and where the registration is on record.
REGISTERING_AUTHORITY = "Ministry of Justice of the Republic of Kazakhstan"
REGISTER_REFERENCE = "official register of political parties"


def stage_party(session: Session, *, slug: str, name: str, registered_on: date | None) -> None:
    """Create a party registered on ``registered_on``, or a movement if that is ``None``."""
    registry.create_party(
        session,
        slug=slug,
        name=name,
        initiated_on=(registered_on or date(2001, 11, 18)) - timedelta(days=90),
        entered_by=ENTERED_BY,
        kind=registry.PartyKind.PARTY if registered_on else registry.PartyKind.MOVEMENT,
    )
    if registered_on is not None:
        # Registered long ago, under laws and with rolls the registry does not hold: the
        # registration is recorded from the official register, not decided again.
        registry.record_registration(
            session,
            party=slug,
            on=registered_on,
            authority=REGISTERING_AUTHORITY,
            reference=REGISTER_REFERENCE,
            entered_by=ENTERED_BY,
        )


def stage_members(
    session: Session,
    *,
    people: Sequence[SyntheticPerson] | None = None,
    count: int = 0,
    seed: int = 0,
    party: str | None = None,
    joined_on: date | None = None,
) -> list[Member]:
    """Register people (given, or ``count`` synthetic ones) and admit them to ``party``."""
    if people is None:
        regions = tuple(r.code for r in registry.regions_on(joined_on or date(2021, 1, 1)))
        people = synthetic_people(count, seed=seed, regions=regions)
    for p in people:
        registry.register_person(
            session,
            national_id=p.iin,
            family_name=p.family_name,
            given_name=p.given_name,
            region_code=p.region_code,
        )
    if party is not None:
        for p in people:
            registry.join(
                session,
                national_id=p.iin,
                party=party,
                on=joined_on or date(2000, 1, 1),
                entered_by=ENTERED_BY,
            ).raise_for_refusal()
    ids = registry.person_ids(session, [p.iin for p in people])
    return list(zip(people, ids, strict=True))


def stage_election(
    session: Session,
    *,
    slug: str,
    calendar: elections.ElectionCalendar,
    lists: Sequence[tuple[str, str, int]],
    seed: int = 0,
    registered_on: date = date(2002, 1, 1),
) -> dict[str, list[Member]]:
    """Stage an election with registered parties, each with a registered list of members.

    Args:
        slug: the election's slug.
        calendar: its calendar (the ruleset is the one in force on polling day).
        lists: (party slug, party name, number of candidates) in registration order.
        seed: seed of the synthetic people.
        registered_on: when the parties were registered.

    Returns:
        The candidates of each party in rank order.
    """
    elections.create_election(session, slug=slug, name=slug, calendar=calendar)
    joined = calendar.called_on - timedelta(days=30)
    staged: dict[str, list[Member]] = {}
    known = {p.slug for p, _ in registry.list_parties(session)}
    for k, (party, name, size) in enumerate(lists):
        if party not in known:
            stage_party(session, slug=party, name=name, registered_on=registered_on)
        staged[party] = stage_members(
            session, count=size, seed=seed * 1000 + k, party=party, joined_on=joined
        )
        elections.nominate_list(
            session,
            election=slug,
            party=party,
            candidates=[pid for _, pid in staged[party]],
            on=calendar.nomination_deadline,
        )
    for party, _, _ in lists:
        elections.register_list(
            session, election=slug, party=party, on=calendar.registration_deadline
        )
    elections.draw_ballot(session, election=slug, seed=seed, on=calendar.registration_deadline)
    return staged
