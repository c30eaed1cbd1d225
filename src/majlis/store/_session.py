"""One unit of work against the configured database, for adapters (CLI, API jobs)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from majlis.store._engine import READ_ONLY, make_engine, session_factory
from majlis.store._migrate import ensure_schema

__all__ = ["session_scope", "sibling_sessions"]


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


def sibling_sessions(session: Session) -> Callable[[], Session] | None:
    """A factory of more read-only sessions on ``session``'s database; None for a private one.

    A sibling session has a connection of its own, sees only what is committed and only
    reads (on SQLite its transactions take no write lock, so it never waits for ``session``'s
    own); an in-memory SQLite database is private to its connection, so it has none.
    """
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if engine.dialect.name == "sqlite":
        if engine.url.database in (None, "", ":memory:"):
            return None
        return session_factory(engine.execution_options(**{READ_ONLY: True}))
    return session_factory(engine.execution_options(postgresql_readonly=True))
