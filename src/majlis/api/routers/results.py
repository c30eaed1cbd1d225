"""Protocols (submit, second entry, resolve, correct), tabulation, discrepancies, exports."""

from __future__ import annotations

import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from majlis import csvsafe, parliament, results
from majlis.api._text import column_length
from majlis.api.deps import PageParams, SessionDep, require
from majlis.api.errors import ApiError
from majlis.api.schemas import Page
from majlis.api.schemas_results import (
    CorrectionCreate,
    CorrectionPublic,
    DifferencePublic,
    DiscrepancyPublic,
    FinalisationCreate,
    FinalisationPublic,
    ProtocolCreate,
    ProtocolPublic,
    SubmissionPublic,
    TallyPublic,
    discrepancy_public,
    finding_public,
    protocol_public,
    tally_public,
)
from majlis.api.seats import ElectionSeatsPublic, PendingPublic, pending_public, seats_public
from majlis.cache import CachedBody, ResultsCache, results_probe
from majlis.store.tokens import Principal, Role

router = APIRouter(tags=["results"])

Slug = Annotated[
    str,
    Path(
        min_length=1,
        max_length=column_length("protocol_version.election"),
        pattern=r"^[A-Za-z0-9_.-]+$",
    ),
]
Code = Annotated[
    str,
    Path(
        min_length=1, max_length=column_length("polling_station.code"), pattern=r"^[A-Za-z0-9_.-]+$"
    ),
]
Commission = Annotated[Principal, Depends(require(Role.COMMISSION))]
Enterer = Annotated[Principal, Depends(require(Role.COMMISSION, Role.OBSERVER))]
Reader = Annotated[Principal, Depends(require(Role.COMMISSION, Role.OBSERVER, Role.PARTY_OFFICER))]


class StationPublic(BaseModel):
    """A polling station and where it sits in the commission hierarchy."""

    code: str
    region: str
    territorial: str
    address: str
    registered_voters: int


class ResultsPublic(BaseModel):
    """Published results: the national tally, one level's tallies and the seats.

    ``provisional`` is true while a station awaits resolution or is missing (``pending``).
    """

    election: str
    list_names: list[str]
    provisional: bool
    pending: PendingPublic
    national: TallyPublic
    level: str
    tallies: list[TallyPublic]
    seats: ElectionSeatsPublic | None


def _protocol(body: ProtocolCreate, election: str, caller: Principal) -> results.Protocol:
    source = results.Source(body.source)
    if caller.role is Role.OBSERVER and source is not results.Source.OBSERVER:
        raise ApiError(403, "forbidden", "An observer submits observer copies only.")
    if caller.role is Role.COMMISSION and source is results.Source.OBSERVER:
        raise ApiError(403, "forbidden", "Observer copies are submitted by observers.")
    return results.Protocol(
        election,
        body.station,
        body.lines.to_lines(),
        source=source,
        observer=caller.actor if source is results.Source.OBSERVER else None,
        evidence_sha256=body.evidence_sha256,
        reason=body.reason,
    )


@router.post("/elections/{slug}/protocols", response_model=SubmissionPublic, status_code=201)
def post_protocol(
    slug: Slug, body: ProtocolCreate, session: SessionDep, caller: Enterer
) -> SubmissionPublic:
    """Submit a protocol: an entry or the official figures (commission), a copy (observer)."""
    stored = results.record_protocol(
        session, _protocol(body, slug, caller), entered_by=caller.actor, reason=body.reason
    )
    findings = results.check_protocol(stored)
    return SubmissionPublic(
        protocol=protocol_public(stored), findings=[finding_public(f) for f in findings]
    )


@router.get("/elections/{slug}/stations/{code}/protocols", response_model=list[ProtocolPublic])
def get_protocols(slug: Slug, code: Code, session: SessionDep, _r: Reader) -> list[ProtocolPublic]:
    """Every version of every source of a station's protocol, oldest first (any token)."""
    return [
        protocol_public(
            v.protocol,
            entered_by=v.entered_by,
            entered_at=v.entered_at,
            content_hash=v.content_hash,
        )
        for v in results.protocol_history(session, slug, code)
    ]


@router.get("/elections/{slug}/stations/{code}/differences", response_model=list[DifferencePublic])
def get_differences(
    slug: Slug, code: Code, session: SessionDep, _r: Reader
) -> list[DifferencePublic]:
    """Where the station's two data entries differ (any token)."""
    return [
        DifferencePublic(field=d.field, first=d.first, second=d.second)
        for d in results.entry_differences(session, slug, code)
    ]


@router.post(
    "/elections/{slug}/stations/{code}/finalisation",
    response_model=FinalisationPublic,
    status_code=201,
)
def post_finalisation(
    slug: Slug, code: Code, body: FinalisationCreate, session: SessionDep, caller: Commission
) -> FinalisationPublic:
    """Make the station final from its two entries, resolving differences (commission)."""
    resolution = (
        results.Resolution(caller.actor, body.resolution.values, body.resolution.note)
        if body.resolution
        else None
    )
    done = results.finalise_station(
        session, slug, code, decided_by=caller.actor, resolution=resolution
    )
    return FinalisationPublic(
        protocol=protocol_public(done.protocol),
        method=done.method,
        warnings=[finding_public(f) for f in done.warnings],
    )


