"""Memberships: admission rules, the append-only ledger, verification, the race; both databases."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from majlis import registry, store
from majlis.errors import (
    DuplicateMembership,
    IneligibleError,
    IntakeSuspended,
    IntegrityError,
    MajlisError,
)
from majlis.registry import BarredCategory, EventKind, stats
from majlis.store.registry_rows import MembershipEventRow


def test_join_leave_expel_history(world: Any) -> None:
    """Admission, leaving and expulsion leave events with reasons, bodies and audit fields."""
    s, person = world.session, world.people[0]
    assert registry.join(
        s, national_id=person, party="amanat", on=date(2023, 1, 5), entered_by="clerk-1"
    ).admitted
    registry.leave(s, national_id=person, on=date(2023, 2, 1), entered_by="clerk-1")
    registry.join(s, national_id=person, party="ak-zhol", on=date(2023, 3, 1), entered_by="c2")
    registry.expel(
        s,
        national_id=person,
        on=date(2023, 4, 1),
        reason="voted against the line",
        deciding_body="Political council",
        entered_by="c2",
    )
    s.commit()
    _, events = registry.history(s, person)
    assert [e.kind for e in events] == [
        EventKind.APPLIED,
        EventKind.ADMITTED,
        EventKind.LEFT,
        EventKind.APPLIED,
        EventKind.ADMITTED,
        EventKind.EXPELLED,
    ]
    expelled = events[-1]
    assert (expelled.reason, expelled.deciding_body, expelled.entered_by) == (
        "voted against the line",
        "Political council",
        "c2",
    )
    assert expelled.entered_at is not None
    assert registry.current_roll(s).get(expelled.person_id) is None


def test_second_party_is_a_duplicate(world: Any) -> None:
    """An active member of one party cannot be admitted to another; the message says which."""
    s, person = world.session, world.people[1]
    registry.join(s, national_id=person, party="amanat", on=date(2023, 1, 5), entered_by="t")
    with pytest.raises(DuplicateMembership, match="already an active member of party 'amanat'"):
        registry.join(s, national_id=person, party="ak-zhol", on=date(2023, 1, 6), entered_by="t")


def test_intake_suspension_refuses_and_records(world: Any) -> None:
    """While intake is suspended an application is refused with the reason and recorded."""
    s, person = world.session, world.people[2]
    registry.suspend_intake(
        s,
        party="amanat",
        reason="to prevent rumours of inflated ranks",
        decided_on=date(2023, 2, 1),
        until=date(2023, 3, 31),
        entered_by="t",
    )
    outcome = registry.join(
        s, national_id=person, party="amanat", on=date(2023, 2, 15), entered_by="t"
    )
    s.commit()
    with pytest.raises(
        IntakeSuspended,
        match="suspended the intake of new members on 2023-02-01 "
        "until 2023-03-31: to prevent rumours",
    ):
        outcome.raise_for_refusal()
    _, events = registry.history(s, person)
    assert [e.kind for e in events] == [EventKind.APPLIED, EventKind.REFUSED]
    assert "suspended the intake" in (events[-1].reason or "")
    assert registry.join(
        s, national_id=person, party="amanat", on=date(2023, 4, 1), entered_by="t"
    ).admitted


@pytest.mark.parametrize("category", list(BarredCategory))
def test_barred_categories_are_refused(world: Any, category: BarredCategory) -> None:
    """Servicemen, security and police staff and judges are refused, citing art. 23(2)."""
    s, person = world.session, world.people[3]
    registry.set_barred_category(s, person, category)
    outcome = registry.join(
        s, national_id=person, party="amanat", on=date(2023, 1, 5), entered_by="t"
    )
    assert isinstance(outcome.refusal, IneligibleError)
    assert "art. 23(2)" in str(outcome.refusal)


def test_non_citizen_is_refused(session: Session) -> None:
    """Only citizens of Kazakhstan may join."""
    registry.register_person(
        session, national_id="000101500001", family_name="X", given_name="Y", citizenship="RU"
    )
    registry.create_party(
        session, slug="p", name="P", initiated_on=date(2023, 1, 1), entered_by="t"
    )
    outcome = registry.join(
        session, national_id="000101500001", party="p", on=date(2023, 1, 2), entered_by="t"
    )
    assert "citizen of RU" in str(outcome.refusal)


def test_ledger_rejects_update_and_delete(world: Any) -> None:
    """The ORM and the database trigger both refuse to change or delete a ledger event."""
    s = world.session
    event = s.query(MembershipEventRow).order_by(MembershipEventRow.seq).first()
    event.reason = "rewritten"
    with pytest.raises(IntegrityError, match="append-only"):
        s.flush()
    s.rollback()
    for statement in (
        "UPDATE membership_event SET reason = 'x' WHERE seq = 1",
        "DELETE FROM membership_event WHERE seq = 1",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            s.execute(text(statement))
        s.rollback()


def test_verify_detects_a_silently_edited_row(
    world: Any, engine: Engine, allow_ledger_edits: Callable[[Connection], None]
) -> None:
    """With the trigger removed, a raw SQL edit is caught by verify, naming the event."""
    s = world.session
    assert registry.verify_ledger(s).events == 6
    s.close()
    with engine.begin() as connection:
        allow_ledger_edits(connection)
        connection.execute(
            text("UPDATE membership_event SET occurred_on = '2022-01-01' WHERE seq = 4")
        )
    with (
        store.session_factory(engine)() as fresh,
        pytest.raises(IntegrityError, match=r"ledger event #4 \(admitted.*does not match its hash"),
    ):
        registry.verify_ledger(fresh)


def test_verify_detects_an_edit_whose_own_hash_was_recomputed(
    world: Any, engine: Engine, allow_ledger_edits: Callable[[Connection], None]
) -> None:
    """An event edited with a fresh hash of its own breaks the next event, which names it."""
    s = world.session
    event = s.get(MembershipEventRow, 4)
    before = s.get(MembershipEventRow, 3)
    assert event is not None
    assert before is not None
    forged = registry.event_hash(
        prev_hash=before.hash,
        seq=4,
        person_id=event.person_id,
        party_id=event.party_id,
        kind=event.kind,
        occurred_on=date(2022, 1, 1),
        reason=event.reason,
        deciding_body=event.deciding_body,
        founder=event.founder,
        entered_by=event.entered_by,
        entered_at=event.entered_at,
    )
    s.close()
    with engine.begin() as connection:
        allow_ledger_edits(connection)
        connection.execute(
            update(MembershipEventRow)
            .where(MembershipEventRow.seq == 4)
            .values(occurred_on=date(2022, 1, 1), hash=forged)
        )
    with store.session_factory(engine)() as fresh:
        assert fresh.get(MembershipEventRow, 4).hash == forged  # type: ignore[union-attr]
        with pytest.raises(IntegrityError, match=r"ledger event #5 .*does not match its hash"):
            registry.verify_ledger(fresh)


def test_verify_detects_a_roll_edited_outside_the_ledger(world: Any) -> None:
    """A member deleted from the current roll by SQL is found by the replay comparison."""
    s = world.session
    s.execute(text("DELETE FROM current_membership"))
    s.commit()
    with pytest.raises(IntegrityError, match="current roll differs from the ledger"):
        registry.verify_ledger(s)


OPERATIONS = st.lists(
    st.tuples(st.sampled_from(["join", "leave", "expel"]), st.integers(0, 4), st.integers(0, 2)),
    max_size=25,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS)
def test_replay_reproduces_the_roll(world: Any, operations: list[tuple[str, int, int]]) -> None:
    """Whatever joins, leaves and expulsions happen, replaying the ledger gives the stored roll."""
    s = world.session
    for day, (kind, who, where) in enumerate(operations, start=1):
        person, party = world.people[who], world.parties[where]
        on = date(2024, 1, 1).replace(day=1 + day % 28)
        try:
            if kind == "join":
                registry.join(s, national_id=person, party=party, on=on, entered_by="p")
            elif kind == "leave":
                registry.leave(s, national_id=person, on=on, entered_by="p")
            else:
                registry.expel(
                    s, national_id=person, on=on, reason="r", deciding_body="b", entered_by="p"
                )
            s.commit()
        except MajlisError:
            s.rollback()
    assert registry.replayed_roll(s) == registry.current_roll(s)
    registry.verify_ledger(s)


def test_race_two_parties_one_winner(world: Any, engine: Engine) -> None:
    """Two transactions race to admit one person to two parties: exactly one wins."""
    world.session.close()
    factory = store.session_factory(engine)
    for person in world.people[:5]:
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def attempt(
            party: str,
            person: str = person,
            barrier: threading.Barrier = barrier,
            results: dict[str, str] = results,
        ) -> None:
            with factory() as s:
                barrier.wait()
                try:
                    registry.join(
                        s, national_id=person, party=party, on=date(2023, 1, 5), entered_by=party
                    )
                    s.commit()
                    results[party] = "won"
                except DuplicateMembership as exc:
                    s.rollback()
                    results[party] = str(exc)

        threads = [threading.Thread(target=attempt, args=(p,)) for p in ("amanat", "ak-zhol")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(v == "won" for v in results.values()) == [False, True], results
        loser = next(v for v in results.values() if v != "won")
        assert "already an active member" in loser
    with factory() as s:
        registry.verify_ledger(s)


def test_verify_detects_edited_counts(world: Any) -> None:
    """A member count per party and region changed by SQL is caught by verify."""
    s = world.session
    s.execute(text("UPDATE roll_count SET members = members + 5"))
    s.commit()
    with pytest.raises(IntegrityError, match="counts per party and region differ"):
        registry.verify_ledger(s)


def test_moving_a_member_moves_the_count(world: Any) -> None:
    """A member who moves region is counted in the new region; the ledger still verifies."""
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="amanat", on=date(2023, 1, 5), entered_by="t"
    )
    registry.move_person(s, world.people[0], "KZ-79")
    s.commit()
    assert stats.members_by_region(s, party="amanat") == [("KZ-71", 1), ("KZ-79", 1)]
    registry.verify_ledger(s)


def test_moving_to_the_same_region_changes_no_count(world: Any) -> None:
    """A move to the region already held leaves the counts as they were (once, or twice)."""
    s = world.session
    registry.join(
        s, national_id=world.people[1], party="amanat", on=date(2023, 1, 5), entered_by="t"
    )
    before = stats.members_by_region(s, party="amanat")
    for _ in range(2):
        registry.move_person(s, world.people[1], "KZ-71")
    s.commit()
    assert stats.members_by_region(s, party="amanat") == before
    registry.verify_ledger(s)


REGIONS = ["KZ-71", "KZ-75", "KZ-79", "KZ-11"]
MOVES = st.lists(
    st.tuples(
        st.sampled_from(["join", "leave", "move"]),
        st.integers(0, 7),
        st.integers(0, 2),
        st.sampled_from(REGIONS),
    ),
    max_size=25,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=MOVES)
def test_counts_per_region_follow_every_move(
    world: Any, operations: list[tuple[str, int, int, str]]
) -> None:
    """Whatever joins, leaves and moves happen, each party's counts per region are those of its
    members' regions, and the ledger verifies."""
    s = world.session
    for day, (kind, who, where, region) in enumerate(operations, start=1):
        person, party = world.people[who], world.parties[where]
        on = date(2024, 1, 1).replace(day=1 + day % 28)
        try:
            if kind == "join":
                registry.join(s, national_id=person, party=party, on=on, entered_by="p")
            elif kind == "leave":
                registry.leave(s, national_id=person, on=on, entered_by="p")
            else:
                registry.move_person(s, person, region)
            s.commit()
        except MajlisError:
            s.rollback()
    for party in world.parties:
        expected: dict[str | None, int] = {}
        for iin in world.people + _founders(s):
            found, membership, slug = registry.active_membership(s, iin)
            if membership is not None and slug == party:
                expected[found.region_code] = expected.get(found.region_code, 0) + 1
        assert dict(stats.members_by_region(s, party=party)) == expected
    registry.verify_ledger(s)


def _founders(s: Session) -> list[str]:
    """The IINs of the world's founders (registered with the family name 'Founder')."""
    rows = s.execute(text("SELECT national_id FROM person WHERE family_name = 'Founder'"))
    return [iin for (iin,) in rows]
