"""The campaign of the demo: people, parties, lists, withdrawals, a boycott, a refusal, the ballot.

Parties and people go through :mod:`majlis.registry`; the campaign through
:mod:`majlis.elections`. The five parties were registered long before the registry's party
laws begin (2009), so their registration is recorded from the official register with
:func:`majlis.registry.record_registration` instead of being re-checked against a roll of
tens of thousands of members.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.demo._facts import CALENDAR, ELECTION_SLUG, PARTIES
from majlis.demo._people import SyntheticPerson, synthetic_people
from majlis.demo._steps import step_text
from majlis.demo._world import stage_members, stage_party
from majlis.errors import MajlisError

__all__ = ["Campaign", "stage_campaign"]

_JOINED = date(2020, 9, 1)
_CONGRESS = {  # the nominating congresses (uncertain days; see _facts)
    "nur-otan": date(2020, 11, 11),
    "ak-zhol": date(2020, 11, 14),
    "peoples-party": date(2020, 11, 13),
    "auyl": date(2020, 11, 12),
    "adal": date(2020, 11, 10),
}
ASSEMBLY_MEMBERS = 9


@dataclass(frozen=True, slots=True)
class Campaign:
    """What the campaign staged: who stands for whom, the appointed members, what was refused."""

    candidates: dict[str, list[SyntheticPerson]]
    assembly: list[SyntheticPerson]
    refusals: list[str]
    withdrawn: list[str]


def stage_campaign(
    session: Session, *, seed: int, step: Callable[[str], None] | None = None
) -> Campaign:
    """Stage the 2021 campaign in the registry and the elections area (the caller commits)."""
    say = step or (lambda _text: None)
    regions = tuple(r.code for r in registry.regions_on(CALENDAR.polling_day))
    needed = sum(f.list_length for f in PARTIES) + ASSEMBLY_MEMBERS + 4
    people = synthetic_people(needed, seed=seed, regions=regions)
    say(step_text("demo.parties"))
    for fact in PARTIES:
        stage_party(session, slug=fact.slug, name=fact.name, registered_on=fact.registered_on)
    say(step_text("demo.people", num=len(people)))
    pool = iter(people)
    candidates: dict[str, list[SyntheticPerson]] = {}
    for fact in PARTIES:
        if fact.list_length:
            candidates[fact.slug] = [next(pool) for _ in range(fact.list_length)]
            stage_members(session, people=candidates[fact.slug], party=fact.slug, joined_on=_JOINED)
    assembly = [next(pool) for _ in range(ASSEMBLY_MEMBERS)]
    movement_people = [next(pool) for _ in range(4)]
    stage_members(session, people=assembly + movement_people)

    say(step_text("demo.election"))
    elections.create_election(
        session,
        slug=ELECTION_SLUG,
        name="Election of the Majlis of the Republic of Kazakhstan, 10 January 2021",
        calendar=CALENDAR,
    )
    refusals: list[str] = []
    ids = {p.iin: pid for p, pid in _ids(session, people)}
    for slug, members in candidates.items():
        elections.nominate_list(
            session,
            election=ELECTION_SLUG,
            party=slug,
            candidates=[ids[p.iin] for p in members],
            on=_CONGRESS[slug],
        )
    try:
        elections.nominate_list(
            session,
            election=ELECTION_SLUG,
            party="dvk",
            candidates=[ids[p.iin] for p in movement_people],
            on=date(2020, 11, 15),
        )
    except MajlisError as refused:
        refusals.append(str(refused))
        elections.record_refusal(
            session, election=ELECTION_SLUG, party="dvk", on=date(2020, 11, 15), reason=str(refused)
        )
    elections.declare_boycott(
        session,
        election=ELECTION_SLUG,
        party="osdp",
        on=date(2020, 11, 18),
        statement="the party declared it would not take part and nominated no list",
    )
    withdrawn = _withdrawals(session, candidates, ids)
    for slug in candidates:
        elections.register_list(session, election=ELECTION_SLUG, party=slug, on=date(2020, 12, 2))
    elections.draw_ballot(session, election=ELECTION_SLUG, seed=seed, on=date(2020, 12, 11))
    return Campaign(candidates, assembly, refusals, withdrawn)


def _ids(session: Session, people: list[SyntheticPerson]) -> list[tuple[SyntheticPerson, int]]:
    found = registry.person_ids(session, [p.iin for p in people])
    return list(zip(people, found, strict=True))


def _withdrawals(
    session: Session, candidates: dict[str, list[SyntheticPerson]], ids: dict[str, int]
) -> list[str]:
    """A candidate of Ak Zhol withdraws in writing; Nur Otan revokes one of its candidates."""
    one = candidates["ak-zhol"][5]
    elections.withdraw_candidate(
        session,
        election=ELECTION_SLUG,
        party="ak-zhol",
        person=ids[one.iin],
        on=date(2020, 11, 25),
        statement="written statement of withdrawal (synthetic)",
    )
    two = candidates["nur-otan"][40]
    elections.revoke_candidate(
        session,
        election=ELECTION_SLUG,
        party="nur-otan",
        person=ids[two.iin],
        on=date(2020, 11, 27),
        decision="decision of the party's political council (synthetic)",
    )
    return [
        f"{one.family_name} {one.given_name} (Ak Zhol no. 6) withdrew",
        f"{two.family_name} {two.given_name} (Nur Otan no. 41) revoked by the party",
    ]
