"""Attach the dashboard's routes and static files to an app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from fastapi.staticfiles import StaticFiles

from majlis.web import (
    api_docs,
    pages_auth,
    pages_discrepancies,
    pages_drill,
    pages_forensics,
    pages_home,
    pages_parliament,
    pages_parties,
    pages_pvt,
    pages_results,
    pages_stations,
)
from majlis.web.errors_page import render_error
from majlis.web.i18n import MAX_LANG, LocaleMiddleware


def _lang(lang: Annotated[str | None, Query(max_length=MAX_LANG)] = None) -> None:
    """Refuse an over-long ``?lang=`` like any other over-long parameter (422); an unknown
    language is served in English (:mod:`majlis.web.i18n`)."""


def mount_dashboard(app: FastAPI) -> None:
    """Add every dashboard page, the offline API docs (``/docs``, ``/redoc``) and ``/static``
    to ``app`` (built with ``docs_url=None, redoc_url=None``), each page in its reader's
    language. The app's errors outside ``/api`` are rendered as the dashboard's error page
    (``app.state.error_page``)."""
    app.state.error_page = render_error
    app.add_middleware(LocaleMiddleware)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), "static")
    for module in (
        api_docs,
        pages_home,
        pages_auth,
        pages_results,
        pages_drill,
        pages_stations,
        pages_discrepancies,
        pages_forensics,
        pages_parties,
        pages_parliament,
        pages_pvt,
    ):
        app.include_router(module.router, include_in_schema=False, dependencies=[Depends(_lang)])
