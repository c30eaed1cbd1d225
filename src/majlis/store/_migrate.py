"""Alembic, run programmatically from the migrations shipped inside the package.

Every area keeps its own chain of revisions with a *branch label* (``registry``, ``results``,
``parliament``, ...), so the schema is always brought up with ``upgrade heads``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from sqlalchemy import Engine

from majlis.errors import ConfigurationError

__all__ = ["SchemaState", "alembic_config", "ensure_schema", "schema_state", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """Return an Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
        config.attributes["engine"] = engine
    return config


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands: the revisions applied and the heads the code ships."""

    current: frozenset[str]
    heads: frozenset[str]

    @property
    def up_to_date(self) -> bool:
        """Whether every shipped head is applied."""
        return self.heads <= self.current

    @property
    def empty(self) -> bool:
        """Whether no revision has ever been applied."""
        return not self.current


def schema_state(engine: Engine) -> SchemaState:
    """Return the applied revisions of ``engine`` and the heads of the packaged migrations."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as connection:
        stamped = MigrationContext.configure(connection).get_current_heads()
    # A chain that depends_on another stamps only its own head: its dependencies are applied too.
    applied: set[str] = set()
    for head in stamped:
        try:
            applied.update(r.revision for r in script.iterate_revisions(head, "base") if r)
        except RevisionError:  # a revision this code does not ship: keep it as stamped
            applied.add(head)
    return SchemaState(current=frozenset(applied), heads=frozenset(script.get_heads()))


def upgrade(engine: Engine, *, target: str = "heads") -> SchemaState:
    """Apply every pending migration of every area (``upgrade heads``) and return the state."""
    command.upgrade(alembic_config(engine), target)
    return schema_state(engine)


def ensure_schema(engine: Engine) -> SchemaState:
    """Create the schema on a fresh database; refuse to run on an out-of-date one.

    Raises:
        ConfigurationError: the database has an older schema (run ``majlis db upgrade``).
    """
    state = schema_state(engine)
    if state.empty:
        return upgrade(engine)
    if not state.up_to_date:
        missing = ", ".join(sorted(state.heads - state.current)) or "none"
        raise ConfigurationError(
            f"the database at {engine.url.render_as_string(hide_password=True)} has an older "
            f"schema (missing heads: {missing}); run 'majlis db upgrade' first",
            code="store.schema_old",
            params={"url": engine.url.render_as_string(hide_password=True), "missing": missing},
        )
    return state
