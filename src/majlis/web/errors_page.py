"""The dashboard's error page (the API maps errors to statuses; this only renders them)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from majlis.web._deps import COOKIE, templates

TITLES = {
    401: "Please log in",
    403: "Not allowed",
    404: "Not found",
    409: "Refused",
    413: "Too large",
    422: "Not accepted",
}


def render_error(request: Request, status: int, message: str) -> Response:
    """An HTML page saying what went wrong, with the given status."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "viewer": None,
            "logged_in": COOKIE in request.cookies,
            "title": TITLES.get(status, "Something went wrong"),
            "message": message,
        },
        status_code=status,
    )
