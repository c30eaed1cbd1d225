"""Stations whose observer copies differ from the official figures: sortable, exportable."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import csvsafe, results
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election

router = APIRouter()


def _found(session: SessionDep, slug: str) -> list[results.Discrepancy]:
    return sorted(results.observer_discrepancies(session, slug), key=lambda d: (-d.size, d.unit))


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The list of stations where copies and official figures differ."""
    slug = pick_election(session, election)
    return templates.TemplateResponse(
        request,
        "discrepancies.html",
        {"viewer": viewer, "title": "Discrepancies", "slug": slug, "found": _found(session, slug)},
    )


@router.get("/discrepancies.csv")
def discrepancies_csv(
    session: SessionDep, election: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    """The same list as CSV, one row per differing line."""
    slug = pick_election(session, election)
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(["election", "station", "against", "line", "official", "copy", "difference"])
    for d in _found(session, slug):
        for x in d.differences:
            writer.writerow(
                [slug, d.unit, d.against, x.line, x.official, x.other, x.other - x.official]
            )
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-discrepancies.csv"'},
    )
