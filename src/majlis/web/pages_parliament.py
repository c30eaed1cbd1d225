"""The chamber on a chosen date: hemicycle, seats by party, mandates and their history."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import parliament
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web.charts import colour, hemicycle

router = APIRouter()


@router.get("/parliament", response_class=HTMLResponse)
def parliament_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    on: Annotated[date | None, Query()] = None,
    convocation: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Composition on ``on`` (default today) with the hemicycle and the mandate history."""
    day = on or date.today()
    sitting = parliament.find_convocation(session, convocation or None, on=day)
    comp = parliament.composition(session, on=day, convocation=sitting.slug)
    groups = sorted(comp.by_group.items(), key=lambda kv: (-kv[1], kv[0]))
    coloured = [(name, seats, colour(i)) for i, (name, seats) in enumerate(groups)]
    if comp.vacant:
        coloured.append(("vacant", comp.vacant, "#d0d7de"))
    in_force = parliament.mandates(session, convocation=sitting.slug, on=day)
    every = parliament.mandates(session, convocation=sitting.slug)
    ended = [m for m in every if m.end is not None and m.end_reason is not None]
    successors = {m.predecessor_id: m for m in every if m.predecessor_id is not None}
    return templates.TemplateResponse(
        request,
        "parliament.html",
        {
            "viewer": viewer,
            "title": f"Parliament on {day.isoformat()}",
            "day": day,
            "sitting": sitting,
            "comp": comp,
            "groups": coloured,
            "chart": hemicycle(
                coloured, title=f"{sitting.name}: {comp.filled} of {comp.total_posts} seats held"
            ),
            "in_force": in_force,
            "ended": ended,
            "successors": successors,
            "history": parliament.chamber_history(session, convocation=sitting.slug),
        },
    )
