"""``majlis whatif`` and ``majlis project``: scenarios and Monte Carlo seat projections."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from majlis.cli._app import app
from majlis.cli._output import Format, FormatOption
from majlis.cli._scenarios_io import (
    parse_move,
    parse_share,
    read_polls_csv,
    read_redistribution_csv,
)
from majlis.cli._scenarios_render import render_projection, render_whatif
from majlis.cli._votes_csv import read_votes_csv
from majlis.cli.law import _load, _parse_date
from majlis.simulate.projection import project
from majlis.simulate.whatif import Baseline, Change, MoveShare, MoveVotes, RemoveList, what_if

__all__ = ["project_command", "whatif_command"]


@app.command("whatif")
def whatif_command(
    votes_csv: Annotated[Path, typer.Argument(metavar="VOTES.CSV", help="party,votes table")],
    law: Annotated[str, typer.Option("--law", help="ruleset id, family id or path.toml")],
    on: Annotated[str | None, typer.Option("--date", help="pick the version in force")] = None,
    move: Annotated[
        list[str] | None,
        typer.Option("--move", help="FROM:TO:VOTES (FROM may be 'abstainers'), repeatable"),
    ] = None,
    move_share: Annotated[
        list[str] | None,
        typer.Option("--move-share", help="FROM:TO:SHARE, e.g. 'Ak Zhol:Auyl:10%'"),
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="a list that boycotts, repeatable")
    ] = None,
    redistribute: Annotated[
        Path | None,
        typer.Option("--redistribute", help="CSV: party,<to>,... shares of removed lists"),
    ] = None,
    ballots_cast: Annotated[int | None, typer.Option("--ballots-cast", min=0)] = None,
    registered_voters: Annotated[int | None, typer.Option("--registered-voters", min=0)] = None,
    show_trace: Annotated[bool, typer.Option("--trace", help="print the new trace")] = False,
    output: FormatOption = Format.AUTO,
) -> None:
    """Change the votes (moves, boycotts) and compare the seats with the original count.

    Changes apply in this order: --move, --move-share, then --remove.
    """
    ruleset = _load(law, _parse_date(on))
    table = read_votes_csv(votes_csv)
    base = Baseline(
        table.lists,
        against_all=table.against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    rows = read_redistribution_csv(redistribute, removed=remove or []) if redistribute else {}
    changes: list[Change] = []
    for text in move or []:
        source, target, amount = parse_move(text, option="--move", share=False)
        changes.append(MoveVotes(source, target, int(amount)))
    for text in move_share or []:
        source, target, amount = parse_move(text, option="--move-share", share=True)
        changes.append(MoveShare(source, target, amount))
    changes.extend(RemoveList(name, rows.get(name)) for name in remove or [])
    render_whatif(what_if(ruleset, base, changes), base, output, show_trace)


@app.command("project")
def project_command(
    polls_csv: Annotated[Path, typer.Argument(metavar="POLLS.CSV", help="party,share[,se]")],
    law: Annotated[str, typer.Option("--law", help="ruleset id, family id or path.toml")],
    runs: Annotated[int, typer.Option("--runs", min=1, help="simulated elections")] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help="random seed (reproducible)")] = 0,
    sample_size: Annotated[
        int | None, typer.Option("--sample-size", min=1, help="poll respondents")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="pick the version in force")] = None,
    voters: Annotated[int, typer.Option("--voters", min=1, help="valid votes")] = 6_000_000,
    registered_voters: Annotated[int | None, typer.Option("--registered-voters", min=1)] = None,
    house: Annotated[int | None, typer.Option("--house", min=1, help="seats for majorities")] = (
        None
    ),
    majority: Annotated[str, typer.Option("--majority", help="share to exceed")] = "1/2",
    supermajority: Annotated[str, typer.Option("--supermajority", help="share to reach")] = "2/3",
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 100_000,
    output: FormatOption = Format.AUTO,
) -> None:
    """Monte Carlo seat projection from poll shares (sample size, or an 'se' column)."""
    ruleset = _load(law, _parse_date(on))
    poll = read_polls_csv(polls_csv, sample_size=sample_size)
    shares = {
        "--majority": parse_share(majority, option="--majority"),
        "--supermajority": parse_share(supermajority, option="--supermajority"),
    }
    started = time.perf_counter()
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} runs"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("runs", total=runs)
        result = project(
            ruleset,
            poll,
            runs=runs,
            seed=seed,
            voters=voters,
            batch_size=batch_size,
            house=house,
            majority_share=shares["--majority"],
            supermajority_share=shares["--supermajority"],
            registered_voters=registered_voters,
            on_batch=lambda done, _total: progress.update(task, completed=done),
        )
    render_projection(result, output, time.perf_counter() - started)
