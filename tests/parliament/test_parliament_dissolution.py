"""A party's dissolution ends its deputies' mandates; a by-election fills an appointed seat.

Both databases; every refusal names what is wrong and changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from majlis import parliament, registry
from majlis.demo import Member, stage_members
from majlis.errors import ConflictError, NotFoundError, RuleViolation
from majlis.parliament import SeatKind, TerminationReason

LIQUIDATED = date(2021, 7, 1)


@pytest.fixture
def chamber(session: Session, small_chamber: Any) -> dict[str, list[Member]]:
    """Party A holds two list seats, Party B one, the Assembly nine (convocation ``c``)."""
    staged: dict[str, list[Member]] = small_chamber(session)
    return staged


def test_liquidation_ends_the_party_s_list_mandates(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """Liquidating Party A ends its four memberships and both its deputies' mandates."""
    done = parliament.dissolve_party(
        session, party="party-a", on=LIQUIDATED, decided_by="Supreme Court", entered_by="test"
    )
    assert done.party.status is registry.PartyStatus.LIQUIDATED
    assert done.memberships_ended == len(chamber["party-a"])
    ended = sorted(t.ended.person_id for t in done.terminations)
    assert ended == sorted([chamber["party-a"][0][1], chamber["party-a"][2][1]])
    assert all(t.ended.end_reason is TerminationReason.PARTY_DISSOLVED for t in done.terminations)
    assert all(t.ended.end == LIQUIDATED for t in done.terminations)
    assert all(t.successor is None and t.vacancy for t in done.terminations)
    comp = parliament.composition(session, on=LIQUIDATED, convocation="c")
    assert comp.by_group == {parliament.ASSEMBLY: 9, "Party B": 1}
    assert comp.vacant_by_group["Party A"] == 2
    before = parliament.composition(session, on=date(2021, 6, 30), convocation="c")
    assert before.by_group["Party A"] == 2


def test_liquidation_without_deputies_ends_memberships_only(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """A party with no seat in any convocation is liquidated; no mandate is touched."""
    registry.create_party(
        session, slug="party-z", name="Party Z", initiated_on=date(2020, 1, 1), entered_by="t"
    )
    done = parliament.dissolve_party(
        session, party="party-z", on=LIQUIDATED, decided_by="court", entered_by="test"
    )
    assert (done.memberships_ended, done.terminations) == (0, ())
    assert len(parliament.mandates(session, convocation="c", on=LIQUIDATED)) == 12


def test_liquidating_twice_is_refused(session: Session, chamber: object) -> None:
    """A liquidated party cannot be liquidated again: the lifecycle refuses it."""
    parliament.dissolve_party(
        session, party="party-b", on=LIQUIDATED, decided_by="court", entered_by="test"
    )
    with pytest.raises(RuleViolation, match="liquidated"):
        parliament.dissolve_party(
            session, party="party-b", on=date(2021, 8, 1), decided_by="court", entered_by="test"
        )


def test_unknown_party_is_named(session: Session, chamber: object) -> None:
    """An unknown slug is refused with the known ones listed."""
    with pytest.raises(NotFoundError, match="no party 'party-x'; known parties: party-a, party-b"):
        parliament.dissolve_party(
            session, party="party-x", on=LIQUIDATED, decided_by="court", entered_by="test"
        )


def test_reorganised_party_s_mandates_end_by_the_commission_s_decision(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """A merger keeps the mandates until the commission ends them, in every convocation."""
    with pytest.raises(RuleViolation, match="still registered"):
        parliament.dissolve_party_mandates(session, party="party-a", on=LIQUIDATED)
    registry.reorganise_party(
        session,
        party="party-a",
        on=LIQUIDATED,
        mode="merger",
        successors=["party-b"],
        entered_by="test",
    )
    held = parliament.composition(session, on=LIQUIDATED, convocation="c")
    assert held.by_group["Party A"] == 2
    outcomes = parliament.dissolve_party_mandates(session, party="party-a", on=date(2021, 7, 10))
    assert len(outcomes) == 2
    after = parliament.composition(session, on=date(2021, 7, 10), convocation="c")
    assert after.vacant_by_group["Party A"] == 2
    assert parliament.dissolve_party_mandates(session, party="party-a", on=date(2021, 7, 11)) == ()


def _appointed_post(session: Session, *, vacate: bool = True) -> parliament.MandateView:
    """An Assembly member's mandate; with ``vacate``, the member died on 1 April 2021."""
    held = parliament.mandates(session, convocation="c", on=date(2021, 1, 15))
    member = next(m for m in held if m.kind is SeatKind.APPOINTED)
    if vacate:
        parliament.terminate_mandate(
            session,
            convocation="c",
            person=member.person_id,
            reason=TerminationReason.DIED,
            on=date(2021, 4, 1),
        )
    return member


def test_by_election_fills_the_vacant_appointed_post(session: Session, chamber: object) -> None:
    """An Assembly member dies; the Assembly's by-election seats a successor on that post."""
    member = _appointed_post(session)
    vacant = parliament.composition(session, on=date(2021, 4, 2), convocation="c")
    assert vacant.by_group[parliament.ASSEMBLY] == 8
    newcomer = stage_members(session, count=1, seed=31337)[0][1]
    seated = parliament.fill_by_election(
        session,
        convocation="c",
        post=member.post,
        person=newcomer,
        on=date(2021, 5, 1),
        decided_by=parliament.ASSEMBLY,
    )
    assert (seated.post, seated.person_id, seated.start) == (
        member.post,
        newcomer,
        date(2021, 5, 1),
    )
    assert seated.predecessor_id == member.id
    kinds = [e.kind for e in parliament.chamber_history(session, convocation="c")]
    assert kinds[-1] == "by-election"
    filled = parliament.composition(session, on=date(2021, 5, 1), convocation="c")
    assert filled.by_group[parliament.ASSEMBLY] == 9


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("list-post", RuleViolation, "party-list seat"),
        ("held", ConflictError, "is held on 2021-05-01 or later"),
        ("no-post", NotFoundError, "C has no post 999"),
        ("no-person", NotFoundError, "No person with id 987654"),
        ("before-term", RuleViolation, "outside the term of C"),
        ("sitting-deputy", ConflictError, "already holds a mandate in C"),
    ],
)
def test_by_election_refusals(
    session: Session,
    chamber: dict[str, list[Member]],
    case: str,
    error: type[Exception],
    message: str,
) -> None:
    """Each refused by-election names why, and seats nobody."""
    member = _appointed_post(session, vacate=case != "held")
    newcomer = stage_members(session, count=1, seed=31337)[0][1]
    post, person, on = member.post, newcomer, date(2021, 5, 1)
    if case == "list-post":
        post = 1
    elif case == "no-post":
        post = 999
    elif case == "no-person":
        person = 987654
    elif case == "before-term":
        on = date(2020, 12, 1)
    elif case == "sitting-deputy":
        person = chamber["party-b"][0][1]
    before = parliament.mandates(session, convocation="c")
    with pytest.raises(error, match=message):
        parliament.fill_by_election(
            session, convocation="c", post=post, person=person, on=on, decided_by="Assembly"
        )
    assert parliament.mandates(session, convocation="c") == before
