"""``majlis demo``: build the 2021 Majlis election end to end and print where it is."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from majlis.cli._app import app
from majlis.demo import DEFAULT_STATIONS, STEPS, run_demo


@app.command()
def demo(
    folder: Annotated[
        Path | None, typer.Option(help="Where to write (default: a new temporary folder).")
    ] = None,
    stations: Annotated[int, typer.Option(min=100, help="Polling stations to synthesise.")] = (
        DEFAULT_STATIONS
    ),
    seed: Annotated[int, typer.Option(help="Seed of every random choice.")] = 2021,
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
        task = progress.add_task("starting", total=len(STEPS), name="demo")
        done: set[str] = set()

        def step(name: str, text: str) -> None:
            if name not in done:
                done.add(name)
                progress.update(task, completed=STEPS.index(name))
            progress.update(task, description=text, name=name)

        result = run_demo(folder=folder, stations=stations, seed=seed, step=step)
        progress.update(task, completed=len(STEPS), description="done", name="demo")
    ranked = sorted(result.seats.items(), key=lambda item: (-item[1], item[0]))
    seats = ", ".join(f"{party} {n}" for party, n in ranked)
    console.print(f"seats: {seats} (+ 9 appointed by the Assembly of the People)")
    console.print(f"database: {result.database}")
    console.print(f"report:   {result.report}")
    console.print(f"audit:    {result.audit_report}")
    console.print(f"folder:   {result.folder}  ({result.seconds:.1f} s)")
