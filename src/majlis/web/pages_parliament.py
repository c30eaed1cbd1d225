"""The chamber on a chosen date: hemicycle, seats by party, mandates and their history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from majlis import parliament
from majlis.errors import NotFoundError
from majlis.palette import VACANT
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._tables import DataTable, Format, download
from majlis.web.charts import colour, hemicycle
from majlis.web.i18n import fmt_date, gettext

router = APIRouter()


def _convocations(session: Session) -> list[tuple[str, str]]:
    """Every stored convocation as (slug, name), the latest opened first."""
    return [(c.slug, c.name) for c in parliament.convocations(session)]


On = Annotated[date | None, Query()]
ConvocationSlug = Annotated[str | None, Query(max_length=64)]


def _page(
    session: Session, on: date | None, convocation: str | None
) -> tuple[dict[str, Any], dict[str, DataTable]]:
    """What the page shows and its downloadable tables."""
    listed = _convocations(session)
    if convocation:
        sitting = parliament.find_convocation(session, convocation)
    elif on is not None:
        sitting = parliament.find_convocation(session, on=on)
    elif listed:
        sitting = parliament.find_convocation(session, listed[0][0])
    else:
        raise NotFoundError("No convocation is stored yet (try `majlis demo`).")
    last = sitting.closed_on - timedelta(days=1) if sitting.closed_on else None
    day = on or (min(date.today(), last) if last else date.today())
    comp = parliament.composition(session, on=day, convocation=sitting.slug)
    groups = sorted(comp.by_group.items(), key=lambda kv: (-kv[1], kv[0]))
    coloured = [(name, seats, colour(i, name)) for i, (name, seats) in enumerate(groups)]
    if comp.vacant:
        coloured.append(("vacant", comp.vacant, VACANT))
    in_force = parliament.mandates(session, convocation=sitting.slug, on=day)
    every = parliament.mandates(session, convocation=sitting.slug)
    ended = [m for m in every if m.end is not None and m.end_reason is not None]
    successors = {m.predecessor_id: m for m in every if m.predecessor_id is not None}
    history = parliament.chamber_history(session, convocation=sitting.slug)
    tables = {
        "composition": DataTable.of(
            "composition", ["group", "seats", "colour"], [list(g) for g in coloured]
        ),
        "deputies": DataTable.of(
            "deputies",
            ["post", "deputy", "group", "since"],
            [
                [m.post, m.person_name, m.party or m.group or "independent", m.start.isoformat()]
                for m in in_force
            ],
        ),
        "replacements": DataTable.of(
            "replacements",
            ["post", "deputy", "party", "ended", "reason", "successor", "successor_from"],
            [
                [
                    m.post,
                    m.person_name,
                    m.party or m.group or "",
                    m.end.isoformat() if m.end else None,
                    m.end_reason.value if m.end_reason else None,
                    (nxt := successors.get(m.id)) and nxt.person_name,
                    nxt.start.isoformat() if nxt else None,
                ]
                for m in ended
            ],
        ),
        "history": DataTable.of(
            "history",
            ["date", "kind", "detail"],
            [[e.occurred_on.isoformat(), e.kind, e.detail] for e in history],
        ),
    }
    shown = {
        "title": gettext("Parliament on %(day)s") % {"day": fmt_date(day)},
        "day": day,
        "convocations": listed,
        "last": last,
        "sitting": sitting,
        "comp": comp,
        "groups": coloured,
        "chart": hemicycle(
            coloured,
            title=gettext("%(chamber)s: %(filled)s of %(total)s seats held")
            % {"chamber": sitting.name, "filled": comp.filled, "total": comp.total_posts},
        ),
        "in_force": in_force,
        "ended": ended,
        "successors": successors,
        "history": history,
        "query": f"&convocation={sitting.slug}&on={day.isoformat()}",
    }
    return shown, tables


@router.get("/parliament/table.{fmt}")
def parliament_table(
    session: SessionDep,
    fmt: Format,
    table: Annotated[str, Query(max_length=32)],
    on: On = None,
    convocation: ConvocationSlug = None,
) -> Response:
    """One table of the parliament page as CSV or JSON."""
    shown, tables = _page(session, on, convocation)
    return download(tables, table, fmt, stem=f"{shown['sitting'].slug}-{shown['day'].isoformat()}")


@router.get("/parliament", response_class=HTMLResponse)
def parliament_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    on: On = None,
    convocation: ConvocationSlug = None,
) -> Response:
    """Composition of ``convocation`` (default the latest opened) on ``on`` (default today,
    or the convocation's last day when it has closed), with the hemicycle and its history."""
    shown, _ = _page(session, on, convocation)
    return templates.TemplateResponse(request, "parliament.html", shown | {"viewer": viewer})
