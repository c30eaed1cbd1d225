"""The one party palette: every dashboard page, chart and report colours a party from here.

Registered parties keep their colour whatever their place in a table; any other list or
group takes the next colour of :data:`FALLBACK` by its position. Pure data, importable from
any layer.
"""

from __future__ import annotations

__all__ = ["FALLBACK", "PARTY_COLOURS", "VACANT", "ink", "party_colour"]

#: Colours of the parties and groups of the Kazakh record, by the name the results use.
PARTY_COLOURS: dict[str, str] = {
    "Nur Otan": "#1565c0",
    "Ak Zhol": "#f9a825",
    "People's Party of Kazakhstan": "#c62828",
    "Auyl": "#2e7d32",
    "Adal": "#6a1b9a",
    "OSDP": "#ef6c00",
    "Democratic Choice of Kazakhstan": "#757575",
    "Assembly of the People of Kazakhstan": "#00897b",
}

#: Colours for lists the table above does not name, taken in order.
FALLBACK: tuple[str, ...] = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)  # fmt: skip

#: A vacant seat.
VACANT = "#d0d7de"


def party_colour(name: str, index: int = 0) -> str:
    """The colour of party ``name``; an unnamed one takes the ``index``-th fallback colour.

    >>> party_colour("Ak Zhol"), party_colour("New list", 1)
    ('#f9a825', '#d62728')
    """
    return PARTY_COLOURS.get(name) or FALLBACK[index % len(FALLBACK)]


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (the larger WCAG contrast ratio).

    >>> ink("#f9a825"), ink("#1565c0")
    ('#000', '#fff')
    """
    light = _luminance(colour)
    return "#000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#fff"
