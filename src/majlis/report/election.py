"""The HTML report of one election: results, seats, composition, findings, discrepancies, forensics.

The report renders plain data (:class:`ElectionReport`, tables of strings and numbers) with a
Jinja2 template shipped in the package; it reads nothing from the store itself, so whoever
builds the data (the demo, a command) decides what goes in. The page's own words (headings,
captions, charts) are in the language being served (:mod:`majlis.i18n`); the data is shown
as given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from majlis.i18n import fmt_int, gettext
from majlis.palette import ink
from majlis.report.templating import ENV, page_language
from majlis.svg import bar_chart, hemicycle

__all__ = [
    "ElectionReport",
    "ReportTable",
    "SeatBar",
    "render_election_report",
    "write_election_report",
]

Cell = str | int | float | None


@dataclass(frozen=True, slots=True)
class ReportTable:
    """A titled table of the report, with an optional note under it."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    note: str = ""


@dataclass(frozen=True, slots=True)
class SeatBar:
    """One group's share of the chamber, for the seat bar at the top of the report."""

    group: str
    seats: int
    colour: str


@dataclass(frozen=True, slots=True)
class ElectionReport:
    """Everything the election report shows, grouped in its sections.

    ``banner`` is shown above everything when set: a provisional count says so there.
    ``provenance`` says, before any figure, which figures are real and which are not:
    (kind, what) pairs such as ("Real", "the national totals and the seats").
    ``turnout`` is the number of stations per turnout bin, (bin label, stations), drawn as a
    bar chart; the seat bar is also drawn as a hemicycle. Both are inline SVG.
    """

    title: str
    polling_day: date
    summary: Mapping[str, str]
    seat_bar: Sequence[SeatBar] = ()
    results: Sequence[ReportTable] = ()
    seats: Sequence[ReportTable] = ()
    composition: Sequence[ReportTable] = ()
    findings: Sequence[ReportTable] = ()
    discrepancies: Sequence[ReportTable] = ()
    forensics: Sequence[ReportTable] = ()
    forensics_link: str = ""
    notes: Sequence[str] = field(default_factory=tuple)
    banner: str = ""
    provenance: Sequence[tuple[str, str]] = ()
    turnout: Sequence[tuple[str, int]] = ()


def _fmt(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return value


def _charts(report: ElectionReport) -> dict[str, Markup | None]:
    seats = sum(bar.seats for bar in report.seat_bar)
    chamber = (
        hemicycle(
            [(bar.group, bar.seats, bar.colour) for bar in report.seat_bar if bar.seats],
            title=gettext("The chamber: %(seats)s seats by group") % {"seats": seats},
        )
        if seats
        else None
    )
    turnout = (
        bar_chart(
            [label for label, _ in report.turnout],
            [float(n) for _, n in report.turnout],
            title=gettext("Polling stations by turnout"),
            x_label=gettext("turnout: ballots issued / voters on the list (%)"),
            y_label=gettext("stations"),
        )
        if report.turnout
        else None
    )
    return {"hemicycle": chamber, "turnout_chart": turnout}


def render_election_report(report: ElectionReport) -> str:
    """Return the report as one self-contained HTML page (no external assets)."""
    total = sum(bar.seats for bar in report.seat_bar) or 1
    return ENV.get_template("election.html.j2").render(
        r=report, seat_total=total, lang=page_language(), cell=_fmt, ink=ink, **_charts(report)
    )


def write_election_report(report: ElectionReport, path: Path) -> Path:
    """Write the report to ``path`` (its folder must exist) and return the path."""
    path.write_text(render_election_report(report), encoding="utf-8")
    return path
