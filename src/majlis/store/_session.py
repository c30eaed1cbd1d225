"""One unit of work against the configured database, for adapters (CLI, API jobs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from majlis.store._engine import make_engine, session_factory
from majlis.store._migrate import ensure_schema

__all__ = ["session_scope"]


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """Open the database (schema created on first use), yield a session, commit on success.

    Any exception rolls the transaction back; the engine is disposed afterwards.
    """
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        with session_factory(engine)() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        engine.dispose()
