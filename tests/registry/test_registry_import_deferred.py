"""Large imports on PostgreSQL load without the ledger's keys and indexes; every guarantee holds."""

from __future__ import annotations

import csv
import sqlite3
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy.exc
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from majlis import registry
from majlis.errors import InputError, IntegrityError
from majlis.registry.bulk import import_members
from majlis.registry.iin import IIN_SCHEME
from majlis.registry.ledger import admission_hashes
from majlis.store.bulk import Admission, KnownPerson, LoadTuning, RollColumns
from majlis.store.bulk._writer import ChunkWriter

HEADER = ["iin", "family_name", "given_name", "region", "joined_on"]
#: Force the deferred path whatever the size of the file and of the ledger.
ALWAYS = {"defer_fraction": 0.0, "defer_min_rows": 0}


def schema(session: Session) -> set[tuple[str, ...]]:
    """The ledger's foreign keys and the secondary indexes of the ledger and the roll."""
    c = session.connection()
    if c.dialect.name == "postgresql":
        keys = c.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid), convalidated::text FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = 'membership_event'::regclass"
            )
        ).all()
        indexes = c.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename IN ('membership_event', 'current_membership')"
            )
        ).all()
    else:
        keys = c.exec_driver_sql("PRAGMA foreign_key_list(membership_event)").all()
        indexes = c.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name IN ('membership_event', 'current_membership')"
            )
        ).all()
    return {("key", *map(str, k)) for k in keys} | {("index", *map(str, i)) for i in indexes}


def roll(path: Path, count: int, *, extra: list[list[str]] | None = None) -> Path:
    """A roll of ``count`` valid members born in 1991 (plus ``extra`` rows at the end)."""
    rows: list[list[str]] = []
    day = 0
    while len(rows) < count:
        iin = registry.make_iin(date.fromordinal(date(1991, 1, 1).toordinal() + day), "F", 3)
        day += 1
        if iin is not None:
            rows.append([iin, "Family", "Given", "KZ-71" if day % 2 else "KZ-75", "2023-01-05"])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows + (extra or []))
    return path


def test_deferred_import_restores_keys_and_indexes(world: Any, tmp_path: Path) -> None:
    """A large import commits with every key (validated) and index back, and the chain verifies."""
    s = world.session
    before = schema(s)
    # SQLite declares keys to person and party; PostgreSQL to person (the party is checked
    # per statement by triggers, see migration registry_0003)
    postgres = s.connection().dialect.name == "postgresql"
    assert sum(1 for k in before if k[0] == "key") == (1 if postgres else 2)
    assert sum(1 for k in before if k[0] == "index") >= 2
    report = import_members(
        s, source=roll(tmp_path / "r.csv", 300), party="amanat", on=date(2023, 2, 1),
        entered_by="i", chunk_size=70, **ALWAYS,
    )  # fmt: skip
    s.commit()
    assert report.imported == 300
    assert schema(s) == before
    assert registry.verify_ledger(s).events == 6 + 300
    # the restored foreign key is enforced again: a dangling ledger event is refused
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        s.execute(
            text(
                "INSERT INTO membership_event (seq, person_id, party_id, kind, occurred_on, "
                "founder, entered_by, entered_at, hash) VALUES (100000, 999999, 1, "
                "'admitted', '2023-01-01', false, 't', CURRENT_TIMESTAMP, 'y')"
            )
        )
    s.rollback()


def test_deferred_import_with_a_party_conflict_writes_nothing(world: Any, tmp_path: Path) -> None:
    """A row whose person is active in another party rejects the whole large import."""
    s = world.session
    registry.join(
        s, national_id=world.people[0], party="ak-zhol", on=date(2023, 1, 2), entered_by="t"
    )
    s.commit()
    before, events = schema(s), registry.verify_ledger(s).events
    path = roll(tmp_path / "r.csv", 200, extra=[[world.people[0], "F", "G", "KZ-71", ""]])
    with pytest.raises(InputError, match="already an active member of party 'ak-zhol'"):
        import_members(
            s, source=path, party="amanat", on=date(2023, 2, 1), entered_by="i",
            chunk_size=50, **ALWAYS,
        )  # fmt: skip
    assert schema(s) == before  # restored even before the rollback
    s.rollback()
    assert schema(s) == before
    assert registry.verify_ledger(s).events == events
    assert sum(1 for m in registry.current_roll(s).values() if m.party_id == 1) == 1


def _admission(party_id: int) -> Admission:
    return Admission(
        party_id=party_id, kind="admitted", reason="test", entered_by="t",
        entered_at=datetime(2023, 2, 1, tzinfo=UTC), id_scheme=IIN_SCHEME, citizenship="KZ",
    )  # fmt: skip


def _writer(s: Session, party_id: int, **defer: Any) -> ChunkWriter:
    return ChunkWriter(s, _admission(party_id), expected_rows=1, tuning=LoadTuning(**defer))


def _one_member(iin: str) -> RollColumns:
    return RollColumns([2], [iin], ["F"], ["G"], ["KZ-71"], ["2023-01-05"], ["1999-09-09"], ["M"])


