"""Published results: national and regional tables, turnout, seats with their trace."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from majlis import parliament, record, results
from majlis.cache import CachedBody, ResultsCache, results_probe
from majlis.store.tokens import Principal, verify_token
from majlis.trace_text import trace_lines
from majlis.web._deps import COOKIE, SessionDep, templates
from majlis.web._drill import drill
from majlis.web._election import election_title, pick_election
from majlis.web._levels import result_table, units_table
from majlis.web._tables import DataTable, Format, download
from majlis.web.charts import colour, hemicycle
from majlis.web.i18n import current, gettext

router = APIRouter()


@router.get("/results", response_class=HTMLResponse)
async def results_page(
    request: Request, election: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    """National and regional results over final protocols, with the seat allocation.

    The public's page is served from memory while fresh and rebuilt only when a final
    protocol changed; logged-in viewers get it rendered for them.
    """
    if COOKIE not in request.cookies:
        hit = request.app.state.results_cache.fresh(("page", election or "", current()))
        if hit is not None:
            return _html(hit)
    return await run_in_threadpool(_page, request, election)


def _html(page: CachedBody) -> Response:
    return Response(page.body, media_type="text/html; charset=utf-8", headers={"ETag": page.etag})


def _page(request: Request, election: str | None) -> Response:
    with request.app.state.session_factory() as session:
        secret = request.cookies.get(COOKIE)
        viewer = verify_token(session, secret) if secret else None
        slug = pick_election(session, election)
        if viewer is not None:
            return _render(request, session, viewer, slug)
        cache: ResultsCache = request.app.state.results_cache
        return _html(
            cache.get(
                ("page", election or "", current()),
                probe=lambda: results_probe(session, slug),
                build=lambda: bytes(_render(request, session, None, slug).body),
            )
        )


def _tables(
    request: Request, session: Session, slug: str
) -> tuple[dict[str, Any], dict[str, DataTable]]:
    """What the page shows and the tables it offers for download, from one service call each."""
    d = drill(request.app.state, session, slug)
    tab = d.tabulation
    done = parliament.election_seats(session, slug, tabulation=tab)
    seats = {r.name: r.seats for r in done.rows} if done else None
    national = d.national()
    regions = d.regions()
    tables = {
        "national": result_table(national, seats=seats),
        "regions": units_table("regions", regions, tab.list_names),
    }
    return {
        "tab": tab,
        "done": done,
        "seats": seats,
        "national": national,
        "regions": regions,
        "audit_note": d.audit_note,
    }, tables


@router.get("/results/table.{fmt}")
def results_table(
    request: Request,
    session: SessionDep,
    fmt: Format,
    table: Annotated[str, Query(max_length=32)],
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """One table of the results page (``national`` with seats, ``regions``) as CSV or JSON."""
    slug = pick_election(session, election)
    _, tables = _tables(request, session, slug)
    return download(tables, table, fmt, stem=slug)


def _render(request: Request, session: Session, viewer: Principal | None, slug: str) -> Response:
    shown, _ = _tables(request, session, slug)
    tab, done, seats = shown["tab"], shown["done"], shown["seats"]
    national = tab.national
    status = results.count_status(session, slug)
    trace = trace_lines(done.allocation.trace) if done else []
    title = election_title(session, slug)
    names = list(tab.list_names)
    groups = [(n, (seats or {}).get(n, 0), colour(i, n)) for i, n in enumerate(names)]
    chart = (
        hemicycle(
            [g for g in groups if g[1]],
            title=gettext("%(n)s party-list seats by party") % {"n": sum(seats.values())},
        )
        if seats
        else None
    )
    return templates.TemplateResponse(
        request,
        "results.html",
        {
            "viewer": viewer,
            "title": gettext("Results: %(election)s") % {"election": title},
            "heading": title,
            "status": status,
            "digest": record.record_digest(session, slug).digest,
            "slug": slug,
            "national": national,
            "regions": [(r, dict(r.tally.votes)) for r in shown["regions"]],
            "names": names,
            "colours": {n: colour(i, n) for i, n in enumerate(names)},
            "seats": seats,
            "trace": trace,
            "chart": chart,
        },
    )
