"""``majlis incidents add|list``: incidents observers saw at polling stations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis.cli._app import app
from majlis.results import IncidentCategory, list_incidents, record_incident
from majlis.store import session_scope

incidents_app = typer.Typer(
    help="Incidents at polling stations (append-only).", no_args_is_help=True
)
app.add_typer(incidents_app, name="incidents")

Election = Annotated[
    str, typer.Option("--election", "-e", help="Election code, e.g. kz-majlis-2021.")
]


@incidents_app.command("add")
def add(
    station: Annotated[str, typer.Argument(help="Polling-station code.")],
    election: Election,
    observer: Annotated[str, typer.Option(help="Who saw it.")],
    category: Annotated[IncidentCategory, typer.Option(help="What kind of incident.")],
    description: Annotated[str, typer.Option(help="What happened, in plain words.")],
    at: Annotated[
        datetime | None, typer.Option(help="When it happened (ISO time, UTC if no zone).")
    ] = None,
    evidence_sha256: Annotated[
        str | None, typer.Option(help="SHA-256 of the photo/video/document kept elsewhere.")
    ] = None,
) -> None:
    """Log an incident (nothing is ever edited or deleted afterwards)."""
    with session_scope() as session, session.begin():
        incident = record_incident(
            session,
            election=election,
            station=station,
            observer=observer,
            category=category,
            description=description,
            observed_at=at,
            evidence_sha256=evidence_sha256,
        )
    Console().print(
        f"incident #{incident.id} at station {station}: {incident.category.value} "
        f"seen by {incident.observer} at {incident.observed_at:%Y-%m-%d %H:%M} UTC"
    )


@incidents_app.command("list")
def list_(
    election: Election,
    station: Annotated[str | None, typer.Option(help="Only this station.")] = None,
    category: Annotated[IncidentCategory | None, typer.Option(help="Only this kind.")] = None,
) -> None:
    """The incidents of an election (or one station), in logging order."""
    with session_scope() as session:
        found = list_incidents(session, election, station=station, category=category)
    console = Console()
    if not found:
        console.print(f"no incidents logged for {election}" + (f" at {station}" if station else ""))
        return
    table = Table(title=f"Incidents · {election}")
    for column in (
        "#",
        "station",
        "seen at (UTC)",
        "category",
        "observer",
        "description",
        "evidence",
    ):
        table.add_column(column)
    for i in found:
        table.add_row(
            str(i.id),
            i.station,
            f"{i.observed_at:%Y-%m-%d %H:%M}",
            i.category.value,
            i.observer,
            i.description,
            (i.evidence_sha256 or "")[:12],
        )
    console.print(table)
