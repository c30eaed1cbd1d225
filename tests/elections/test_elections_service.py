"""Election services on both databases: nomination, registration, withdrawals, ballot draw."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.demo import stage_election, stage_members, stage_party
from majlis.errors import ConflictError, DeadlinePassed, IneligibleError

CAL = elections.ElectionCalendar(
    called_on=date(2020, 10, 20),
    nomination_deadline=date(2020, 11, 20),
    registration_deadline=date(2020, 12, 10),
    candidate_withdrawal_deadline=date(2020, 12, 30),
    list_withdrawal_deadline=date(2020, 12, 30),
    polling_day=date(2021, 1, 10),
)
SLUG = "kz-2021-test"


@pytest.fixture
def staged(session: Session) -> dict[str, list[tuple[object, int]]]:
    """Two registered parties with registered lists, and an unregistered movement."""
    lists = stage_election(
        session,
        slug=SLUG,
        calendar=CAL,
        lists=[("ak-zhol", "Ak Zhol", 5), ("auyl", "Auyl", 3)],
        seed=7,
    )
    stage_party(session, slug="dvk", name="Democratic Choice of Kazakhstan", registered_on=None)
    return dict(lists)


def test_election_takes_the_ruleset_in_force(session: Session, staged: object) -> None:
    """The 2021 election runs under the 2009 law: 98 list seats, lists of at most 127."""
    found = elections.get_election(session, SLUG)
    assert found.ruleset_id == "kz-majlis-2009"
    assert found.list_seats == 98
    assert found.max_list_length == 127


def test_lists_registered_and_ballot_drawn(session: Session, staged: object) -> None:
    """Registered lists carry their registration order; the recorded draw replays from its seed."""
    lists = elections.party_lists(session, election=SLUG)
    assert {pl.party_slug: pl.registration_order for pl in lists} == {"ak-zhol": 1, "auyl": 2}
    assert [pl.party_slug for pl in lists] == list(
        elections.draw_ballot_order(["ak-zhol", "auyl"], seed=7)
    )
    assert [pl.ballot_position for pl in lists] == [1, 2]
    assert elections.get_election(session, SLUG).ballot_seed == 7
    with pytest.raises(ConflictError, match="already drawn"):
        elections.draw_ballot(session, election=SLUG, seed=8, on=date(2020, 12, 11))


def test_movement_cannot_nominate(
    session: Session, staged: dict[str, list[tuple[object, int]]]
) -> None:
    """An unregistered movement's nomination is refused with a clear error."""
    people = stage_members(session, count=2, seed=99)
    with pytest.raises(IneligibleError, match="movement"):
        elections.nominate_list(
            session,
            election=SLUG,
            party="dvk",
            candidates=[pid for _, pid in people],
            on=date(2020, 11, 15),
        )


def test_candidate_must_be_member_on_nomination_date(session: Session, staged: object) -> None:
    """A person who joins the party only after the nomination date cannot be on its list."""
    stage_party(session, slug="adal", name="Adal", registered_on=date(2013, 1, 1))
    early = stage_members(session, count=1, seed=5, party="adal", joined_on=date(2020, 9, 1))
    late = stage_members(session, count=1, seed=6, party="adal", joined_on=date(2020, 11, 16))
    with pytest.raises(IneligibleError, match=r"rank 2 .*not a member of Adal .*2020-11-15"):
        elections.nominate_list(
            session,
            election=SLUG,
            party="adal",
            candidates=[early[0][1], late[0][1]],
            on=date(2020, 11, 15),
        )
    listed = elections.nominate_list(
        session, election=SLUG, party="adal", candidates=[early[0][1]], on=date(2020, 11, 15)
    )
    assert listed.status is elections.ListStatus.NOMINATED


def test_nomination_after_deadline_refused(session: Session, staged: object) -> None:
    """A nomination after the nomination deadline names the deadline."""
    stage_party(session, slug="adal", name="Adal", registered_on=date(2013, 1, 1))
    people = stage_members(session, count=1, seed=5, party="adal", joined_on=date(2020, 9, 1))
    with pytest.raises(DeadlinePassed, match="nomination deadline was 2020-11-20"):
        elections.nominate_list(
            session, election=SLUG, party="adal", candidates=[people[0][1]], on=date(2020, 11, 21)
        )


def test_candidate_withdrawal_and_party_revocation(
    session: Session, staged: dict[str, list[tuple[object, int]]]
) -> None:
    """A candidate withdraws in writing and the party revokes another; both are recorded."""
    first, second = staged["ak-zhol"][0][1], staged["ak-zhol"][1][1]
    elections.withdraw_candidate(
        session,
        election=SLUG,
        party="ak-zhol",
        person=first,
        on=date(2020, 12, 1),
        statement="statement no. 1",
    )
    listed = elections.revoke_candidate(
        session,
        election=SLUG,
        party="ak-zhol",
        person=second,
        on=date(2020, 12, 2),
        decision="council decision no. 7",
    )
    statuses = [c.status for c in listed.candidates]
    assert statuses[:3] == [
        elections.CandidateStatus.WITHDRAWN,
        elections.CandidateStatus.REVOKED,
        elections.CandidateStatus.STANDING,
    ]
    assert listed.standing == 3
    kinds = [e.kind for e in elections.election_history(session, election=SLUG)]
    assert "candidate-withdrawn" in kinds
    assert "candidate-revoked" in kinds
    with pytest.raises(DeadlinePassed, match="candidate withdrawal deadline was 2020-12-30"):
        elections.withdraw_candidate(
            session,
            election=SLUG,
            party="ak-zhol",
            person=staged["ak-zhol"][2][1],
            on=date(2020, 12, 31),
            statement="too late",
        )


def test_list_withdrawal_is_a_boycott_before_the_deadline(session: Session, staged: object) -> None:
    """A party withdraws its list before the deadline; after it, the withdrawal is refused."""
    with pytest.raises(DeadlinePassed, match="list withdrawal deadline was 2020-12-30"):
        elections.withdraw_list(
            session, election=SLUG, party="auyl", on=date(2021, 1, 2), reason="boycott"
        )
    listed = elections.withdraw_list(
        session, election=SLUG, party="auyl", on=date(2020, 12, 20), reason="boycott"
    )
    assert listed.status is elections.ListStatus.WITHDRAWN
    event = elections.declare_boycott(
        session, election=SLUG, party="auyl", on=date(2020, 12, 20), statement="no free vote"
    )
    assert "boycotts" in event.detail
    assert [
        pl.party_slug
        for pl in elections.party_lists(
            session, election=SLUG, status=elections.ListStatus.REGISTERED
        )
    ] == ["ak-zhol"]


def test_membership_ends_before_nomination(session: Session, staged: object) -> None:
    """The registry's ledger decides membership on the date: a member who left is refused."""
    stage_party(session, slug="adal", name="Adal", registered_on=date(2013, 1, 1))
    people = stage_members(session, count=2, seed=5, party="adal", joined_on=date(2020, 9, 1))
    registry.leave(session, national_id=people[1][0].iin, on=date(2020, 11, 1), entered_by="test")
    with pytest.raises(IneligibleError, match="rank 2"):
        elections.nominate_list(
            session,
            election=SLUG,
            party="adal",
            candidates=[p for _, p in people],
            on=date(2020, 11, 15),
        )
