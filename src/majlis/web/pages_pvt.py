"""The quick count's page: coverage by stratum, the estimate with its intervals, the comparison;
and its printable statement (the report ``majlis report pvt`` writes), in the page's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from majlis import pvt
from majlis.errors import InputError, NotFoundError
from majlis.labels import seat_sentence
from majlis.web._deps import SessionDep, ViewerDep, templates
from majlis.web._election import pick_election
from majlis.web.charts import line_chart
from majlis.web.i18n import gettext

router = APIRouter()


def _convergence(view: dict[str, Any]) -> Markup | None:
    rows = [r for r in view["rounds"] if r["lists"]]
    if len(rows) < 2:
        return None
    names = list(rows[0]["lists"])
    series = {n: [100 * r["lists"][n]["share"] for r in rows] for n in names}
    return line_chart(
        [str(r["reports"]) for r in rows],
        series,
        title=gettext("Each list's estimated share (%) as reports arrived (x: reports)"),
    )


@router.get("/pvt", response_class=HTMLResponse)
def pvt_page(
    request: Request,
    session: SessionDep,
    viewer: ViewerDep,
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """The design in force, the status board, the estimate and the official count against it."""
    slug = pick_election(session, election)
    context: dict[str, Any] = {
        "viewer": viewer,
        "title": gettext("Quick count"),
        "slug": slug,
        "seat_sentence": seat_sentence,
    }
    try:
        context["design"] = pvt.current_sample(session, slug)
        context["status"] = pvt.status_view(pvt.collect_reports(session, slug))
        context["compare"] = pvt.compare_view(pvt.compare_election(session, slug, draws=2000))
        context["convergence"] = _convergence(pvt.rounds_view(pvt.estimate_rounds(session, slug)))
    except (NotFoundError, InputError) as exc:
        context["note"] = str(exc)
    return templates.TemplateResponse(request, "pvt.html", context)


@router.get("/pvt/statement", response_class=HTMLResponse)
def pvt_statement(
    session: SessionDep,
    election: Annotated[str | None, Query(max_length=64)] = None,
) -> HTMLResponse:
    """The printable statement of the quick count (print it, or save it as PDF)."""
    from majlis.report.quick_count import (  # the reports' package: first use only
        quick_count_statement,
        render_statement_html,
    )

    slug = pick_election(session, election)
    statement = quick_count_statement(session, slug, draws=2000)
    return HTMLResponse(render_statement_html(statement))
