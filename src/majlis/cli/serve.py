"""``majlis serve`` and ``majlis token create|revoke|list``."""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from typing import Annotated

import typer
import uvicorn
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from majlis import registry, store
from majlis.api import Settings
from majlis.cli._app import app
from majlis.cli._output import print_table
from majlis.errors import ConfigurationError
from majlis.i18n import N_
from majlis.store.tokens import Role, issue_token, list_tokens, revoke_token

token_app = typer.Typer(help=N_("Issue, list and revoke API tokens."), no_args_is_help=True)
app.add_typer(token_app, name="token")

DbOption = Annotated[
    str | None,
    typer.Option("--database-url", help=N_("SQLAlchemy URL (default: $MAJLIS_DATABASE_URL).")),
]


def _settings(database_url: str | None) -> Settings:
    return Settings(database_url=database_url) if database_url else Settings()


def _session(database_url: str | None) -> AbstractContextManager[Session]:
    """A session committed on success, its engine disposed afterwards (no connection left)."""
    return store.session_scope(_settings(database_url).database_url)


@app.command()
def serve(
    database_url: DbOption = None,
    host: Annotated[str | None, typer.Option(help=N_("Interface to bind."))] = None,
    port: Annotated[int | None, typer.Option(help=N_("TCP port."))] = None,
    workers: Annotated[int | None, typer.Option(help=N_("Worker processes (PostgreSQL)."))] = None,
) -> None:
    """Serve the REST API and the dashboard (SQLite by default, PostgreSQL in production)."""
    settings = _settings(database_url)
    url = settings.database_url or store.resolve_database_url()
    host = host or settings.host
    port = port or settings.port
    workers = workers or settings.workers
    engine = store.make_engine(url)
    if store.is_sqlite(engine) and workers > 1:
        raise ConfigurationError(
            f"SQLite serves one worker; got --workers {workers}. "
            "Use PostgreSQL (MAJLIS_DATABASE_URL=postgresql+psycopg://...) for several.",
            code="serve.sqlite_workers",
            params={"workers": workers},
        )
    store.ensure_schema(engine)
    engine.dispose()
    os.environ[store.DATABASE_URL_VARIABLE] = url
    Console(stderr=True).print(
        f"majlis on http://{host}:{port} (database {engine.dialect.name}, "
        f"{workers} worker{'s' if workers > 1 else ''}); API docs at /docs"
    )
    uvicorn.run(
        "majlis.api.app:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level,
        access_log=False,
    )


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help=N_("Who holds the token."))],
    role: Annotated[Role, typer.Option(help=N_("What it may do."))],
    party: Annotated[
        str | None,
        typer.Option(
            metavar="SLUG",
            help=N_("The party of a party officer: its slug, as 'majlis party list' shows it."),
        ),
    ] = None,
    days: Annotated[int, typer.Option(help=N_("Lifetime in days."))] = 90,
    database_url: DbOption = None,
) -> None:
    """Issue a token and print its secret (shown once)."""
    with _session(database_url) as session:
        party_id = registry.get_party(session, party).id if party is not None else None
        issued = issue_token(session, name=name, role=role, party_id=party_id, days=days)
    console = Console()
    console.print(
        f"token {issued.info.id} for {name} ({role.value}), expires "
        f"{issued.info.expires_at:%Y-%m-%d}; keep the secret, it is not shown again:"
    )
    console.print(issued.secret, soft_wrap=True, highlight=False)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help=N_("The id shown by `majlis token list`."))],
    database_url: DbOption = None,
) -> None:
    """Revoke a token; it stops working at once."""
    with _session(database_url) as session:
        info = revoke_token(session, token_id)
    Console().print(f"token {info.id} ({info.name}) revoked at {info.revoked_at:%Y-%m-%d %H:%M}")


@token_app.command("list")
def token_list(
    active: Annotated[bool, typer.Option(help=N_("Only tokens that still work."))] = False,
    database_url: DbOption = None,
) -> None:
    """List tokens (never their secrets)."""
    with _session(database_url) as session:
        infos = list_tokens(session, active_only=active)
        slugs = {p.id: p.slug for p, _ in registry.list_parties(session)}
    table = Table("id", "name", "role", "party", "expires", "state", title="API tokens")
    for info in infos:
        state = "active" if info.is_active() else ("revoked" if info.revoked_at else "expired")
        table.add_row(
            str(info.id),
            info.name,
            info.role.value,
            slugs.get(info.party_id, str(info.party_id)) if info.party_id else "",
            f"{info.expires_at:%Y-%m-%d}",
            state,
        )
    print_table(table)
