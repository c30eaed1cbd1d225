"""A database session for one command: the configured database, schema checked, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from majlis import store

__all__ = ["command_session"]


@contextmanager
def command_session() -> Iterator[Session]:
    """Yield a session in a transaction that commits when the command succeeds."""
    engine = store.make_engine()
    try:
        store.ensure_schema(engine)
        with store.session_factory(engine)() as session, session.begin():
            yield session
    finally:
        engine.dispose()
