"""The dashboard's SVG charts: drawn by :mod:`majlis.svg`, which the static reports share.

Kept so that the pages import their charts from the web package; the one implementation
(and the one palette, :mod:`majlis.palette`) lives in :mod:`majlis.svg`.
"""

from __future__ import annotations

from majlis.svg import Seat, bar_chart, colour, hemicycle, hemicycle_seats, histogram_2d, line_chart

__all__ = [
    "Seat",
    "bar_chart",
    "colour",
    "hemicycle",
    "hemicycle_seats",
    "histogram_2d",
    "line_chart",
]
