"""The root Typer application that every area's command module registers on."""

from __future__ import annotations

from typing import Annotated

import typer

from majlis import __version__
from majlis.cli._errors import MajlisGroup

app = typer.Typer(
    name="majlis",
    cls=MajlisGroup,
    help="An engine for party-list parliaments.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def main(
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the traceback of an unexpected error (for a report)."),
    ] = False,
) -> None:
    """An engine for party-list parliaments."""
    # read back by MajlisGroup from the root context's parameters


@app.command()
def version() -> None:
    """Print the installed version of majlis."""
    typer.echo(__version__)
