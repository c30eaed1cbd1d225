"""``majlis whatif`` and ``majlis project``: scenarios and Monte Carlo seat projections."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from majlis.cli._app import app
from majlis.cli._district_scenarios import (
    parse_move_in,
    read_baseline,
    read_constituency_polls,
    render_district_whatif,
)
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
from majlis.errors import InputError, Location
from majlis.i18n import N_
from majlis.simulate.district_projection import project_districts
from majlis.simulate.district_whatif import DistrictChange, what_if_districts
from majlis.simulate.projection import project
from majlis.simulate.whatif import Baseline, Change, MoveShare, MoveVotes, RemoveList, what_if

__all__ = ["Swing", "project_command", "whatif_command"]


class Swing(StrEnum):
    """How a national poll's change reaches each constituency (districted projections)."""

    PROPORTIONAL = "proportional"
    UNIFORM = "uniform"


@app.command("whatif")
def whatif_command(
    votes_csv: Annotated[Path, typer.Argument(metavar="VOTES.CSV", help=N_("party,votes table"))],
    law: Annotated[str, typer.Option("--law", help=N_("ruleset id, family id or path.toml"))],
    on: Annotated[str | None, typer.Option("--date", help=N_("pick the version in force"))] = None,
    move: Annotated[
        list[str] | None,
        typer.Option("--move", help=N_("FROM:TO:VOTES (FROM may be 'abstainers'), repeatable")),
    ] = None,
    move_share: Annotated[
        list[str] | None,
        typer.Option("--move-share", help=N_("FROM:TO:SHARE, e.g. 'Ak Zhol:Auyl:10%'")),
    ] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help=N_("a list that boycotts, repeatable"))
    ] = None,
    redistribute: Annotated[
        Path | None,
        typer.Option("--redistribute", help=N_("CSV: party,<to>,... shares of removed lists")),
    ] = None,
    ballots_cast: Annotated[int | None, typer.Option("--ballots-cast", min=0)] = None,
    registered_voters: Annotated[int | None, typer.Option("--registered-voters", min=0)] = None,
    show_trace: Annotated[bool, typer.Option("--trace", help=N_("print the new trace"))] = False,
    output: FormatOption = Format.AUTO,
    constituencies: Annotated[
        Path | None,
        typer.Option(
            "--constituencies",
            help=N_(
                "constituency,seats,... table: a districted law (votes in the long form "
                "constituency,party,votes); --move, --move-share and --remove then apply in "
                "every constituency, in proportion to each list's votes there"
            ),
        ),
    ] = None,
    move_in: Annotated[
        list[str] | None,
        typer.Option(
            "--move-in",
            help=N_("CONSTITUENCY:FROM:TO:VOTES, a move in one constituency (districted laws)"),
        ),
    ] = None,
    move_share_in: Annotated[
        list[str] | None,
        typer.Option(
            "--move-share-in",
            help=N_("CONSTITUENCY:FROM:TO:SHARE, e.g. 'Madrid:PSOE:PP:5%' (districted laws)"),
        ),
    ] = None,
) -> None:
    """Change the votes (moves, boycotts) and compare the seats with the original count.

    Changes apply in this order: --move-in, --move-share-in, --move, --move-share, then
    --remove. A districted law shows the seats that changed in each constituency.
    """
    ruleset = _load(law, _parse_date(on))
    if ruleset.districts is not None or constituencies is not None:
        rows = read_redistribution_csv(redistribute, removed=remove or []) if redistribute else {}
        base_d = read_baseline(ruleset, votes_csv, constituencies)
        scoped: list[DistrictChange] = [
            *(parse_move_in(t, option="--move-in", share=False) for t in move_in or []),
            *(parse_move_in(t, option="--move-share-in", share=True) for t in move_share_in or []),
        ]
        scoped.extend(_national_changes(move, move_share, remove, rows))
        render_district_whatif(what_if_districts(ruleset, base_d, scoped), output)
        return
    if move_in or move_share_in:
        raise InputError.expected(
            what="--move-in / --move-share-in",
            expected="a districted law with --constituencies",
            got=f"ruleset {ruleset.id!r} (one national constituency)",
            location=Location(field="--move-in"),
            code="scenario.move_in_national",
            params={"ruleset": ruleset.id},
        )
    table = read_votes_csv(votes_csv)
    base = Baseline(
        table.lists,
        against_all=table.against_all,
        ballots_cast=ballots_cast,
        registered_voters=registered_voters,
    )
    rows = read_redistribution_csv(redistribute, removed=remove or []) if redistribute else {}
    changes = _national_changes(move, move_share, remove, rows)
    render_whatif(what_if(ruleset, base, changes), base, output, show_trace)


