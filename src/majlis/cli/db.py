"""``majlis db info|upgrade``: where the database is and bringing its schema up to date."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

from majlis import store
from majlis.cli._app import app
from majlis.i18n import N_

db_app = typer.Typer(help=N_("The database: where it is, and migrating it."), no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("info")
def info() -> None:
    """Show the database URL (or SQLite file), its schema revisions and whether it is current."""
    url = store.resolve_database_url()
    engine = store.make_engine(url)
    try:
        state = store.schema_state(engine)
    finally:
        engine.dispose()
    parsed = make_url(url)
    table = Table(show_header=False, box=None)
    table.add_row("backend", parsed.get_backend_name())
    if parsed.get_backend_name() == "sqlite":
        table.add_row("file", str(parsed.database))
    table.add_row("url", parsed.render_as_string(hide_password=True))
    table.add_row("applied", ", ".join(sorted(state.current)) or "(none — run 'majlis db upgrade')")
    table.add_row("heads", ", ".join(sorted(state.heads)))
    table.add_row("up to date", "yes" if state.up_to_date else "no")
    Console().print(table)


@db_app.command("upgrade")
def upgrade() -> None:
    """Apply every pending migration of every area (Alembic ``upgrade heads``)."""
    engine = store.make_engine()
    try:
        state = store.upgrade(engine)
    finally:
        engine.dispose()
    Console().print(f"database at revision(s): {', '.join(sorted(state.current))}")
