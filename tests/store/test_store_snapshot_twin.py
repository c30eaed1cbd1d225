"""A second SQLite connection that reads what a session's new transaction reads."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from majlis import store
from majlis.store import _driver


class _Base(DeclarativeBase):
    pass


class _Item(_Base):
    __tablename__ = "item"
    rowid: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int]


@pytest.fixture
def file_engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file with one table of three rows."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'twin.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE item (n INTEGER)"))
        connection.execute(text("INSERT INTO item VALUES (1), (2), (3)"))
    yield engine
    engine.dispose()


def _count(connection: Any) -> int:
    return int(connection.execute("SELECT count(*) FROM item").fetchone()[0])


def _commit_elsewhere(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO item VALUES (4)"))


@pytest.mark.parametrize("read_only", [False, True])
def test_the_twin_keeps_reading_the_session_s_snapshot(
    file_engine: Engine, read_only: bool
) -> None:
    """A commit after both began is seen by neither (a writing and a read-only session)."""
    sessions = store.session_factory(file_engine)
    if read_only:
        with sessions() as owner:
            factory = store.sibling_sessions(owner)
        assert factory is not None
        sessions = factory
    with sessions() as session:
        twin = store.snapshot_twin(session)
        assert twin is not None
        try:
            if read_only:  # a writing session holds the write lock until it ends
                _commit_elsewhere(file_engine)
            raw = store.driver_connection(session)
            assert _count(twin) == _count(raw) == 3
            with pytest.raises(sqlite3.OperationalError):
                twin.execute("INSERT INTO item VALUES (5)")  # it only reads
        finally:
            twin.close()
    with file_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM item")).scalar() == 3 + read_only


def test_no_twin_for_a_session_already_reading_or_holding_changes(file_engine: Engine) -> None:
    """Its snapshot may be older than any new one, or hold what no other connection sees (so
    may a connection it is bound to); its transaction is begun all the same."""
    with store.session_factory(file_engine)() as session:
        session.execute(text("SELECT 1"))
        assert store.snapshot_twin(session) is None
    with store.session_factory(file_engine)() as session:
        session.add(_Item(n=5))
        assert store.snapshot_twin(session) is None
        assert _count(store.driver_connection(session)) == 4  # flushed, not committed
    with file_engine.connect() as connection, Session(bind=connection) as session:
        connection.execute(text("INSERT INTO item VALUES (6)"))
        assert store.snapshot_twin(session) is None
        assert _count(store.driver_connection(session)) == 4  # its uncommitted row too
    memory = store.make_engine("sqlite://")
    with store.session_factory(memory)() as session:
        assert store.snapshot_twin(session) is None
        assert session.in_transaction()


def test_no_twin_when_another_connection_commits_while_the_two_begin(
    file_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit between the session's snapshot and the twin's is told by the probe."""
    begin_reading = _driver._begin_reading

    calls: list[Any] = []

    def interrupted(raw: Any) -> str:
        path = begin_reading(raw)
        calls.append(raw)
        if len(calls) == 1:
            _commit_elsewhere(file_engine)  # after the session's snapshot, before the twin's
        return path

    monkeypatch.setattr(_driver, "_begin_reading", interrupted)
    with store.session_factory(file_engine)() as owner:
        sibling = store.sibling_sessions(owner)
    assert sibling is not None
    with sibling() as session:
        assert store.snapshot_twin(session) is None
        assert len(calls) == 2
        assert _count(store.driver_connection(session)) == 3