def _national_changes(
    move: list[str] | None,
    move_share: list[str] | None,
    remove: list[str] | None,
    rows: dict[str, dict[str, Fraction]],
) -> list[Change]:
    changes: list[Change] = []
    for text in move or []:
        source, target, amount = parse_move(text, option="--move", share=False)
        changes.append(MoveVotes(source, target, int(amount)))
    for text in move_share or []:
        source, target, amount = parse_move(text, option="--move-share", share=True)
        changes.append(MoveShare(source, target, amount))
    changes.extend(RemoveList(name, rows.get(name)) for name in remove or [])
    return changes


@app.command("project")
def project_command(
    polls_csv: Annotated[Path, typer.Argument(metavar="POLLS.CSV", help=N_("party,share[,se]"))],
    law: Annotated[str, typer.Option("--law", help=N_("ruleset id, family id or path.toml"))],
    runs: Annotated[int, typer.Option("--runs", min=1, help=N_("simulated elections"))] = 100_000,
    seed: Annotated[int, typer.Option("--seed", help=N_("random seed (reproducible)"))] = 0,
    sample_size: Annotated[
        int | None, typer.Option("--sample-size", min=1, help=N_("poll respondents"))
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help=N_("pick the version in force"))] = None,
    voters: Annotated[int, typer.Option("--voters", min=1, help=N_("valid votes"))] = 6_000_000,
    registered_voters: Annotated[int | None, typer.Option("--registered-voters", min=1)] = None,
    house: Annotated[
        int | None, typer.Option("--house", min=1, help=N_("seats for majorities"))
    ] = (None),
    majority: Annotated[str, typer.Option("--majority", help=N_("share to exceed"))] = "1/2",
    supermajority: Annotated[
        str, typer.Option("--supermajority", help=N_("share to reach"))
    ] = "2/3",
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help=N_("runs between progress updates"))
    ] = 100_000,
    output: FormatOption = Format.AUTO,
    constituencies: Annotated[
        Path | None,
        typer.Option(
            "--constituencies",
            help=N_("constituency,seats,... table: project a districted law (needs --baseline)"),
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help=N_("constituency,party,votes: the result per constituency the swing starts from"),
        ),
    ] = None,
    swing: Annotated[
        Swing, typer.Option("--swing", help=N_("how national change reaches each constituency"))
    ] = Swing.PROPORTIONAL,
    constituency_polls: Annotated[
        Path | None,
        typer.Option(
            "--constituency-polls",
            help=N_("constituency,party,share[,se]: polls that replace the swing where given"),
        ),
    ] = None,
) -> None:
    """Monte Carlo seat projection from poll shares (sample size, or an 'se' column).

    A districted law (--constituencies with --baseline) swings the national poll onto the
    baseline's constituencies and counts every one; seats are summed nationally.
    """
    ruleset = _load(law, _parse_date(on))
    poll = read_polls_csv(polls_csv, sample_size=sample_size)
    shares = {
        "--majority": parse_share(majority, option="--majority"),
        "--supermajority": parse_share(supermajority, option="--supermajority"),
    }
    if ruleset.districts is not None or constituencies is not None or baseline is not None:
        if baseline is None:
            raise InputError.expected(
                what=f"a projection of {ruleset.id!r}",
                expected="--baseline VOTES.CSV (constituency,party,votes) and --constituencies",
                got="no baseline",
                location=Location(field="--baseline"),
                code="projection.no_baseline",
                params={"ruleset": ruleset.id},
            )
        base_d = read_baseline(ruleset, baseline, constituencies)
        local = (
            read_constituency_polls(constituency_polls, sample_size=sample_size)
            if constituency_polls
            else None
        )
        started = time.perf_counter()
        with _progress(runs) as (progress, task):
            result = project_districts(
                ruleset,
                base_d,
                poll,
                runs=runs,
                seed=seed,
                swing=swing.value,
                constituency_polls=local,
                batch_size=batch_size,
                house=house,
                majority_share=shares["--majority"],
                supermajority_share=shares["--supermajority"],
                on_batch=lambda done, _total: progress.update(task, completed=done),
            )
        render_projection(result, output, time.perf_counter() - started)
        return
    started = time.perf_counter()
    with _progress(runs) as (progress, task):
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


@contextmanager
def _progress(runs: int) -> Iterator[tuple[Progress, TaskID]]:
    """A transient progress bar on stderr, and its one task."""
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} runs"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield progress, progress.add_task("runs", total=runs)
