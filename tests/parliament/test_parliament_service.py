"""Parliament services on both databases: seating, golden compositions, vacancies, history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy.orm import Session

from majlis import elections, parliament, registry
from majlis.demo import Member, stage_election, stage_members
from majlis.errors import IneligibleError, RuleViolation
from majlis.parliament import SeatKind, TerminationReason

CAL_2021 = elections.ElectionCalendar(
    called_on=date(2020, 10, 20),
    nomination_deadline=date(2020, 11, 20),
    registration_deadline=date(2020, 12, 10),
    candidate_withdrawal_deadline=date(2020, 12, 30),
    list_withdrawal_deadline=date(2020, 12, 30),
    polling_day=date(2021, 1, 10),
)
# The snap election of 20 March 2016, called on 20 January 2016 (dates after the call are
# illustrative: the test needs only their order).
CAL_2016 = elections.ElectionCalendar(
    called_on=date(2016, 1, 20),
    nomination_deadline=date(2016, 2, 9),
    registration_deadline=date(2016, 2, 19),
    candidate_withdrawal_deadline=date(2016, 3, 10),
    list_withdrawal_deadline=date(2016, 3, 10),
    polling_day=date(2016, 3, 20),
)
ASSEMBLY = "Assembly of the People of Kazakhstan"


def _first(session: Session, election: str, seats: dict[str, int]) -> dict[str, list[int]]:
    """Designations: each party takes its standing candidates in list order."""
    out = {}
    for slug, won in seats.items():
        if won:
            plist = elections.get_list(session, election=election, party=slug)
            out[slug] = [c.person_id for c in plist.candidates][:won]
    return out


def _golden(
    session: Session,
    *,
    slug: str,
    calendar: elections.ElectionCalendar,
    votes: list[tuple[str, str, int, int]],
    opened: date,
) -> parliament.Composition:
    stage_election(
        session, slug=slug, calendar=calendar, lists=[(s, n, size) for s, n, _, size in votes]
    )
    conv = f"{slug}-conv"
    parliament.open_convocation(session, slug=conv, name=conv, election=slug, opened_on=opened)
    counted = {s: v for s, _, v, _ in votes}
    seats = parliament.allocate_votes(session, election=slug, votes=counted)
    parliament.seat_elected(
        session,
        convocation=conv,
        seats=seats,
        on=opened,
        designations=_first(session, slug, seats.by_party()),
    )
    nine = stage_members(session, count=9, seed=4242)
    parliament.seat_appointed(
        session, convocation=conv, persons=[p for _, p in nine], on=opened, decided_by=ASSEMBLY
    )
    return parliament.composition(session, on=opened, convocation=conv)


def test_golden_composition_after_2016(session: Session) -> None:
    """CEC, 22 March 2016: Nur Otan 84, Ak Zhol 7, Communist People's Party 7, Assembly 9."""
    comp = _golden(
        session,
        slug="kz-2016",
        calendar=CAL_2016,
        votes=[  # official votes (CEC via Kazinform, 22 March 2016); list sizes are synthetic
            ("nur-otan", "Nur Otan", 6_183_757, 85),
            ("ak-zhol", "Ak Zhol", 540_406, 8),
            ("auyl", "Auyl", 151_285, 1),
            ("cppk", "Communist People's Party of Kazakhstan", 537_123, 8),
            ("osdp", "OSDP", 88_813, 1),
            ("birlik", "Birlik", 21_484, 1),
        ],
        opened=date(2016, 3, 25),
    )
    assert comp.by_group == {
        "Nur Otan": 84,
        ASSEMBLY: 9,
        "Ak Zhol": 7,
        "Communist People's Party of Kazakhstan": 7,
    }
    assert comp.by_kind == {SeatKind.PARTY_LIST: 98, SeatKind.APPOINTED: 9}
    assert comp.vacant == 0


def test_golden_composition_after_2021(session: Session) -> None:
    """CEC, 15 January 2021: Nur Otan 76, Ak Zhol 12, People's Party 10, plus the Assembly's 9."""
    comp = _golden(
        session,
        slug="kz-2021",
        calendar=CAL_2021,
        votes=[
            ("nur-otan", "Nur Otan", 5_148_074, 77),
            ("ak-zhol", "Ak Zhol", 792_828, 12),
            ("peoples-party", "People's Party of Kazakhstan", 659_019, 10),
            ("auyl", "Auyl", 383_023, 1),
            ("adal", "Adal", 258_618, 1),
        ],
        opened=date(2021, 1, 15),
    )
    assert comp.by_group == {
        "Nur Otan": 76,
        "Ak Zhol": 12,
        "People's Party of Kazakhstan": 10,
        ASSEMBLY: 9,
    }
    assert comp.total_posts == 107