@router.post(
    "/elections/{slug}/stations/{code}/corrections",
    response_model=CorrectionPublic,
    status_code=201,
)
def post_correction(
    slug: Slug, code: Code, body: CorrectionCreate, session: SessionDep, caller: Enterer
) -> CorrectionPublic:
    """Correct a protocol by a new version with a reason; nothing is overwritten."""
    if body.station != code:
        raise ApiError(422, "validation_error", f"'station' must be {code!r} as in the path.")
    done = results.correct_protocol(
        session, _protocol(body, slug, caller), reason=body.reason, entered_by=caller.actor
    )
    final = (
        FinalisationPublic(
            protocol=protocol_public(done.final.protocol),
            method=done.final.method,
            warnings=[finding_public(f) for f in done.final.warnings],
        )
        if done.final
        else None
    )
    return CorrectionPublic(
        protocol=protocol_public(done.protocol),
        final=final,
        errors=[finding_public(f) for f in done.errors],
    )


def _cached(request: Request, body: bytes, etag: str) -> Response:
    headers = {"ETag": etag, "Cache-Control": "public, max-age=0, must-revalidate"}
    wanted = request.headers.get("if-none-match", "")
    if etag in {t.strip() for t in wanted.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def _build_results(session: Session, election: str, level: results.Level) -> bytes:
    tab = results.tabulate_election(session, election)
    status = results.count_status(session, election)
    seats = parliament.election_seats(session, election, tabulation=tab)
    payload = ResultsPublic(
        election=election,
        list_names=list(tab.list_names),
        provisional=status.provisional,
        pending=pending_public(status),
        national=tally_public(tab.national),
        level=level.value,
        tallies=[tally_public(t) for t in tab.tallies(level)],
        seats=seats_public(seats, status) if seats is not None else None,
    )
    return json.dumps(jsonable_encoder(payload), separators=(",", ":")).encode()


def _load_results(state: Any, slug: str, level: results.Level) -> CachedBody:
    """Revalidate (or build) the cached results in a session of their own."""
    cache: ResultsCache = state.results_cache
    with state.session_factory() as session:
        return cache.get(
            ("results", slug, level),
            probe=lambda: results_probe(session, slug),
            build=lambda: _build_results(session, slug, level),
        )


@router.get("/elections/{slug}/results", response_model=ResultsPublic)
async def get_results(
    request: Request,
    slug: Slug,
    level: Annotated[results.Level, Query()] = results.Level.REGION,
) -> Response:
    """Published results over final protocols: national, per level, seats (public, cached).

    A body checked within the last ``MAJLIS_RESULTS_CACHE_SECONDS`` is served straight from
    memory; otherwise one worker thread asks the database whether it changed.
    """
    state = request.app.state
    cached = state.results_cache.fresh(("results", slug, level))
    if cached is None:
        cached = await run_in_threadpool(_load_results, state, slug, level)
    return _cached(request, cached.body, cached.etag)


@router.get("/stations", response_model=Page[StationPublic])
def get_stations(
    session: SessionDep,
    page: PageParams,
    region: Annotated[str | None, Query(max_length=column_length("polling_station.region"))] = None,
    territorial: Annotated[str | None, Query(max_length=32)] = None,
) -> Page[StationPublic]:
    """Polling stations, filtered by region or territorial commission (public)."""
    places = [
        p
        for p in results.station_places(session).values()
        if (region is None or p.region == region)
        and (territorial is None or p.territorial == territorial)
    ]
    places.sort(key=lambda p: p.code)
    chosen = places[page.offset : page.offset + page.limit]
    return Page[StationPublic](
        data=[
            StationPublic(
                code=p.code,
                region=p.region,
                territorial=p.territorial,
                address=p.address,
                registered_voters=p.registered_voters,
            )
            for p in chosen
        ],
        count=len(places),
    )


@router.get("/elections/{slug}/discrepancies", response_model=Page[DiscrepancyPublic])
def get_discrepancies(
    slug: Slug,
    session: SessionDep,
    kind: Annotated[Literal["observer", "published"], Query()] = "observer",
    min_size: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[DiscrepancyPublic]:
    """Stations whose observer copies (or published totals) differ from official figures."""
    found = (
        results.observer_discrepancies(session, slug)
        if kind == "observer"
        else results.published_discrepancies(session, slug)
    )
    chosen = sorted((d for d in found if d.size >= min_size), key=lambda d: (-d.size, d.unit))
    return Page[DiscrepancyPublic](data=[discrepancy_public(d) for d in chosen], count=len(chosen))


@router.get(
    "/elections/{slug}/stations.{fmt}",
    responses={200: {"content": {"text/csv": {}, "application/vnd.apache.parquet": {}}}},
    response_class=Response,
)
def get_station_export(
    slug: Slug, fmt: Annotated[Literal["csv", "parquet"], Path()], session: SessionDep
) -> Response:
    """Per-station open data over final protocols, as CSV or Parquet (public)."""
    frame = results.station_frame(session, slug)
    buffer = io.BytesIO()
    if fmt == "csv":
        csvsafe.safe_frame(frame).write_csv(buffer)
        media = "text/csv; charset=utf-8"
    else:
        frame.write_parquet(buffer)
        media = "application/vnd.apache.parquet"
    return Response(
        buffer.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{slug}-stations.{fmt}"'},
    )
