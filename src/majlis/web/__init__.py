"""The dashboard: server-rendered pages (Jinja2, SVG charts) mounted on the API app."""

from majlis.web._cache import CachedBody, ResultsCache, results_probe
from majlis.web._election import cached_audit, election_title, pick_election
from majlis.web.errors_page import render_error
from majlis.web.mount import mount_dashboard

__all__ = [
    "CachedBody",
    "ResultsCache",
    "cached_audit",
    "election_title",
    "mount_dashboard",
    "pick_election",
    "render_error",
    "results_probe",
]
