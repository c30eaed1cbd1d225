"""The landing page: what there is to see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from majlis.web._deps import ViewerDep, templates

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request, viewer: ViewerDep) -> Response:
    """The overview page."""
    return templates.TemplateResponse(request, "home.html", {"viewer": viewer, "title": "majlis"})
