"""A polling station: its protocol versions, checks, entries, observer copies, incidents."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from majlis import results
from majlis.errors import NotFoundError
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election

router = APIRouter()


def _columns(
    history: list[results.StoredVersion], *, show_entries: bool
) -> list[tuple[str, results.Protocol]]:
    """The latest version of each source (entries only for logged-in viewers)."""
    latest: dict[tuple[str, str | None], results.Protocol] = {}
    for version in history:
        p = version.protocol
        latest[(p.source.value, p.observer)] = p
    order = {"official": 0, "entry1": 1, "entry2": 2, "observer": 3}
    return [
        (f"{src}{' · ' + obs if obs else ''} v{p.version}", p)
        for (src, obs), p in sorted(
            latest.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] or "")
        )
        if show_entries or src in ("official", "observer")
    ]


@router.get("/stations/{code}", response_class=HTMLResponse)
def station_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    code: Annotated[str, Path(max_length=32)],
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Everything known about one station's count."""
    slug = pick_election(session, election)
    places = results.station_places(session, [code])
    if code not in places:
        raise NotFoundError(f"No polling station '{code}'.")
    history = results.protocol_history(session, slug, code)
    columns = _columns(history, show_entries=viewer is not None)
    official = results.latest_protocol(session, slug, code, results.Source.OFFICIAL)
    findings = results.check_protocol(official) if official else ()
    decision = results.final_decision(session, slug, code)
    differences = results.entry_differences(session, slug, code) if viewer else ()
    incidents = results.list_incidents(session, slug, station=code)
    fields: list[str] = []
    for _, p in columns:
        for name in p.lines.field_values():
            if name not in fields:
                fields.append(name)
    rows = []
    for name in fields:
        values = [p.lines.field_values().get(name) for _, p in columns]
        base = values[0] if columns and columns[0][1].source is results.Source.OFFICIAL else None
        rows.append(
            (name, values, [v is not None and base is not None and v != base for v in values])
        )
    return templates.TemplateResponse(
        request,
        "station.html",
        {
            "viewer": viewer,
            "title": f"Station {code}",
            "code": code,
            "slug": slug,
            "place": places[code],
            "columns": [label for label, _ in columns],
            "rows": rows,
            "findings": findings,
            "decision": decision,
            "differences": differences,
            "incidents": incidents,
            "history": history if viewer else [],
        },
    )
