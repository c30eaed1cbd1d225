"""``majlis incidents add|list``: incidents observers saw at polling stations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from majlis.cli._app import app
from majlis.i18n import DEFAULT, N_, current
from majlis.i18n import gettext as _
from majlis.results import IncidentCategory, list_incidents, record_incident
from majlis.store import session_scope

#: the kinds of incident as words (English keeps the codes)
_CATEGORIES = {
    "ballot-stuffing": N_("ballot stuffing"),
    "carousel-voting": N_("carousel voting"),
    "pressure": N_("pressure on voters"),
    "observer-removed": N_("observer removed"),
    "protocol-not-posted": N_("protocol not posted"),
    "other": N_("other"),
}

incidents_app = typer.Typer(
    help=N_("Incidents at polling stations (append-only)."), no_args_is_help=True
)
app.add_typer(incidents_app, name="incidents")

Election = Annotated[
    str, typer.Option("--election", "-e", help=N_("Election code, e.g. kz-majlis-2021."))
]


@incidents_app.command("add")
def add(
    station: Annotated[str, typer.Argument(help=N_("Polling-station code."))],
    election: Election,
    observer: Annotated[str, typer.Option(help=N_("Who saw it."))],
    category: Annotated[IncidentCategory, typer.Option(help=N_("What kind of incident."))],
    description: Annotated[str, typer.Option(help=N_("What happened, in plain words."))],
    at: Annotated[
        datetime | None, typer.Option(help=N_("When it happened (ISO time, UTC if no zone)."))
    ] = None,
    evidence_sha256: Annotated[
        str | None, typer.Option(help=N_("SHA-256 of the photo/video/document kept elsewhere."))
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
        _(
            "incident #%(id)s at station %(station)s: %(category)s seen by %(observer)s at "
            "%(at)s UTC"
        )
        % {
            "id": incident.id,
            "station": station,
            "category": _category(incident.category),
            "observer": incident.observer,
            "at": f"{incident.observed_at:%Y-%m-%d %H:%M}",
        },
        markup=False,
    )


@incidents_app.command("list")
def list_(
    election: Election,
    station: Annotated[str | None, typer.Option(help=N_("Only this station."))] = None,
    category: Annotated[IncidentCategory | None, typer.Option(help=N_("Only this kind."))] = None,
) -> None:
    """The incidents of an election (or one station), in logging order."""
    with session_scope() as session:
        found = list_incidents(session, election, station=station, category=category)
    console = Console()
    if not found:
        values = {"election": election, "station": station}
        console.print(
            _("no incidents logged for %(election)s at %(station)s") % values
            if station
            else _("no incidents logged for %(election)s") % values,
            markup=False,
        )
        return
    table = Table(title=_("Incidents · %(election)s") % {"election": election})
    for column in (
        "#",
        _("station"),
        _("seen at (UTC)"),
        _("category"),
        _("observer"),
        _("description"),
        _("evidence"),
    ):
        table.add_column(column)
    for i in found:
        table.add_row(
            str(i.id),
            i.station,
            f"{i.observed_at:%Y-%m-%d %H:%M}",
            _category(i.category),
            i.observer,
            i.description,
            (i.evidence_sha256 or "")[:12],
        )
    console.print(table)


def _category(category: IncidentCategory) -> str:
    """An incident's kind: its code in English, a word in another language."""
    if current() == DEFAULT or category.value not in _CATEGORIES:
        return category.value
    return _(_CATEGORIES[category.value])
