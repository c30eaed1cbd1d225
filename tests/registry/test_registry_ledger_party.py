"""The party of every ledger event exists and stays: a key on SQLite, triggers on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy.exc
from sqlalchemy import Engine, text

from majlis import registry

EVENT = (
    "INSERT INTO membership_event (seq, person_id, party_id, kind, occurred_on, founder, "
    "entered_by, entered_at, hash) VALUES (:seq, :person, :party, 'admitted', "
    "'2023-01-01', false, 't', CURRENT_TIMESTAMP, 'y')"
)


def _person_id(world: Any) -> int:
    person = registry.find_person(world.session, world.people[0])
    assert person is not None
    return person.id


def test_an_event_naming_no_party_is_refused(world: Any) -> None:
    s = world.session
    values = [
        {"seq": 100_000 + k, "person": _person_id(world), "party": party}
        for k, party in enumerate((1, 999_999, 2))
    ]
    with pytest.raises(sqlalchemy.exc.IntegrityError, match=r"(?i)foreign key"):
        s.execute(text(EVENT), values)
    s.rollback()


def test_events_naming_parties_that_exist_are_taken(world: Any) -> None:
    s = world.session
    before = s.execute(text("SELECT count(*) FROM membership_event")).scalar_one()
    values = [
        {"seq": 100_000 + k, "person": _person_id(world), "party": party}
        for k, party in enumerate((1, 2, 3, 1))
    ]
    s.execute(text(EVENT), values)
    assert s.execute(text("SELECT count(*) FROM membership_event")).scalar_one() == before + 4
    s.rollback()


def test_a_party_named_by_the_ledger_cannot_be_deleted_or_renumbered(world: Any) -> None:
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2023, 1, 2), entered_by="t"
    )
    s.commit()
    party = s.execute(text("SELECT id FROM party WHERE slug = 'ak-zhol'")).scalar_one()
    for statement in (
        "DELETE FROM party WHERE id = :id",
        "UPDATE party SET id = 4242 WHERE id = :id",
    ):
        with pytest.raises(sqlalchemy.exc.IntegrityError, match=r"(?i)foreign key"):
            s.execute(text(statement), {"id": party})
        s.rollback()
    # a change that keeps the id is no concern of the ledger's
    s.execute(text("UPDATE party SET name = 'Ak Zhol' WHERE id = :id"), {"id": party})
    s.rollback()


def test_a_party_nobody_names_can_be_deleted(world: Any) -> None:
    s = world.session
    s.execute(
        text(
            "INSERT INTO party (id, slug, name, kind, status, created_at) "
            "VALUES (77, 'loner', 'Loner', 'party', 'initiative', CURRENT_TIMESTAMP)"
        )
    )
    s.execute(text("DELETE FROM party WHERE id = 77"))
    assert s.execute(text("SELECT count(*) FROM party WHERE id = 77")).scalar_one() == 0
    s.rollback()


def test_postgresql_locks_the_named_party_until_commit(world: Any, engine: Engine) -> None:
    """As a key's check does: a deletion of the party waits for the inserting transaction."""
    s = world.session
    if s.connection().dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; its key is checked row by row")
    s.execute(
        text(
            "INSERT INTO party (id, slug, name, kind, status, created_at) "
            "VALUES (78, 'newcomer', 'Newcomer', 'party', 'initiative', CURRENT_TIMESTAMP)"
        )
    )
    s.commit()  # a party no committed event names: only the lock can stop its deletion
    s.execute(text(EVENT), {"seq": 100_000, "person": _person_id(world), "party": 78})
    with engine.connect() as other:
        other.execute(text("SET LOCAL lock_timeout = '300ms'"))
        with pytest.raises(sqlalchemy.exc.OperationalError, match="lock timeout"):
            other.execute(text("DELETE FROM party WHERE id = 78"))
        other.rollback()
    s.rollback()
    with engine.begin() as other:  # once the event is gone, so is the obstacle
        other.execute(text("DELETE FROM party WHERE id = 78"))


def test_postgresql_refuses_to_truncate_parties_the_ledger_names(world: Any) -> None:
    s = world.session
    if s.connection().dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    with pytest.raises(sqlalchemy.exc.IntegrityError, match="cannot be truncated"):
        s.execute(text("TRUNCATE party CASCADE"))
    s.rollback()
