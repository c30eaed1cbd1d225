"""``majlis demo``: build the 2021 Majlis election end to end and print where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from majlis.cli._app import app
from majlis.demo import DEFAULT_STATIONS, STEPS, run_demo
from majlis.i18n import DEFAULT, N_, current, fmt_int, gettext
from majlis.note_text import note_text

#: The demo's steps (the names of :data:`majlis.demo.STEPS`) as the progress bar shows them
#: in another language than English.
_STEP_NAMES = {
    "demo": N_("demo"),
    "database": N_("database"),
    "campaign": N_("campaign"),
    "count": N_("count"),
    "protocols": N_("protocol storage"),
    "chamber": N_("chamber"),
    "forensics": N_("forensics"),
    "report": N_("report"),
}


def _name(step: str) -> str:
    """A step's name: as the demo names it in English, a word in another language."""
    if current() == DEFAULT or step not in _STEP_NAMES:
        return step
    return gettext(_STEP_NAMES[step])


@app.command()
def demo(
    folder: Annotated[
        Path | None, typer.Option(help=N_("Where to write (default: a new temporary folder)."))
    ] = None,
    stations: Annotated[int, typer.Option(min=100, help=N_("Polling stations to synthesise."))] = (
        DEFAULT_STATIONS
    ),
    seed: Annotated[int, typer.Option(help=N_("Seed of every random choice."))] = 2021,
) -> None:
    """Build the Kazakhstan Majlis election of 10 January 2021 end to end (SQLite + HTML report)."""
    console = Console()
    with Progress(
        TextColumn("[bold]{task.fields[name]:<10}"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task(gettext("starting"), total=len(STEPS), name=_name("demo"))
        done: set[str] = set()

        def step(name: str, text: str) -> None:
            if name not in done:
                done.add(name)
                progress.update(task, completed=STEPS.index(name))
            progress.update(task, description=escape(note_text(text)), name=_name(name))

        result = run_demo(folder=folder, stations=stations, seed=seed, step=step)
        progress.update(task, completed=len(STEPS), description=gettext("done"), name=_name("demo"))
    ranked = sorted(result.seats.items(), key=lambda item: (-item[1], item[0]))
    seats = ", ".join(f"{party} {fmt_int(n)}" for party, n in ranked)
    lines = [
        gettext("seats: %(seats)s (+ 9 appointed by the Assembly of the People)")
        % {"seats": seats},
        gettext("database: %(path)s") % {"path": result.database},
        gettext("report:   %(path)s") % {"path": result.report},
        gettext("audit:    %(path)s") % {"path": result.audit_report},
        gettext("folder:   %(path)s  (%(seconds)s s)")
        % {"path": result.folder, "seconds": f"{result.seconds:.1f}"},
    ]
    for line in lines:
        console.print(line, markup=False, highlight=False)