OPENED = date(2021, 1, 15)


@pytest.fixture
def chamber(session: Session, small_chamber: Any) -> dict[str, list[Member]]:
    """A chamber with two seats for party A (list of 4) and one for party B (list of 1)."""
    staged: dict[str, list[Member]] = small_chamber(session)
    return staged


def test_designation_outside_the_list_refused(session: Session, chamber: object) -> None:
    """A party cannot designate a deputy who is not a standing candidate of its list."""
    stage_election(session, slug="e2", calendar=CAL_2016, lists=[("party-c", "Party C", 2)], seed=3)
    parliament.open_convocation(session, slug="c2", name="C2", election="e2", opened_on=OPENED)
    outsider = stage_members(session, count=1, seed=55)
    with pytest.raises(IneligibleError, match="not a standing candidate"):
        parliament.seat_lists(
            session,
            convocation="c2",
            seats={"party-c": 1},
            on=OPENED,
            designations={"party-c": [outsider[0][1]]},
        )


def test_expulsion_chain_fills_the_seat_from_the_list(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """Expulsion → the party's notice → termination → the next member on the list, all linked."""
    a = chamber["party-a"]
    registry.leave(session, national_id=a[1][0].iin, on=date(2021, 3, 1), entered_by="test")
    event = registry.expel(
        session,
        national_id=a[0][0].iin,
        on=date(2021, 6, 1),
        reason="charter",
        deciding_body="bureau",
        entered_by="test",
    )
    outcome = parliament.terminate_on_membership_event(
        session,
        convocation="c",
        ledger_seq=event.seq,
        notice_on=date(2021, 6, 3),
        decided_on=date(2021, 6, 9),
    )
    assert outcome.ended.end_reason is TerminationReason.EXPELLED
    assert outcome.ended.ledger_seq == event.seq
    assert outcome.successor is not None
    assert outcome.successor.person_id == a[3][1]  # no. 2 left the party, no. 3 already sits
    assert outcome.successor.predecessor_id == outcome.ended.id
    history = parliament.chamber_history(session, convocation="c")
    chain = [(e.kind, e.ledger_seq) for e in history if e.occurred_on >= date(2021, 6, 1)]
    assert chain == [
        ("party-notice", event.seq),
        ("terminated", event.seq),
        ("succeeded", None),
    ]
    before = parliament.composition(session, on=date(2021, 6, 8), convocation="c")
    after = parliament.composition(session, on=date(2021, 6, 9), convocation="c")
    assert before.by_group == after.by_group == {ASSEMBLY: 9, "Party A": 2, "Party B": 1}


def test_exhausted_list_leaves_the_seat_empty(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """Party B's only candidate resigns: the list is exhausted, the seat stays empty."""
    outcome = parliament.terminate_mandate(
        session,
        convocation="c",
        person=chamber["party-b"][0][1],
        reason=TerminationReason.RESIGNED,
        on=date(2021, 5, 1),
    )
    assert outcome.successor is None
    assert outcome.vacancy is not None
    assert "exhausted" in outcome.vacancy
    comp = parliament.composition(session, on=date(2021, 5, 1), convocation="c")
    assert comp.vacant_by_group["Party B"] == 1
    assert "Party B" not in comp.by_group


def test_dissolution_ends_all_list_mandates(
    session: Session, chamber: dict[str, list[Member]]
) -> None:
    """A liquidated party's deputies all lose their seats, which stay empty."""
    with pytest.raises(RuleViolation, match="still registered"):
        parliament.dissolve_party_mandates(
            session, convocation="c", party="party-a", on=date(2021, 7, 1)
        )
    registry.liquidate_party(
        session, party="party-a", on=date(2021, 7, 1), decided_by="court", entered_by="test"
    )
    outcomes = parliament.dissolve_party_mandates(
        session, convocation="c", party="party-a", on=date(2021, 7, 1)
    )
    assert len(outcomes) == 2
    assert all(o.successor is None for o in outcomes)
    comp = parliament.composition(session, on=date(2021, 7, 1), convocation="c")
    assert comp.vacant_by_group["Party A"] == 2
    assert "Party A" not in comp.by_group


def test_leaving_a_party_does_not_end_an_appointed_mandate(
    session: Session, chamber: object
) -> None:
    """Party membership ends only list mandates."""
    held = parliament.mandates(session, convocation="c", on=OPENED)
    member = next(m for m in held if m.kind is SeatKind.APPOINTED)
    with pytest.raises(RuleViolation, match="ends only list mandates"):
        parliament.terminate_mandate(
            session,
            convocation="c",
            person=member.person_id,
            reason=TerminationReason.LEFT_PARTY,
            on=date(2021, 4, 1),
        )