def _hashes(prev: str, first: int, pids: Sequence[int], days: Sequence[str]) -> list[str]:
    moment = datetime(2023, 2, 1, tzinfo=UTC)
    return admission_hashes(
        prev, first, pids, days, party_id=1, reason="test", entered_by="t", entered_at=moment
    )


def _load(s: Session, writer: ChunkWriter, iin: str) -> None:
    """Write one member and finish; the writer's thread stops whatever failed (as in a load)."""
    try:
        writer.write(_one_member(iin), _hashes)  # queued: the rows load in the writer's thread
        writer.finish(s)
    finally:
        writer.abandon()


def test_deferred_key_check_rejects_a_dangling_person(world: Any) -> None:
    """Events naming a person who does not exist fail the key check; the rollback keeps nothing."""
    s = world.session
    before, events = schema(s), registry.verify_ledger(s).events
    writer = _writer(s, 1, defer_fraction=0.0, defer_min_rows=0)
    postgres = s.connection().dialect.name == "postgresql"
    assert (writer.deferred is not None) == postgres  # SQLite keeps its schema in place
    assert writer.deferred is None or [k[1] for k in writer.deferred.keys] == [
        "fk_membership_event_person_id_person"
    ]
    iin = registry.make_iin(date(1999, 9, 9), "M", 42)
    assert iin is not None
    # as if the look-up had found a person who is not there
    writer.known = {iin: KnownPerson(999_999, None, "KZ", None)}
    if postgres:  # the rows load; the set-based VALIDATE at the end fails
        with pytest.raises(IntegrityError, match="fail the foreign key"):
            _load(s, writer, iin)
    else:  # SQLite keeps its foreign keys and checks each row; the load's error comes back
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            _load(s, writer, iin)
    assert not any(t.name == "majlis-copy" for t in threading.enumerate())
    s.rollback()
    assert schema(s) == before
    assert registry.verify_ledger(s).events == events


def test_the_party_of_every_event_is_checked_as_it_loads(world: Any) -> None:
    """The party check is never deferred: a dangling party fails as its rows load."""
    s = world.session
    before, events = schema(s), registry.verify_ledger(s).events
    writer = _writer(s, 999_999, defer_fraction=0.0, defer_min_rows=0)
    iin = registry.make_iin(date(1999, 9, 9), "M", 42)
    assert iin is not None

    with pytest.raises(Exception, match=r"(?i)foreign key") as caught:
        _load(s, writer, iin)
    assert type(caught.value).__name__ in {"IntegrityError", "ForeignKeyViolation"}
    s.rollback()
    assert schema(s) == before
    assert registry.verify_ledger(s).events == events
    assert registry.find_person(s, iin) is None


def test_a_middling_import_defers_the_key_and_keeps_the_indexes(world: Any, tmp_path: Path) -> None:
    """Between the two thresholds only the key goes: no index is rebuilt, the key validates."""
    s = world.session
    before = schema(s)
    writer = _writer(s, 1, defer_fraction=10.0, defer_keys_fraction=0.0, defer_min_rows=0)
    if s.connection().dialect.name == "postgresql":
        assert writer.deferred is not None
        assert len(writer.deferred.keys) == 1
        assert writer.deferred.indexes == ()
    else:
        assert writer.deferred is None
    s.rollback()
    report = import_members(
        s, source=roll(tmp_path / "r.csv", 120), party="amanat", on=date(2023, 2, 1),
        entered_by="i", chunk_size=50, defer_fraction=10.0, defer_keys_fraction=0.0,
        defer_min_rows=0,
    )  # fmt: skip
    s.commit()
    assert report.imported == 120
    assert schema(s) == before
    assert registry.verify_ledger(s).events == 6 + 120


def test_small_import_keeps_the_schema_in_place(world: Any, tmp_path: Path) -> None:
    """Below the size threshold nothing is dropped (the writer defers nothing)."""
    s = world.session
    writer = ChunkWriter(s, _admission(1), expected_rows=10)
    assert writer.deferred is None
    s.rollback()


def test_during_a_large_import_parties_stay_readable_and_people_wait(
    world: Any, engine: Engine
) -> None:
    """The locks the docs promise: parties and the roll readable, people and the ledger not.

    The roll has no secondary index to drop (registry_0006), so a large import leaves it
    readable (PostgreSQL).
    """
    s = world.session
    if s.connection().dialect.name != "postgresql":
        pytest.skip("SQLite's import holds its write lock; readers use the last commit")
    writer = _writer(s, 1, defer_fraction=0.0, defer_min_rows=0)
    assert writer.deferred is not None
    with engine.connect() as other:
        for table in ("party", "person", "membership_event", "current_membership"):
            other.execute(text("SET LOCAL lock_timeout = '300ms'"))
            if table in ("party", "current_membership"):
                assert other.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() >= 3
            else:
                with pytest.raises(sqlalchemy.exc.OperationalError, match="lock timeout"):
                    other.execute(text(f"SELECT count(*) FROM {table}"))
            other.rollback()
    s.rollback()
