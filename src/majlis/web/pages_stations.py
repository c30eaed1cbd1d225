"""A polling station: its protocol versions, checks, entries, observer copies, incidents."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from majlis import results
from majlis.errors import NotFoundError
from majlis.store.tokens import Principal
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._drill import Drill, drill
from majlis.web._election import pick_election
from majlis.web._labels import line_label, region_label
from majlis.web._tables import DataTable, Format, download
from majlis.web._terms import term
from majlis.web.i18n import gettext

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
        (f"{term(src)}{' · ' + obs if obs else ''} v{p.version}", p)
        for (src, obs), p in sorted(
            latest.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] or "")
        )
        if show_entries or src in ("official", "observer")
    ]


Code = Annotated[str, Path(max_length=32)]
Election = Annotated[str | None, Query(max_length=64)]


@router.get("/stations/{code}/table.{fmt}")
def station_table(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    code: Code,
    fmt: Format,
    table: Annotated[str, Query(max_length=32)],
    election: Election = None,
) -> Response:
    """One table of the station's page (what this viewer may see) as CSV or JSON."""
    shown = _page(request, session, viewer, code, election)
    return download(shown["tables"], table, fmt, stem=f"{shown['slug']}-{code}")


@router.get("/stations/{code}", response_class=HTMLResponse)
def station_page(
    request: Request, session: SessionDep, viewer: ViewerDep, code: Code, election: Election = None
) -> Response:
    """Everything known about one station's count."""
    return templates.TemplateResponse(
        request, "station.html", _page(request, session, viewer, code, election)
    )


def _page(
    request: Request, session: Session, viewer: Principal | None, code: str, election: str | None
) -> dict[str, Any]:
    slug = pick_election(session, election)
    places = results.station_places(session, [code])
    if code not in places:
        raise NotFoundError(gettext("No polling station '%(code)s'.") % {"code": code})
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
            (
                line_label(name),
                values,
                [v is not None and base is not None and v != base for v in values],
            )
        )
    place = places[code]
    try:
        d: Drill | None = drill(request.app.state, session, slug)
    except NotFoundError:  # no final protocol yet: nothing to drill into
        d = None
    tally = (
        d.tabulation.tally(results.Level.STATION, code)
        if d and code in d.tabulation.units(results.Level.STATION)
        else None
    )
    here = f"?election={quote(slug)}"
    labels = [label for label, _ in columns]
    tables = {
        "protocols": DataTable.of(
            "protocols",
            ["field", "line", *labels],
            [[f, r[0], *r[1]] for f, r in zip(fields, rows, strict=True)],
        ),
        "findings": DataTable.of(
            "findings",
            ["severity", "rule", "message"],
            [[f.severity.value, f.rule.value, f.message] for f in findings],
        ),
        "incidents": DataTable.of(
            "incidents",
            ["observed_at", "category", "observer", "description", "evidence_sha256"],
            [
                [
                    i.observed_at.isoformat(),
                    i.category.value,
                    i.observer,
                    i.description,
                    i.evidence_sha256,
                ]
                for i in incidents
            ],
        ),
    }
    return {
        "tables": tables,
        "viewer": viewer,
        "title": gettext("Polling station %(code)s") % {"code": code},
        "code": code,
        "slug": slug,
        "place": place,
        "region": region_label(place.region),
        "tally": tally,
        "audit_flags": d.flags.get(code, ()) if d else (),
        "copies_differing": d.discrepant[code] if d else 0,
        "crumbs": [
            (gettext("National"), f"/results?election={quote(slug)}"),
            (
                region_label(place.region),
                f"/results/regions/{quote(place.region, safe='')}{here}",
            ),
            (
                gettext("Territorial commission %(code)s") % {"code": place.territorial},
                f"/results/territories/{quote(place.territorial, safe='')}{here}",
            ),
            (gettext("Polling station %(code)s") % {"code": code}, None),
        ],
        "columns": labels,
        "rows": rows,
        "findings": findings,
        "decision": decision,
        "differences": differences,
        "incidents": incidents,
        "history": history if viewer else [],
        "line_label": line_label,
    }
