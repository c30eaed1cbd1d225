"""Parties: members over time (by region), intake, and their lists in elections."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from majlis import elections, registry
from majlis.registry import stats
from majlis.registry.intake import decisions
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._labels import region_label
from majlis.web._tables import DataTable, Format, download
from majlis.web.charts import line_chart
from majlis.web.i18n import gettext

router = APIRouter()

Slug = Annotated[str, Path(max_length=64)]
TableName = Annotated[str, Query(max_length=32)]


def _parties(session: Session) -> tuple[list[Any], dict[str, DataTable]]:
    today = date.today()
    rows = [
        (party, members, registry.suspension_on(session, party.id, today))
        for party, members in registry.list_parties(session)
    ]
    table = DataTable.of(
        "parties",
        ["slug", "party", "status", "members", "intake_suspended_since"],
        [
            [p.slug, p.name, p.status.value, n, s.decided_on.isoformat() if s else None]
            for p, n, s in rows
        ],
    )
    return rows, {"parties": table}


@router.get("/parties/table.{fmt}")
def parties_table(session: SessionDep, fmt: Format, table: TableName) -> Response:
    """The parties table as CSV or JSON."""
    _, tables = _parties(session)
    return download(tables, table, fmt, stem="parties")


@router.get("/parties", response_class=HTMLResponse)
def parties_page(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    """Every party with its active members and intake status."""
    rows, _ = _parties(session)
    return templates.TemplateResponse(
        request, "parties.html", {"viewer": viewer, "title": gettext("Parties"), "rows": rows}
    )


def _party(session: Session, slug: str) -> tuple[dict[str, Any], dict[str, DataTable]]:
    party = registry.get_party(session, slug)
    points = stats.growth(session, party=slug, period="month")
    labels = [p.start.strftime("%Y-%m") for p in points]
    now = stats.members_by_region(session, party=slug)
    regions_now = [(region_label(c), n) for c, n in now]
    top = [code for code, _ in sorted(now, key=lambda r: -r[1])[:6]]
    series = stats.members_by_region_on(session, party=slug, days=[p.start for p in points])
    by_region = {region_label(code): series.get(code, [0] * len(points)) for code in top}
    lists = elections.lists_of_party(session, party=slug)
    tables = {
        "growth": DataTable.of(
            "growth",
            ["month", "joined", "left", "expelled", "members"],
            [
                [lab, p.joins, p.leaves, p.expulsions, p.members]
                for lab, p in zip(labels, points, strict=True)
            ],
        ),
        "regions": DataTable.of("regions", ["region", "members"], regions_now),
        "regions_over_time": DataTable.of(
            "regions_over_time",
            ["month", *by_region],
            [[lab, *(v[i] for v in by_region.values())] for i, lab in enumerate(labels)],
        ),
    }
    shown = {
        "title": party.name,
        "party": party,
        "points": points,
        "regions_now": regions_now,
        "growth_chart": line_chart(
            labels,
            {gettext("members"): [p.members for p in points]},
            title=gettext("Members at month end"),
            y_label=gettext("members"),
        )
        if points
        else None,
        "region_chart": line_chart(
            labels,
            by_region,
            title=gettext("Members by region (largest six) at month start"),
            y_label=gettext("members"),
        )
        if points and by_region
        else None,
        "decisions": decisions(session, party.id),
        "lists": lists,
    }
    return shown, tables


@router.get("/parties/{slug}/table.{fmt}")
def party_table(session: SessionDep, slug: Slug, fmt: Format, table: TableName) -> Response:
    """One table or chart's numbers of a party's page as CSV or JSON."""
    _, tables = _party(session, slug)
    return download(tables, table, fmt, stem=slug)


@router.get("/parties/{slug}", response_class=HTMLResponse)
def party_page(request: Request, session: SessionDep, viewer: ViewerDep, slug: Slug) -> Response:
    """One party: growth, members by region over time, intake decisions, lists."""
    shown, _ = _party(session, slug)
    party = shown["party"]
    return templates.TemplateResponse(
        request,
        "party.html",
        shown
        | {
            "viewer": viewer,
            "can_edit": viewer is not None
            and (viewer.role.value == "admin" or viewer.party_id == party.id),
        },
    )
