"""The dashboard: server-rendered pages (Jinja2, SVG charts) mounted on the API app."""

from majlis.web._election import election_title, pick_election
from majlis.web.mount import mount_dashboard

__all__ = [
    "election_title",
    "mount_dashboard",
    "pick_election",
]
