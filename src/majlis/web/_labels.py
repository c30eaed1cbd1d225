"""Human labels for what the store keeps as codes: regions and protocol lines."""

from __future__ import annotations

from functools import cache

from majlis import registry
from majlis.labels import line_name
from majlis.results import LINE_SYMBOLS
from majlis.web.i18n import gettext

__all__ = ["line_label", "region_label"]


@cache
def _region_names() -> dict[str, str]:
    return {r.code: r.name for r in registry.all_regions()}


def region_label(value: str | None) -> str:
    """The registered name of region code ``value`` ("KZ-63" → its name); a name stays.

    >>> region_label("KZ-11"), region_label("Akmola Region"), region_label(None)
    ('Akmola Region', 'Akmola Region', 'unknown')
    """
    if not value:
        return gettext("unknown")
    return _region_names().get(value, value)


def line_label(field: str) -> str:
    """A protocol field as a person reads it, with its symbol: ``issued_station`` →
    "Ballots issued at the station (I(station))"; ``votes.X`` → "Votes for X".

    >>> line_label("votes.Nur Otan"), line_label("valid")
    ('Votes for Nur Otan', 'Valid ballots (Vd)')
    """
    label = line_name(field)
    symbol = LINE_SYMBOLS.get(field)
    return f"{label} ({symbol})" if symbol else label
