"""SVG charts drawn on the server: hemicycle, lines, bars and a 2-D histogram.

Each function returns a ``Markup`` string of one ``<svg role="img">`` with a ``<title>``
(its accessible name); the numbers behind a chart are always also shown in a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)  # fmt: skip


def colour(index: int) -> str:
    """The colour of the ``index``-th party (stable for a given ordering)."""
    return PALETTE[index % len(PALETTE)]


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
    x_labels: Sequence[str], series: Mapping[str, Sequence[float]], *, title: str
) -> Markup:
    """One line per series over the shared ``x_labels``, with a legend."""
    width, height, left, bottom, top = 640, 300, 48, 40, 12
    plot_w, plot_h = width - left - 130, height - bottom - top
    top_value = _nice_max(max((max(v, default=0) for v in series.values()), default=0))
    parts = _frame(width, height, title)
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">'
            f"{top_value * k / 4:,.0f}</text>"
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
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top + plot_h * (1 - v / top_value):.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline fill="none" stroke="{colour(index)}" stroke-width="2" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
            f'<rect x="{left + plot_w + 12}" y="{top + 16 * index}" width="10" height="10" '
            f'fill="{colour(index)}"/><text x="{left + plot_w + 26}" y="{top + 16 * index + 9}">'
            f"{escape(name[:16])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str) -> Markup:
    """Vertical bars, one per label."""
    width, height, left, bottom, top = 640, 260, 48, 36, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    top_value = _nice_max(max(values, default=0))
    slot = plot_w / max(1, len(values))
    parts = _frame(width, height, title)
    parts.append(
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{top_value:,.0f}</text>'
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
                f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram_2d(xs: Sequence[float], ys: Sequence[float], *, title: str, bins: int = 50) -> Markup:
    """Counts of (x, y) points in [0, 1]² as shaded cells (e.g. turnout × winner's share)."""
    grid = [[0] * bins for _ in range(bins)]
    for x, y in zip(xs, ys, strict=True):
        if 0 <= x <= 1 and 0 <= y <= 1:
            grid[min(bins - 1, int(y * bins))][min(bins - 1, int(x * bins))] += 1
    peak = max((max(row) for row in grid), default=0) or 1
    size, margin = 320, 36
    cell = size / bins
    parts = _frame(size + margin + 8, size + margin + 8, title)
    parts.append(
        f'<rect x="{margin}" y="4" width="{size}" height="{size}" fill="#fff" stroke="#888"/>'
    )
    for r, row in enumerate(grid):
        for c, count in enumerate(row):
            if count:
                shade = math.log1p(count) / math.log1p(peak)
                parts.append(
                    f'<rect x="{margin + c * cell:.2f}" y="{4 + size - (r + 1) * cell:.2f}" '
                    f'width="{cell:.2f}" height="{cell:.2f}" fill="#08306b" '
                    f'fill-opacity="{0.1 + 0.9 * shade:.2f}"/>'
                )
    parts.append(
        f'<text x="{margin + size / 2}" y="{size + margin}" text-anchor="middle">turnout</text>'
        f'<text x="12" y="{4 + size / 2}" transform="rotate(-90 12 {4 + size / 2})" '
        f'text-anchor="middle">winner share</text></svg>'
    )
    return Markup("".join(parts))
