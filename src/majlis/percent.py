"""Shares written as percentages, one way for every plain-text output.

The CLI, the static reports, the demo's report and the law's trace all write a share with
:func:`percent`. What is worded in the reader's language — the dashboard, and the CLI's
tables and the printable reports under ``--lang`` — goes through :func:`majlis.i18n.fmt_pct`,
which is this function in English and Babel's "63,25%" in Russian or Kazakh.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["percent"]


def percent(
    share: Fraction | float | int | None, whole: int | None = None, *, places: int | None = 2
) -> str:
    """``share`` as a percentage; with ``whole``, the share ``share / whole``.

    Args:
        share: a share (``Fraction(7, 100)`` or ``0.07``), or a count when ``whole`` is given.
        whole: the count ``share`` is a part of; 0 writes "—" (there is no share of nothing).
        places: decimals; ``None`` writes the shortest exact form, for a figure from a law
            ("7%", "0.5%").

    ``None`` writes "—". Fractions and counts are multiplied exactly and rounded once.

    >>> percent(Fraction(6325, 10000)), percent(3, 8, places=1)
    ('63.25%', '37.5%')
    >>> percent(Fraction(7, 100), places=None), percent(5, 0), percent(None)
    ('7%', '—', '—')
    """
    if share is None or whole == 0:
        return "—"
    if whole is not None:
        share = Fraction(share, whole) if isinstance(share, int | Fraction) else share / whole
    value = float(share * 100) if isinstance(share, int | Fraction) else 100 * share
    return f"{value:g}%" if places is None else f"{value:.{places}f}%"
