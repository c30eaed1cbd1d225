"""Parties: lifecycle, registration against the law in force, nomination, on both databases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from majlis import registry
from majlis.errors import IneligibleError, InputError, RuleViolation
from majlis.registry import (
    PartyKind,
    PartyLaw,
    PartyStatus,
    check_registration,
    get_party_law,
    stats,
)


def test_registration_refusal_lists_every_unmet_requirement(session: Session) -> None:
    """A party with three founders in one region fails 2022's law on all 23 counts, with numbers."""
    founders = []
    for n, iin in enumerate(["000101500001", "951231400300", "000229600004"]):
        registry.register_person(
            session, national_id=iin, family_name="F", given_name=str(n), region_code="KZ-71"
        )
        founders.append(iin)
    registry.create_party(
        session, slug="new", name="New", initiated_on=date(2023, 1, 10), entered_by="t"
    )
    registry.hold_founding_congress(
        session, party="new", on=date(2023, 3, 1), founders=founders, entered_by="t"
    )
    with pytest.raises(RuleViolation) as caught:
        registry.register_party(session, party="new", on=date(2023, 4, 1), entered_by="t")
    message = str(caught.value)
    assert "kz-party-law-2022" in message
    assert "23 requirement(s) unmet" in message
    assert "members in total: required 5,000, has 3" in message
    assert "members in Astana (KZ-71): required 200, has 3" in message
    assert "members in Ulytau Region (KZ-62): required 200, has 0" in message
    assert "founders (initiative group): required 700, has 3" in message
    assert "regions represented among founders (2/3 of 20): required 14, has 1" in message


def test_law_in_force_decides_the_numbers() -> None:
    """17 regions × 1,200 members pass the 2021 law; the same roll in 2023 lacks 3 new regions."""
    roll_2021 = {r.code: 1200 for r in registry.regions_on(date(2021, 6, 1))}
    founders = {r.code: 60 for r in registry.regions_on(date(2021, 6, 1))}
    law_2021 = registry.party_law_on(date(2021, 6, 1))
    assert law_2021.min_members == 20_000
    assert (
        check_registration(
            law_2021, on=date(2021, 6, 1), members_by_region=roll_2021, founders_by_region=founders
        )
        == ()
    )
    law_2023 = registry.party_law_on(date(2023, 6, 1))
    shortfalls = check_registration(
        law_2023, on=date(2023, 6, 1), members_by_region=roll_2021, founders_by_region=founders
    )
    assert sorted(s.requirement for s in shortfalls) == [
        "members in Abai Region (KZ-10)",
        "members in Jetisu Region (KZ-33)",
        "members in Ulytau Region (KZ-62)",
    ]
    assert law_2023.min_members == 5_000
    assert law_2023.min_founders == 700


def test_founders_must_cover_two_thirds_of_regions() -> None:
    """700 founders from 13 of 20 regions fail; from 14 they pass (⌈2/3·20⌉ = 14)."""
    law = get_party_law("kz-party-law-2022")
    on = date(2023, 6, 1)
    members = {r.code: 300 for r in registry.regions_on(on)}
    codes = [r.code for r in registry.regions_on(on)]
    thirteen = dict.fromkeys(codes[:13], 60)
    fourteen = dict.fromkeys(codes[:14], 60)
    assert [
        s.required
        for s in check_registration(
            law, on=on, members_by_region=members, founders_by_region=thirteen
        )
    ] == [14]
    assert (
        check_registration(law, on=on, members_by_region=members, founders_by_region=fourteen) == ()
    )


def test_lifecycle_order_is_enforced(session: Session) -> None:
    """An initiative group cannot register before its founding congress."""
    registry.create_party(
        session, slug="early", name="Early", initiated_on=date(2023, 1, 1), entered_by="t"
    )
    with pytest.raises(RuleViolation, match="initiative_group; it cannot become registered"):
        registry.register_party(session, party="early", on=date(2023, 2, 1), entered_by="t")


def test_nomination_follows_registration_suspension_and_liquidation(world: Any) -> None:
    """A registered party nominates; not while a court suspension runs, nor after liquidation."""
    session = world.session
    assert registry.nomination_refusal(session, party="amanat", on=date(2023, 1, 10)) is None
    assert registry.nomination_refusal(session, party="amanat", on=date(2022, 10, 15)) is not None
    registry.suspend_party(
        session,
        party="amanat",
        court="Astana city court",
        since=date(2023, 2, 1),
        until=date(2023, 5, 1),
        entered_by="t",
    )
    with pytest.raises(IneligibleError, match="suspended by a court from 2023-02-01 to 2023-05-01"):
        registry.ensure_can_nominate(session, party="amanat", on=date(2023, 3, 1))
    assert registry.nomination_refusal(session, party="amanat", on=date(2023, 5, 2)) is None
    registry.end_suspension(session, party="amanat", on=date(2023, 5, 2), entered_by="t")
    party, ended = registry.liquidate_party(
        session, party="amanat", on=date(2024, 1, 1), decided_by="Supreme Court", entered_by="t"
    )
    assert party.status == PartyStatus.LIQUIDATED
    assert ended == 1
    assert registry.nomination_refusal(session, party="amanat", on=date(2023, 12, 31)) is None
    with pytest.raises(IneligibleError, match="liquidated on 2024-01-01"):
        registry.ensure_can_nominate(session, party="amanat", on=date(2024, 2, 1))


def test_movement_cannot_nominate_or_register(session: Session) -> None:
    """An unregistered movement exists as an organization but cannot nominate or register."""
    registry.create_party(
        session,
        slug="oyan",
        name="Oyan, Qazaqstan",
        kind=PartyKind.MOVEMENT,
        initiated_on=date(2019, 6, 1),
        entered_by="t",
    )
    with pytest.raises(IneligibleError, match="unregistered movement"):
        registry.ensure_can_nominate(session, party="oyan", on=date(2021, 1, 10))


