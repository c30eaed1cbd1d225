"""Attach the dashboard's routes and static files to an app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from majlis.web import pages_auth, pages_home, pages_parliament


def mount_dashboard(app: FastAPI) -> None:
    """Add every dashboard page and ``/static`` to ``app``."""
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), "static")
    for module in (pages_home, pages_auth, pages_parliament):
        app.include_router(module.router, include_in_schema=False)
