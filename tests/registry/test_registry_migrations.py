"""The registry's migrations of stored rows, down and up again with data in them, on both databases.

registry_0004 drops the stored link of every ledger event (PostgreSQL also stores the hash as
32 bytes) and registry_0005 orders the registry's codes by byte on PostgreSQL. Each test has
a database of its own, since it moves the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, inspect, text

from majlis import registry, store
from majlis.store._migrate import alembic_config
from majlis.store.registry_rows import GENESIS_HASH, MembershipEventRow


@pytest.fixture
def database_url(private_database_url: str) -> str:
    """This module's tests move the schema: each gets a database of its own."""
    return private_database_url


def _ledger(world: Any) -> list[tuple[int, str]]:
    """Add joins and a leave to the world's ledger; return every event's (seq, hex hash)."""
    s = world.session
    for n, iin in enumerate(world.people[:4]):
        registry.join(
            s, national_id=iin, party=world.parties[n % 3], on=date(2023, 1, 5), entered_by="t"
        )
    registry.leave(s, national_id=world.people[0], on=date(2023, 2, 1), entered_by="t")
    s.commit()
    hashes = [(row.seq, row.hash) for row in s.query(MembershipEventRow).order_by("seq")]
    s.close()
    return hashes


def _postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _collation(engine: Engine, table: str, column: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = :table AND column_name = :column"
            ),
            {"table": table, "column": column},
        ).scalar()


def test_down_stores_every_link_and_up_keeps_the_chain(world: Any, engine: Engine) -> None:
    """Downgraded, each event links the hash before it; upgraded again, verify still passes."""
    hashes = _ledger(world)
    head = registry.verify_ledger(world.session).head_hash
    world.session.close()
    config = alembic_config(engine)
    command.downgrade(config, "registry_0003")
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT seq, prev_hash, hash FROM membership_event ORDER BY seq")
        ).all()
    assert [(seq, h) for seq, _, h in stored] == hashes  # hex text again, as before 0004
    links = [prev for _, prev, _ in stored]
    assert links == [GENESIS_HASH] + [h for _, h in hashes[:-1]]
    command.upgrade(config, "heads")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM membership_event LIMIT 0")).keys()
        kind = connection.execute(
            text(
                "SELECT pg_typeof(hash)::text FROM membership_event LIMIT 1"
                if _postgres(engine)
                else "SELECT typeof(hash) FROM membership_event LIMIT 1"
            )
        ).scalar()
    assert "prev_hash" not in columns
    assert kind == ("bytea" if _postgres(engine) else "text")
    with store.session_factory(engine)() as s:
        assert [(row.seq, row.hash) for row in s.query(MembershipEventRow).order_by("seq")] == (
            hashes
        )
        assert registry.verify_ledger(s).head_hash == head


def test_an_upgrade_refuses_a_ledger_whose_link_was_edited(
    world: Any, engine: Engine, allow_ledger_edits: Callable[[Connection], None]
) -> None:
    """A stored link that is not the hash before it stops registry_0004, which changes nothing."""
    _ledger(world)
    config = alembic_config(engine)
    command.downgrade(config, "registry_0003")
    with engine.begin() as connection:
        allow_ledger_edits(connection)
        connection.execute(
            text("UPDATE membership_event SET prev_hash = :forged WHERE seq = 3"),
            {"forged": "f" * 64},
        )
    with pytest.raises(RuntimeError, match=r"ledger event #3 does not link to the hash"):
        command.upgrade(config, "heads")
    with engine.connect() as connection:
        edited = connection.execute(text("SELECT prev_hash FROM membership_event WHERE seq = 3"))
        assert edited.scalar() == "f" * 64


def test_codes_are_byte_ordered_on_postgresql(engine: Engine) -> None:
    """registry_0005 sets COLLATE "C" on the codes; its downgrade restores the default."""
    if not _postgres(engine):
        pytest.skip("SQLite compares text by bytes without a collation")
    codes = [
        ("person", "national_id"),
        ("person", "id_scheme"),
        ("current_membership", "region_code"),
    ]
    assert {_collation(engine, t, c) for t, c in codes} == {"C"}
    config = alembic_config(engine)
    command.downgrade(config, "registry_0004")
    assert {_collation(engine, t, c) for t, c in codes} == {None}
    command.upgrade(config, "heads")
    assert {_collation(engine, t, c) for t, c in codes} == {"C"}


def test_the_roll_has_no_index_by_party_until_downgraded(engine: Engine) -> None:
    """registry_0006 drops the roll's index by party and region; its downgrade recreates it."""

    def indexes() -> set[str]:
        return {str(ix["name"]) for ix in inspect(engine).get_indexes("current_membership")}

    assert "ix_current_membership_party_region" not in indexes()
    config = alembic_config(engine)
    command.downgrade(config, "registry_0005")
    assert "ix_current_membership_party_region" in indexes()
    command.upgrade(config, "heads")
    assert "ix_current_membership_party_region" not in indexes()
