"""SVG charts drawn on the server: hemicycle, lines, bars and a 2-D histogram.

Pure drawing (no I/O, no framework but MarkupSafe), importable from any layer: the dashboard
(:mod:`majlis.web.charts`) and the static reports (:mod:`majlis.report.election`) draw with the
same functions and the same palette (:mod:`majlis.palette`).

Each function returns a ``Markup`` string of one ``<svg role="img">`` with a ``<title>``
(its accessible name); the numbers behind a chart are always also shown in a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from majlis.palette import FALLBACK as PALETTE
from majlis.palette import party_colour


def colour(index: int, name: str = "") -> str:
    """The colour of party ``name`` (:func:`majlis.palette.party_colour`), else of the
    ``index``-th series."""
    return party_colour(name, index)


@dataclass(frozen=True, slots=True)
class Seat:
    """One dot of the hemicycle: its centre and the party holding it."""

    x: float
    y: float
    party: str
    fill: str


def hemicycle_seats(groups: Sequence[tuple[str, int, str]]) -> tuple[Seat, ...]:
    """Place ``sum(seats)`` dots in concentric half-rings, parties filling left to right."""
    total = sum(n for _, n, _ in groups)
    if total == 0:
        return ()
    rows = max(1, math.ceil(math.sqrt(total / 3.5)))
    radii = [0.4 + 0.6 * (i / (rows - 1) if rows > 1 else 1.0) for i in range(rows)]
    per_row = [max(1, math.floor(total * r / sum(radii))) for r in radii]
    per_row[-1] += total - sum(per_row)
    while per_row[-1] < 1:  # pragma: no cover - only for tiny chambers with many rows
        per_row[per_row.index(max(per_row))] -= 1
        per_row[-1] += 1
    spots: list[tuple[float, float]] = []
    for radius, count in zip(radii, per_row, strict=True):
        for j in range(count):
            angle = math.pi * (1 - j / (count - 1)) if count > 1 else math.pi / 2
            spots.append((angle, radius))
    spots.sort(key=lambda s: (-s[0], s[1]))
    owners = [(name, fill) for name, n, fill in groups for _ in range(n)]
    return tuple(
        Seat(x=r * math.cos(a), y=-r * math.sin(a), party=name, fill=fill)
        for (a, r), (name, fill) in zip(spots, owners, strict=True)
    )


def hemicycle(groups: Sequence[tuple[str, int, str]], *, title: str) -> Markup:
    """The chamber as a hemicycle; ``groups`` are (party, seats, colour) in seating order."""
    seats = hemicycle_seats(groups)
    rows = max(1, math.ceil(math.sqrt(max(1, len(seats)) / 3.5)))
    dot = min(0.045, 0.55 / rows / 2.2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1.08 -1.08 2.16 1.16" '
        f'role="img" aria-label="{escape(title)}" class="hemicycle" width="640" height="344">'
        f"<title>{escape(title)}</title>"
    ]
    for seat in seats:
        parts.append(
            f'<circle cx="{seat.x:.4f}" cy="{seat.y:.4f}" r="{dot:.4f}" fill="{seat.fill}" '
            f'data-party="{escape(seat.party)}"><title>{escape(seat.party)}</title></circle>'
        )
    parts.append(
        f'<text x="0" y="-0.05" text-anchor="middle" font-size="0.16" '
        f'font-family="sans-serif">{len(seats)}</text></svg>'
    )
    return Markup("".join(parts))


def _frame(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="11"><title>{escape(title)}</title>'
    ]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10.0 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)  # pragma: no cover


def line_chart(
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    y_label: str = "",
) -> Markup:
    """One line per series over the shared ``x_labels``, with a value axis and a legend."""
    width, height, left, bottom, top = 640, 300, 64, 40, 12
    plot_w, plot_h = width - left - 130, height - bottom - top
    top_value = _nice_max(max((max(v, default=0) for v in series.values()), default=0))
    parts = _frame(width, height, title)
    _y_axis(
        parts, left=left, top=top, plot_w=plot_w, plot_h=plot_h, top_value=top_value, label=y_label
    )
    n = max(1, len(x_labels) - 1)
    step = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % step == 0 or i == len(x_labels) - 1:
            x = left + plot_w * i / n
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    for index, (name, values) in enumerate(series.items()):
        fill = colour(index, name)
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top + plot_h * (1 - v / top_value):.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{fill}" stroke-width="2" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
            f'<rect x="{left + plot_w + 12}" y="{top + 16 * index}" width="10" height="10" '
            f'fill="{fill}"/><text x="{left + plot_w + 26}" y="{top + 16 * index + 9}">'
            f"{escape(name[:16])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _tick(value: float, top_value: float) -> str:
    """A tick's value: whole numbers with separators (one decimal when not whole), or two
    decimals on a small axis."""
    if top_value < 4:
        return f"{value:.2f}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _y_axis(
    parts: list[str],
    *,
    left: int,
    top: int,
    plot_w: float,
    plot_h: float,
    top_value: float,
    label: str,
) -> None:
    """Five gridlines with their values and the axis name, rotated, at the left."""
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{_tick(top_value * k / 4, top_value)}</text>"
        )
    if label:
        mid = top + plot_h / 2
        parts.append(
            f'<text x="12" y="{mid:.1f}" transform="rotate(-90 12 {mid:.1f})" '
            f'text-anchor="middle">{escape(label)}</text>'
        )


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    x_label: str = "",
    y_label: str = "",
) -> Markup:
    """Vertical bars, one per label, with a value axis and the axes' names."""
    width, height, left, bottom, top = 640, 280, 64, 52, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    top_value = _nice_max(max(values, default=0))
    slot = plot_w / max(1, len(values))
    parts = _frame(width, height, title)
    _y_axis(
        parts, left=left, top=top, plot_w=plot_w, plot_h=plot_h, top_value=top_value, label=y_label
    )
    parts.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" '
        f'stroke="#888"/>'
    )
    step = max(1, len(labels) // 10)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top_value
        x = left + slot * i
        parts.append(
            f'<rect x="{x + slot * 0.1:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.8:.1f}" '
            f'height="{h:.1f}" fill="{PALETTE[0]}"><title>{escape(label)}: {value:,.0f}</title>'
            f"</rect>"
        )
        if i % step == 0:
            parts.append(
                f'<line x1="{x + slot / 2:.1f}" x2="{x + slot / 2:.1f}" y1="{top + plot_h}" '
                f'y2="{top + plot_h + 4}" stroke="#888"/>'
                f'<text x="{x + slot / 2:.1f}" y="{top + plot_h + 16}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    if x_label:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
            f"{escape(x_label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram_2d(
    xs: Sequence[float],
    ys: Sequence[float],
    *,
    title: str,
    bins: int = 50,
    x_label: str = "turnout",
    y_label: str = "winner's share",
) -> Markup:
    """Counts of (x, y) points in [0, 1]² as shaded cells (e.g. turnout × winner's share),
    with percent ticks on both axes and a colour bar of the counts."""
    grid = [[0] * bins for _ in range(bins)]
    for x, y in zip(xs, ys, strict=True):
        if 0 <= x <= 1 and 0 <= y <= 1:
            grid[min(bins - 1, int(y * bins))][min(bins - 1, int(x * bins))] += 1
    peak = max((max(row) for row in grid), default=0) or 1
    size, left, top, bottom, right = 320, 52, 6, 44, 78
    cell = size / bins
    parts = _frame(left + size + right, top + size + bottom, title)
    parts.append(
        f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="#fff" stroke="#888"/>'
    )
    for r, row in enumerate(grid):
        for c, count in enumerate(row):
            if count:
                parts.append(
                    f'<rect x="{left + c * cell:.2f}" y="{top + size - (r + 1) * cell:.2f}" '
                    f'width="{cell:.2f}" height="{cell:.2f}" fill="#08306b" '
                    f'fill-opacity="{_shade(count, peak):.2f}"/>'
                )
    for k in range(5):
        frac = k / 4
        x, y = left + size * frac, top + size * (1 - frac)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + size}" y2="{top + size + 4}" '
            f'stroke="#888"/><text x="{x:.1f}" y="{top + size + 16}" text-anchor="middle">'
            f"{frac:.0%}</text>"
            f'<line x1="{left - 4}" x2="{left}" y1="{y:.1f}" y2="{y:.1f}" stroke="#888"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{frac:.0%}</text>'
        )
    mid = top + size / 2
    parts.append(
        f'<text x="{left + size / 2}" y="{top + size + 36}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
        f'<text x="12" y="{mid}" transform="rotate(-90 12 {mid})" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    bar_x, bar_h = left + size + 14, size * 0.6
    parts.append(f'<text x="{bar_x}" y="{top + 10}">stations</text>')
    steps = 10
    for k in range(steps):
        count = max(1, round(peak ** ((k + 1) / steps)))
        parts.append(
            f'<rect x="{bar_x}" y="{top + 16 + bar_h * (1 - (k + 1) / steps):.1f}" width="14" '
            f'height="{bar_h / steps:.1f}" fill="#08306b" '
            f'fill-opacity="{_shade(count, peak):.2f}"/>'
        )
    parts.append(
        f'<rect x="{bar_x}" y="{top + 16}" width="14" height="{bar_h:.1f}" fill="none" '
        f'stroke="#888"/><text x="{bar_x + 18}" y="{top + 26}">{peak:,}</text>'
        f'<text x="{bar_x + 18}" y="{top + 16 + bar_h:.1f}">1</text></svg>'
    )
    return Markup("".join(parts))


def _shade(count: int, peak: int) -> float:
    """The opacity of a cell holding ``count`` points (log scale up to ``peak``)."""
    return 0.1 + 0.9 * (math.log1p(count) / math.log1p(peak) if peak > 0 else 0)
