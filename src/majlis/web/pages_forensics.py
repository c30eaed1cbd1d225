"""Forensics of the count: the turnout × share fingerprint, spikes, and each method's verdict."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from majlis import record, results
from majlis.cache import cached_audit
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election
from majlis.web._tables import DataTable, Format, download
from majlis.web.charts import bar_chart, histogram_2d
from majlis.web.i18n import fmt_int, gettext

router = APIRouter()


Election = Annotated[str | None, Query(max_length=64)]


def _page(
    request: Request, session: Session, slug: str
) -> tuple[dict[str, Any], dict[str, DataTable]]:
    """What the page shows and its downloadable tables, from the stored audit."""
    from majlis.report import AuditInput, stored_station_table  # SciPy and plots: first use only

    stored = cached_audit(request.app.state, session, slug)
    audit = stored.record
    stations = stored_station_table(results.station_results(session, slug), leader=audit.leader)
    data = AuditInput.from_frame(stations.frame)
    codes = (
        [str(c) for c in stations.frame["station"]]
        if "station" in stations.frame.columns
        else [str(i) for i in range(stations.frame.height)]
    )
    points = [
        (code, float(t), float(s))
        for code, t, s in zip(codes, data.turnout, data.share, strict=True)
        if not (math.isnan(t) or math.isnan(s))
    ]
    percents = [0] * 101
    for _, _, share in points:
        percents[min(100, round(share * 100))] += 1
    tables = {
        "methods": DataTable.of(
            "methods",
            ["method", "citation", "signal", "headline"],
            [[m.title, m.citation, m.signal, m.headline] for m in audit.methods],
        ),
        "flagged": DataTable.of(
            "flagged",
            ["station", "region", "territory", "turnout", "share", "flags"],
            [
                [f.station, f.region, f.territory, f.turnout, f.share, " ".join(f.flags)]
                for f in audit.flagged
            ],
        ),
        "fingerprint": DataTable.of(
            "fingerprint", ["station", "turnout", f"share_{audit.leader}"], points
        ),
        "spikes": DataTable.of("spikes", ["share_percent", "stations"], list(enumerate(percents))),
    }
    shown = {
        "title": gettext("Forensics"),
        "slug": slug,
        "audit": audit,
        "stored": stored,
        "status": results.count_status(session, slug),
        "digest": record.record_digest(session, slug).digest,
        "flagged": audit.flagged_stations,
        "fingerprint": histogram_2d(
            [p[1] for p in points],
            [p[2] for p in points],
            title=gettext("Turnout × %(leader)s's share, %(n)s stations")
            % {"leader": audit.leader, "n": fmt_int(len(points))},
            x_label=gettext("turnout (ballots issued / voters on the list)"),
            y_label=gettext("%(leader)s's share of valid ballots") % {"leader": audit.leader},
        ),
        "spikes": bar_chart(
            [str(i) for i in range(101)],
            percents,
            title=gettext("Stations by %(leader)s's share rounded to a whole percent")
            % {"leader": audit.leader},
            x_label=gettext("%(leader)s's share of valid ballots, rounded (%%)")
            % {"leader": audit.leader},
            y_label=gettext("stations"),
        ),
    }
    return shown, tables


@router.get("/forensics/table.{fmt}")
def forensics_table(
    request: Request,
    session: SessionDep,
    fmt: Format,
    table: Annotated[str, Query(max_length=32)],
    election: Election = None,
) -> Response:
    """One table or chart's numbers of the forensics page as CSV or JSON."""
    slug = pick_election(session, election)
    _, tables = _page(request, session, slug)
    return download(tables, table, fmt, stem=f"{slug}-forensics")


@router.get("/forensics", response_class=HTMLResponse)
def forensics_page(
    request: Request, session: SessionDep, viewer: ViewerDep, election: Election = None
) -> Response:
    """The conclusions of the stored audit of the election's final protocols, with plots of
    the stations it read."""
    slug = pick_election(session, election)
    shown, _ = _page(request, session, slug)
    return templates.TemplateResponse(request, "forensics.html", shown | {"viewer": viewer})
