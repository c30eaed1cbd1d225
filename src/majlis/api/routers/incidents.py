"""Incidents at polling stations: observers and commissions log them, anyone reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from majlis import results
from majlis.api._text import Line, column_length
from majlis.api.deps import SessionDep, require
from majlis.api.errors import ApiError
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["incidents"])

Slug = Annotated[
    str,
    Path(min_length=1, max_length=column_length("incident.election"), pattern=r"^[A-Za-z0-9_.-]+$"),
]
Code = Annotated[
    str,
    Path(
        min_length=1, max_length=column_length("polling_station.code"), pattern=r"^[A-Za-z0-9_.-]+$"
    ),
]
Logger = Annotated[Principal, Depends(require(Role.COMMISSION, Role.OBSERVER))]
Category = Literal[
    "ballot-stuffing",
    "carousel-voting",
    "pressure",
    "observer-removed",
    "protocol-not-posted",
    "other",
]


class IncidentCreate(BaseModel):
    """An incident seen at a station; ``observer`` only when a commission logs it for one."""

    station: Annotated[str, Line("polling_station.code", pattern=r"^[A-Za-z0-9_.-]+$")]
    category: Category
    description: str = Field(min_length=1, max_length=4000)
    observed_at: datetime | None = Field(default=None, description="When it happened (UTC).")
    evidence_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    observer: Annotated[str | None, Line("incident.observer")] = None


class IncidentPublic(BaseModel):
    """A logged incident."""

    id: int
    election: str
    station: str
    observer: str
    observed_at: datetime
    category: str
    description: str
    evidence_sha256: str | None
    recorded_by: str
    recorded_at: datetime


def _public(incident: results.Incident) -> IncidentPublic:
    return IncidentPublic(
        id=incident.id,
        election=incident.election,
        station=incident.station,
        observer=incident.observer,
        observed_at=incident.observed_at,
        category=incident.category.value,
        description=incident.description,
        evidence_sha256=incident.evidence_sha256,
        recorded_by=incident.recorded_by,
        recorded_at=incident.recorded_at,
    )


@router.post("/elections/{slug}/incidents", response_model=IncidentPublic, status_code=201)
def post_incident(
    slug: Slug, body: IncidentCreate, session: SessionDep, caller: Logger
) -> IncidentPublic:
    """Log an incident (observer: in their own name; commission: for a named observer)."""
    if caller.role is Role.OBSERVER and body.observer not in (None, caller.name, caller.actor):
        raise ApiError(403, "forbidden", "An observer logs incidents in their own name only.")
    incident = results.record_incident(
        session,
        election=slug,
        station=body.station,
        observer=caller.actor if caller.role is Role.OBSERVER else body.observer or caller.actor,
        category=body.category,
        description=body.description,
        observed_at=body.observed_at,
        evidence_sha256=body.evidence_sha256,
        recorded_by=caller.actor,
    )
    return _public(incident)


@router.get("/elections/{slug}/incidents", response_model=list[IncidentPublic])
def get_incidents(
    slug: Slug,
    session: SessionDep,
    category: Annotated[Category | None, Query(description="Only this category.")] = None,
) -> list[IncidentPublic]:
    """Every incident of an election, in logging order (public)."""
    return [_public(i) for i in results.list_incidents(session, slug, category=category)]


@router.get("/elections/{slug}/stations/{code}/incidents", response_model=list[IncidentPublic])
def get_station_incidents(slug: Slug, code: Code, session: SessionDep) -> list[IncidentPublic]:
    """The incidents logged at one station, in logging order (public)."""
    if not results.station_places(session, [code]):
        raise ApiError(404, "not_found", f"No polling station '{code}'.")
    return [_public(i) for i in results.list_incidents(session, slug, station=code)]
