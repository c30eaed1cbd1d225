"""Forensics of the count: the turnout × share fingerprint, spikes, and each method's verdict."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import record, results
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import cached_audit, pick_election
from majlis.web.charts import bar_chart, histogram_2d

router = APIRouter()


@router.get("/forensics", response_class=HTMLResponse)
def forensics_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The conclusions of the stored audit of the election's final protocols, with plots of
    the stations it read."""
    from majlis.report import AuditInput, stored_station_table  # SciPy and plots: first use only

    slug = pick_election(session, election)
    stored = cached_audit(request.app.state, session, slug)
    audit = stored.record
    stations = stored_station_table(results.station_results(session, slug), leader=audit.leader)
    data = AuditInput.from_frame(stations.frame)
    pairs = [
        (float(t), float(s))
        for t, s in zip(data.turnout, data.share, strict=True)
        if not (math.isnan(t) or math.isnan(s))
    ]
    percents = [0] * 101
    for _, share in pairs:
        percents[min(100, round(share * 100))] += 1
    return templates.TemplateResponse(
        request,
        "forensics.html",
        {
            "viewer": viewer,
            "title": "Forensics",
            "slug": slug,
            "audit": audit,
            "stored": stored,
            "status": results.count_status(session, slug),
            "digest": record.record_digest(session, slug).digest,
            "flagged": audit.flagged_stations,
            "fingerprint": histogram_2d(
                [p[0] for p in pairs],
                [p[1] for p in pairs],
                title=f"Turnout × {audit.leader}'s share, {len(pairs):,} stations",
            ),
            "spikes": bar_chart(
                [str(i) for i in range(101)],
                percents,
                title=f"Stations by {audit.leader}'s share rounded to a whole percent",
            ),
        },
    )
