"""majlis.store — the database every area builds on (SQLAlchemy 2, Alembic).

- :func:`resolve_database_url`: ``MAJLIS_DATABASE_URL`` or a SQLite file in the user data dir.
- :func:`session_scope`: one unit of work (schema ensured, commit or rollback);
  :func:`sibling_sessions`: more sessions on the same database, for work side by side.
- :func:`make_engine`, :func:`session_factory`: engines (SQLite: foreign keys ON, WAL) and
  sessions.
- :func:`upgrade`, :func:`ensure_schema`, :func:`schema_state`: Alembic migrations shipped in
  the package; each area has a labelled chain, so upgrading always means ``upgrade heads``.
- :mod:`majlis.store.bulk`: many rows in few statements; :func:`~majlis.store.bulk.load_roll`
  loads a party's roll (``COPY``, ``json_each``, threads).
- :func:`driver_connection`, :func:`threads_may_share`: the driver's own connection under a
  session, for the bulk paths; :func:`snapshot_twin`: on SQLite, a second connection that
  reads what a session's new transaction reads.
- :class:`Base` / :data:`metadata`: the one declarative base; each area keeps its rows in its
  own module (``registry_rows``, ``elections_rows``, ``parliament_rows``, ...), which only that
  area imports (the import contracts in ``pyproject.toml``); other areas call its services.
- :func:`column_length`: the declared length of a text column, by name (``"party.slug"``),
  the one source of a field's limit for the adapters.
"""

from majlis.store import (
    api_rows,
    audit_rows,
    elections_rows,
    parliament_rows,
    pvt_rows,
    registry_rows,
    results_rows,
)
from majlis.store._base import Base, column_length
from majlis.store._driver import driver_connection, snapshot_twin, threads_may_share
from majlis.store._engine import is_sqlite, make_engine, session_factory
from majlis.store._migrate import SchemaState, alembic_config, ensure_schema, schema_state, upgrade
from majlis.store._session import session_scope, sibling_sessions
from majlis.store._url import DATABASE_URL_VARIABLE, default_sqlite_path, resolve_database_url

#: The metadata of every table of every area (for Alembic and tests).
metadata = Base.metadata

__all__ = [
    "DATABASE_URL_VARIABLE",
    "Base",
    "SchemaState",
    "alembic_config",
    "api_rows",
    "audit_rows",
    "column_length",
    "default_sqlite_path",
    "driver_connection",
    "elections_rows",
    "ensure_schema",
    "is_sqlite",
    "make_engine",
    "metadata",
    "parliament_rows",
    "pvt_rows",
    "registry_rows",
    "resolve_database_url",
    "results_rows",
    "schema_state",
    "session_factory",
    "session_scope",
    "sibling_sessions",
    "snapshot_twin",
    "threads_may_share",
    "upgrade",
]
