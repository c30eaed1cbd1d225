"""Stations whose observer copies differ from the official figures: sortable, exportable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import results
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election
from majlis.web._tables import DataTable, Format, download
from majlis.web.i18n import gettext

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
        {
            "viewer": viewer,
            "title": gettext("Discrepancies"),
            "slug": slug,
            "found": _found(session, slug),
        },
    )


def _table(session: SessionDep, slug: str) -> DataTable:
    return DataTable.of(
        "discrepancies",
        ["election", "station", "against", "line", "official", "copy", "difference"],
        [
            [slug, d.unit, d.against, x.line, x.official, x.other, x.other - x.official]
            for d in _found(session, slug)
            for x in d.differences
        ],
    )


@router.get("/discrepancies/table.{fmt}")
def discrepancies_table(
    session: SessionDep,
    fmt: Format,
    table: Annotated[str, Query(max_length=32)] = "discrepancies",
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The same list as CSV (formulas neutralised) or JSON, one row per differing line."""
    slug = pick_election(session, election)
    return download({"discrepancies": _table(session, slug)}, table, fmt, stem=slug)


@router.get("/discrepancies.csv")
def discrepancies_csv(
    session: SessionDep, election: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    """The list as CSV (the older address of ``/discrepancies/table.csv``)."""
    return discrepancies_table(session, Format.CSV, "discrepancies", election)
