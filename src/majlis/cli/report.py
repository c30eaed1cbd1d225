"""``majlis report results|pvt``: printable reports of an election (PDF or HTML).

The reports load on demand (WeasyPrint only for a PDF). Both are worded in the language of
``majlis --lang`` (or ``MAJLIS_LANG``/``LANG``): English, Russian or Kazakh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from majlis.cli._app import app
from majlis.cli._files import writable
from majlis.errors import InputError
from majlis.i18n import N_, gettext
from majlis.store import session_scope

report_app = typer.Typer(
    help=N_("Printable reports: an election's results protocol, the quick-count statement."),
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

Election = Annotated[
    str, typer.Option("--election", "-e", help=N_("Election code, e.g. kz-majlis-2021."))
]
Pdf = Annotated[
    Path | None, typer.Option(metavar="FILE", help=N_("Write it as a PDF (A4) to FILE."))
]
Html = Annotated[
    Path | None, typer.Option(metavar="FILE", help=N_("Write it as printable HTML to FILE."))
]


def _targets(pdf: Path | None, html: Path | None, what: str) -> None:
    if pdf is None and html is None:
        raise InputError(
            f"say where to write the {what}: --pdf FILE and/or --html FILE",
            code="report.no_target",
            params={"what": what},
        )
    for path in (pdf, html):
        if path is not None:
            writable(path, what=what)


def _write(
    page: str, html: Path | None, pdf: Path | None, write_pdf: Callable[[str, Path], Path]
) -> None:
    """Write the rendered ``page`` as HTML and/or PDF, saying where."""
    if html is not None:
        html.write_text(page, encoding="utf-8")
        typer.echo(gettext("wrote %(path)s") % {"path": html})
    if pdf is not None:
        write_pdf(page, pdf)
        typer.echo(gettext("wrote %(path)s") % {"path": pdf})


@report_app.command("results")
def results(election: Election, pdf: Pdf = None, html: Html = None) -> None:
    """The official results protocol: the numbered lines, votes per list, seats, digest."""
    from majlis.report.protocol import render_protocol_html, results_protocol, write_pdf

    _targets(pdf, html, "protocol")
    with session_scope() as session:
        protocol = results_protocol(session, election)
    _write(render_protocol_html(protocol), html, pdf, write_pdf)


@report_app.command("pvt")
def quick_count(
    election: Election,
    pdf: Pdf = None,
    html: Html = None,
    draws: Annotated[
        int, typer.Option(min=100, max=20_000, help=N_("Seat draws from the estimate."))
    ] = 4000,
) -> None:
    """The quick-count statement: the sample and its digest, the estimate, the official
    count held against it and the verdict (as ``majlis pvt compare`` and the dashboard)."""
    from majlis.report.protocol import write_pdf
    from majlis.report.quick_count import quick_count_statement, render_statement_html

    _targets(pdf, html, "statement")
    with session_scope() as session:
        statement = quick_count_statement(session, election, draws=draws)
    _write(render_statement_html(statement), html, pdf, write_pdf)
