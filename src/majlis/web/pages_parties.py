"""Parties: members over time (by region), intake, and their lists in elections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from majlis import elections, registry
from majlis.registry import stats
from majlis.registry.intake import decisions
from majlis.store.elections_rows import ElectionRow
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web.charts import line_chart

router = APIRouter()


@router.get("/parties", response_class=HTMLResponse)
def parties_page(request: Request, session: SessionDep, viewer: ViewerDep) -> Response:
    """Every party with its active members and intake status."""
    today = date.today()
    rows = [
        (party, members, registry.suspension_on(session, party.id, today))
        for party, members in registry.list_parties(session)
    ]
    return templates.TemplateResponse(
        request, "parties.html", {"viewer": viewer, "title": "Parties", "rows": rows}
    )


@router.get("/parties/{slug}", response_class=HTMLResponse)
def party_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    slug: Annotated[str, Path(max_length=64)],
) -> Response:
    """One party: growth, members by region over time, intake decisions, lists."""
    party = registry.get_party(session, slug)
    points = stats.growth(session, party=slug, period="month")
    labels = [p.start.strftime("%Y-%m") for p in points]
    regions_now = stats.members_by_region(session, party=slug)
    top = [code for code, _ in sorted(regions_now, key=lambda r: -r[1])[:6]]
    by_region = {
        code or "unknown": [
            dict(stats.members_by_region(session, party=slug, on=p.start)).get(code, 0)
            for p in points
        ]
        for code in top
    }
    lists = []
    for election_slug in session.scalars(select(ElectionRow.slug).order_by(ElectionRow.id)):
        try:
            lists.append(elections.get_list(session, election=election_slug, party=slug))
        except Exception:
            continue
    return templates.TemplateResponse(
        request,
        "party.html",
        {
            "viewer": viewer,
            "title": party.name,
            "party": party,
            "points": points,
            "regions_now": regions_now,
            "growth_chart": line_chart(
                labels, {"members": [p.members for p in points]}, title="Members at month end"
            )
            if points
            else None,
            "region_chart": line_chart(
                labels, by_region, title="Members by region (largest six) at month start"
            )
            if points and by_region
            else None,
            "decisions": decisions(session, party.id),
            "lists": lists,
            "can_edit": viewer is not None
            and (viewer.role.value == "admin" or viewer.party_id == party.id),
        },
    )
