"""``majlis report results``: an election's official results protocol, printable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from majlis.cli._app import app
from majlis.cli._files import writable
from majlis.errors import InputError
from majlis.store import session_scope

report_app = typer.Typer(
    help="Printable reports: an election's official results protocol (PDF or HTML).",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")


@report_app.command("results")
def results(
    election: Annotated[
        str, typer.Option("--election", "-e", help="Election code, e.g. kz-majlis-2021.")
    ],
    pdf: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write the protocol as a PDF (A4) to FILE."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write the protocol as printable HTML to FILE."),
    ] = None,
) -> None:
    """The official results protocol: the numbered lines, votes per list, seats, digest."""
    from majlis.report.protocol import (  # the report loads on demand
        render_protocol_html,
        results_protocol,
        write_protocol_pdf,
    )

    if pdf is None and html is None:
        raise InputError("say where to write the protocol: --pdf FILE and/or --html FILE")
    for path in (pdf, html):
        if path is not None:
            writable(path, what="protocol")
    with session_scope() as session:
        protocol = results_protocol(session, election)
    if html is not None:
        html.write_text(render_protocol_html(protocol), encoding="utf-8")
        typer.echo(f"wrote {html}")
    if pdf is not None:
        write_protocol_pdf(protocol, pdf)
        typer.echo(f"wrote {pdf}")
