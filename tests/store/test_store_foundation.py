"""The storage foundation: URL resolution, engines, migrations on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from majlis import store
from majlis.errors import ConfigurationError


def test_env_url_wins(tmp_path: Path) -> None:
    """MAJLIS_DATABASE_URL is used as given when set."""
    url = "postgresql+psycopg://u@h:5432/db"
    assert store.resolve_database_url({"MAJLIS_DATABASE_URL": url}) == url


def test_default_sqlite_file_in_user_data_dir(tmp_path: Path) -> None:
    """Without MAJLIS_DATABASE_URL the default is a SQLite file whose folder is created."""
    url = store.resolve_database_url({"XDG_DATA_HOME": str(tmp_path)})
    assert url == f"sqlite:///{tmp_path / 'majlis' / 'majlis.sqlite3'}"
    assert (tmp_path / "majlis").is_dir()


def test_bad_url_is_a_configuration_error() -> None:
    """A malformed URL fails with a message naming the variable and the value."""
    with pytest.raises(ConfigurationError, match=r"MAJLIS_DATABASE_URL.*'not a url'"):
        store.resolve_database_url({"MAJLIS_DATABASE_URL": "not a url"})


def test_fixture_database_is_at_heads(engine: Engine) -> None:
    """The test database carries every shipped head and the registry tables."""
    state = store.schema_state(engine)
    assert state.up_to_date
    assert "registry_0001" in state.current or any(r.startswith("registry_") for r in state.current)
    tables = set(inspect(engine).get_table_names())
    assert {"person", "party", "membership_event", "current_membership"} <= tables


def test_sqlite_pragmas(tmp_path: Path) -> None:
    """SQLite connections have foreign keys on and the WAL journal."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_ensure_schema_creates_then_accepts(tmp_path: Path) -> None:
    """A fresh database is migrated on first use; a second call finds it up to date."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert store.ensure_schema(engine).up_to_date
    assert store.ensure_schema(engine).up_to_date
    engine.dispose()


def test_ensure_schema_refuses_an_outdated_database(tmp_path: Path) -> None:
    """A database with a missing head is refused with the command that fixes it."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    store.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('elsewhere')"))
    with pytest.raises(ConfigurationError, match="majlis db upgrade"):
        store.ensure_schema(engine)
    engine.dispose()
