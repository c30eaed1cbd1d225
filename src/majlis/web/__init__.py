"""The dashboard: server-rendered pages (Jinja2, SVG charts) mounted on the API app."""

from majlis.web.errors_page import render_error
from majlis.web.mount import mount_dashboard

__all__ = ["mount_dashboard", "render_error"]