def test_successor_registers_no_earlier_than_reorganisation(world: Any, tiny: PartyLaw) -> None:
    """After a merger the successor may not register before the predecessor was reorganised."""
    session = world.session
    registry.create_party(
        session, slug="united", name="United", initiated_on=date(2023, 1, 1), entered_by="t"
    )
    _, ended = registry.reorganise_party(
        session,
        party="ak-zhol",
        on=date(2023, 6, 1),
        mode="merger",
        successors=["united"],
        entered_by="t",
    )
    assert ended == 1
    registry.hold_founding_congress(
        session, party="united", on=date(2023, 3, 1), founders=[world.people[0]], entered_by="t"
    )
    with pytest.raises(RuleViolation, match="no earlier than 2023-06-01, not on 2023-05-01"):
        registry.register_party(
            session, party="united", on=date(2023, 5, 1), entered_by="t", law=tiny
        )
    session.rollback()


def test_successor_registers_on_reorganisation_day(world: Any, tiny: PartyLaw) -> None:
    """A successor registers on the day of the merger, and the predecessor admits nobody after."""
    session = world.session
    registry.create_party(
        session, slug="united", name="United", initiated_on=date(2023, 4, 1), entered_by="t"
    )
    registry.reorganise_party(
        session,
        party="ak-zhol",
        on=date(2023, 6, 1),
        mode="merger",
        successors=["united"],
        entered_by="t",
    )
    registry.hold_founding_congress(
        session, party="united", on=date(2023, 5, 1), founders=[world.people[0]], entered_by="t"
    )
    party = registry.register_party(
        session, party="united", on=date(2023, 6, 1), entered_by="t", law=tiny
    )
    assert party.status == PartyStatus.REGISTERED
    assert party.predecessor_id is not None
    outcome = registry.join(
        session, national_id=world.people[1], party="ak-zhol", on=date(2023, 7, 1), entered_by="t"
    )
    assert outcome.refusal is not None
    assert "reorganised on 2023-06-01" in str(outcome.refusal)


@pytest.mark.parametrize(
    ("mode", "successors", "message"),
    [
        ("fusion", ["respublica"], "must be one of merger, split, transformation"),
        ("merger", ["respublica", "amanat"], "a merger has exactly 1 successor; got 2"),
        ("transformation", [], "a transformation has exactly 1 successor; got 0"),
        ("split", ["respublica"], "a split has at least 2 successors; got 1"),
        ("split", ["respublica", "respublica"], "each named once"),
        ("merger", ["ak-zhol"], "must be other parties"),
    ],
)
def test_reorganisation_checks_its_mode_and_successors(
    world: Any, mode: str, successors: list[str], message: str
) -> None:
    """Each mode takes its number of distinct successors, never the party itself."""
    with pytest.raises(InputError, match=message):
        registry.reorganise_party(
            world.session,
            party="ak-zhol",
            on=date(2023, 6, 1),
            mode=mode,
            successors=successors,
            entered_by="t",
        )
    assert registry.get_party(world.session, "ak-zhol").status == PartyStatus.REGISTERED


def test_a_party_that_ended_cannot_succeed(world: Any) -> None:
    """A liquidated party is refused as a successor; nothing of the reorganisation is kept."""
    s = world.session
    registry.liquidate_party(
        s, party="respublica", on=date(2023, 5, 1), decided_by="court", entered_by="t"
    )
    with pytest.raises(RuleViolation, match="'respublica' is liquidated; it cannot succeed"):
        registry.reorganise_party(
            s,
            party="ak-zhol",
            on=date(2023, 6, 1),
            mode="merger",
            successors=["respublica"],
            entered_by="t",
        )


def test_transformation_ends_the_roll_and_the_ledger_verifies(world: Any) -> None:
    """A transformation ends every membership by dissolution; the replay agrees."""
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2023, 2, 1), entered_by="t"
    )
    registry.create_party(
        s,
        slug="ak-zhol-movement",
        name="Ak Zhol movement",
        initiated_on=date(2023, 5, 1),
        entered_by="t",
        kind=PartyKind.MOVEMENT,
    )
    party, ended = registry.reorganise_party(
        s,
        party="ak-zhol",
        on=date(2023, 6, 1),
        mode="transformation",
        successors=["ak-zhol-movement"],
        entered_by="t",
    )
    s.commit()
    assert (party.status, party.ended_on, ended) == (
        PartyStatus.REORGANISED,
        date(2023, 6, 1),
        2,
    )
    assert registry.get_party(s, "ak-zhol-movement").predecessor_id == party.id
    assert stats.members_by_region(s, party="ak-zhol") == []
    assert registry.verify_ledger(s).active_members == 2  # the other two founders


def test_a_suspension_cannot_end_before_it_began(world: Any) -> None:
    """The end of a court's suspension is refused before its start, and accepted on that day."""
    s = world.session
    registry.suspend_party(
        s, party="amanat", court="court", since=date(2023, 2, 1), until=None, entered_by="t"
    )
    with pytest.raises(InputError, match="on or after its start, 2023-02-01"):
        registry.end_suspension(s, party="amanat", on=date(2023, 1, 31), entered_by="t")
    party = registry.end_suspension(s, party="amanat", on=date(2023, 2, 1), entered_by="t")
    assert party.status == PartyStatus.REGISTERED
    with pytest.raises(RuleViolation, match="it cannot become registered"):
        registry.end_suspension(s, party="amanat", on=date(2023, 3, 1), entered_by="t")
