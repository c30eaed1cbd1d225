"""The quick count's page: coverage by stratum, the estimate with its intervals, the comparison."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import pvt
from majlis.errors import InputError, NotFoundError
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election

router = APIRouter()


@router.get("/pvt", response_class=HTMLResponse)
def pvt_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The design in force, the status board, the estimate and the official count against it."""
    slug = pick_election(session, election)
    context: dict[str, Any] = {"viewer": viewer, "title": "Quick count", "slug": slug}
    try:
        context["design"] = pvt.current_sample(session, slug)
        context["status"] = pvt.status_view(pvt.collect_reports(session, slug))
        context["compare"] = pvt.compare_view(pvt.compare_election(session, slug, draws=2000))
    except (NotFoundError, InputError) as exc:
        context["note"] = str(exc)
    return templates.TemplateResponse(request, "pvt.html", context)
