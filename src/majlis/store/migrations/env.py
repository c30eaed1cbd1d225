"""Alembic environment: runs on the engine handed over by majlis.store (online only)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine

from majlis.store import metadata

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    """Run the migrations on the engine in ``config.attributes`` or the configured URL."""
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("majlis runs its migrations online only (majlis db upgrade)")
run_migrations_online()
