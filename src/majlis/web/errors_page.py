"""The dashboard's error page (the API maps errors to statuses; this only renders them)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from majlis.web._deps import COOKIE, templates
from majlis.web.i18n import N_, gettext

TITLES = {
    401: N_("Please log in"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Refused"),
    413: N_("Too large"),
    422: N_("Not accepted"),
}


def render_error(request: Request, status: int, message: str) -> Response:
    """An HTML page saying what went wrong, with the given status."""
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "viewer": None,
            "logged_in": COOKIE in request.cookies,
            "title": gettext(TITLES.get(status, N_("Something went wrong"))),
            "message": message,
        },
        status_code=status,
    )
