"""Drill-down below the national results: a region, a territorial commission, station search."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import results
from majlis.errors import InputError
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._drill import Drill, drill
from majlis.web._election import election_title, pick_election
from majlis.web._labels import region_label
from majlis.web._levels import result_table, units_table
from majlis.web._tables import DataTable, Format, download
from majlis.web.charts import colour
from majlis.web.i18n import gettext

router = APIRouter()

Election = Annotated[str | None, Query(max_length=64)]
Region = Annotated[str, Path(max_length=100)]
Territory = Annotated[str, Path(max_length=32)]
TableName = Annotated[str, Query(max_length=32)]


def _region(d: Drill, region: str) -> tuple[dict[str, Any], dict[str, DataTable]]:
    row = d.region(region)
    children = d.territories(region)
    names = d.tabulation.list_names
    crumbs = [(gettext("National"), f"/results?election={d.slug}"), (row.label, None)]
    page = {
        "row": row,
        "children": children,
        "crumbs": crumbs,
        "child_label": gettext("Territorial commission"),
        "children_label": gettext("Territorial commissions"),
        "child_table": "territories",
    }
    return (
        page,
        {
            "result": result_table(row),
            "territories": units_table("territories", children, names),
        },
    )


def _territory(d: Drill, code: str) -> tuple[dict[str, Any], dict[str, DataTable]]:
    row = d.territory(code)
    region = next(p.region for p in d.places.values() if p.territorial == code)
    children = d.stations(code)
    names = d.tabulation.list_names
    crumbs = [
        (gettext("National"), f"/results?election={d.slug}"),
        (region_label(region), d.region_href(region)),
        (gettext("Territorial commission %(code)s") % {"code": code}, None),
    ]
    page = {
        "row": row,
        "children": children,
        "crumbs": crumbs,
        "child_label": gettext("Polling station"),
        "children_label": gettext("Polling stations"),
        "child_table": "stations",
    }
    return (
        page,
        {"result": result_table(row), "stations": units_table("stations", children, names)},
    )


def _level(
    request: Request, session: SessionDep, viewer: Any, slug: str, page: dict[str, Any], base: str
) -> Response:
    row = page["row"]
    return templates.TemplateResponse(
        request,
        "level.html",
        page
        | {
            "viewer": viewer,
            "title": f"{row.label} · {election_title(session, slug)}",
            "slug": slug,
            "names": [n for n, _ in row.tally.votes],
            "colours": {n: colour(i, n) for i, (n, _) in enumerate(row.tally.votes)},
            "status": results.count_status(session, slug),
            "base": base,
        },
    )


@router.get("/results/regions/{region}/table.{fmt}")
def region_table(
    request: Request,
    session: SessionDep,
    region: Region,
    fmt: Format,
    table: TableName,
    election: Election = None,
) -> Response:
    """One table of a region's page as CSV or JSON."""
    slug = pick_election(session, election)
    _, tables = _region(drill(request.app.state, session, slug), region)
    return download(tables, table, fmt, stem=f"{slug}-{region}")


@router.get("/results/regions/{region}", response_class=HTMLResponse)
def region_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    region: Region,
    election: Election = None,
) -> Response:
    """A region: its result, turnout and signals, and its territorial commissions."""
    slug = pick_election(session, election)
    page, _ = _region(drill(request.app.state, session, slug), region)
    return _level(request, session, viewer, slug, page, quote(request.url.path))


@router.get("/results/territories/{code}/table.{fmt}")
def territory_table(
    request: Request,
    session: SessionDep,
    code: Territory,
    fmt: Format,
    table: TableName,
    election: Election = None,
) -> Response:
    """One table of a territorial commission's page as CSV or JSON."""
    slug = pick_election(session, election)
    _, tables = _territory(drill(request.app.state, session, slug), code)
    return download(tables, table, fmt, stem=f"{slug}-{code}")


@router.get("/results/territories/{code}", response_class=HTMLResponse)
def territory_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    code: Territory,
    election: Election = None,
) -> Response:
    """A territorial commission: its result and signals, and its stations."""
    slug = pick_election(session, election)
    page, _ = _territory(drill(request.app.state, session, slug), code)
    return _level(request, session, viewer, slug, page, quote(request.url.path))


@router.get("/stations", response_class=HTMLResponse)
def station_search(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=300)] = "",
    election: Election = None,
) -> Response:
    """Stations whose code or address contains ``q`` (the first 100, by code)."""
    needle = q.strip()
    if "\x00" in needle:
        raise InputError.expected(what="the search", expected="text without NUL bytes", got=q)
    found: list[results.StationPlace] = []
    if needle:
        codes = results.find_stations(session, needle, limit=100)
        places = results.station_places(session, list(codes))
        found = [places[c] for c in codes if c in places]
    return templates.TemplateResponse(
        request,
        "stations.html",
        {
            "viewer": viewer,
            "title": gettext("Find a polling station"),
            "q": needle,
            "found": found,
            "election": election or "",
            "region_label": region_label,
        },
    )
