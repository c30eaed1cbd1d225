"""``majlis whatif`` and ``majlis project``: scenarios and Monte Carlo seat projections."""

from __future__ import annotations

import csv
import io
import json
import time
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from majlis.cli._app import app
from majlis.cli._scenarios_io import (
    parse_move,
    parse_share,
    read_polls_csv,
    read_redistribution_csv,
)
from majlis.cli._votes_csv import read_votes_csv
from majlis.cli.law import Format, _load, _parse_date
from majlis.law import render_trace, trace_records
from majlis.law.projection import Projection, project
from majlis.law.scenarios import Baseline, Change, MoveShare, MoveVotes, RemoveList, WhatIf, what_if

__all__ = ["project_command", "whatif_command"]


def _pct(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value * 100):.2f}%"


def _whatif_json(w: WhatIf) -> str:
    payload = {
        "ruleset": w.after.ruleset_id,
        "before": {"seats": dict(w.before.seats), "tie": w.before.tie is not None},
        "after": {
            "seats": dict(w.after.seats),
            "tie": w.after.tie is not None,
            "trace": trace_records(w.after.trace),
        },
        "votes_after": {p.name: p.votes for p in w.scenario.lists},
        "against_all_after": w.scenario.against_all,
        "threshold_flips": [
            {
                "party": f.party,
                "admitted_before": f.admitted_before,
                "admitted_after": f.admitted_after,
                "share_before": None if f.share_before is None else str(f.share_before),
                "share_after": None if f.share_after is None else str(f.share_after),
            }
            for f in w.thresholds
        ],
        "leftover_flips": [
            {
                "party": f.party,
                "whole_before": f.whole_before,
                "whole_after": f.whole_after,
                "leftover_before": f.leftover_before,
                "leftover_after": f.leftover_after,
            }
            for f in w.leftovers
        ],
        "seat_flips": [
            {"seat": f.position, "before": f.before, "after": f.after}
            for f in w.seats_changed_hands
        ],
    }
    return json.dumps(payload, ensure_ascii=False)


def _render_whatif(w: WhatIf, base: Baseline, output: Format, show_trace: bool) -> None:
    votes_b = {p.name: p.votes for p in base.lists}
    votes_a = {p.name: p.votes for p in w.scenario.lists}
    if output is Format.JSON:
        typer.echo(_whatif_json(w))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["party", "votes_before", "votes_after", "seats_before", "seats_after"])
        for name, before, after, _ in w.rows():
            writer.writerow([name, votes_b.get(name, 0), votes_a.get(name, 0), before, after])
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(title=f"What if — {w.after.ruleset_id}")
    for column in ("party", "votes before", "votes after", "seats before", "seats after"):
        table.add_column(column, justify="left" if column == "party" else "right")
    table.add_column("change", justify="right")
    for name, before, after, delta in w.rows():
        style = "green" if delta > 0 else "red" if delta < 0 else None
        table.add_row(
            name,
            f"{votes_b.get(name, 0):,}",
            f"{votes_a[name]:,}" if name in votes_a else "removed",
            str(before),
            str(after),
            f"{delta:+d}" if delta else "",
            style=style,
        )
    console.print(table)
    if w.thresholds:
        flips = Table(title="Threshold decisions that changed")
        for column in ("party", "share before", "share after", "before", "after"):
            flips.add_column(column)
        for f in w.thresholds:
            flips.add_row(
                f.party,
                _pct(f.share_before),
                _pct(f.share_after),
                _admission(f.admitted_before),
                _admission(f.admitted_after),
            )
        console.print(flips)
    if w.leftovers:
        left = Table(title="Whole-quota and leftover seats that changed")
        for column in ("party", "whole before", "whole after", "leftover before", "leftover after"):
            left.add_column(column, justify="left" if column == "party" else "right")
        for g in w.leftovers:
            left.add_row(
                g.party,
                str(g.whole_before),
                str(g.whole_after),
                str(g.leftover_before),
                str(g.leftover_after),
            )
        console.print(left)
    if w.seats_changed_hands:
        hands = Table(title="Seats (by order of award) that changed hands")
        for column in ("seat", "before", "after"):
            hands.add_column(column)
        for s in w.seats_changed_hands:
            hands.add_row(str(s.position), s.before or "—", s.after or "—")
        console.print(hands)
    for label, result in (("before", w.before), ("after", w.after)):
        if result.tie is not None:
            console.print(
                f"undecided {label}: {result.tie.seats} seat(s) tied among "
                f"{', '.join(result.tie.contenders)}",
                markup=False,
            )
    if show_trace:
        console.print("Trace after the change", style="bold")
        console.print(render_trace(w.after.trace), markup=False, highlight=False)


def _admission(value: bool | None) -> str:
    return "absent" if value is None else "admitted" if value else "excluded"


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
    output: Annotated[Format, typer.Option("--format", help="table, json or csv")] = Format.TABLE,
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
    _render_whatif(what_if(ruleset, base, changes), base, output, show_trace)


def _projection_records(p: Projection) -> list[dict[str, object]]:
    mean, low, high = p.mean_seats(), p.quantile(0.05), p.quantile(0.95)
    seats_pos = 1.0 - p.histogram[:, 0] / p.runs
    records: list[dict[str, object]] = []
    for i, name in enumerate(p.names):
        records.append(
            {
                "party": name,
                "mean_seats": round(float(mean[i]), 4),
                "p05": int(low[i]),
                "median": int(p.quantile(0.5)[i]),
                "p95": int(high[i]),
                "p_threshold": float(p.passed_threshold[i] / p.runs),
                "p_seats": float(seats_pos[i]),
                "p_majority": float(p.majority[i] / p.runs),
                "p_supermajority": float(p.supermajority[i] / p.runs),
            }
        )
    return records


def _render_projection(p: Projection, output: Format, elapsed: float) -> None:
    records = _projection_records(p)
    meta = {
        "ruleset": p.ruleset_id,
        "runs": p.runs,
        "seed": p.seed,
        "model": p.model,
        "house": p.house,
        "majority": f"> {p.majority_share}",
        "supermajority": f">= {p.supermajority_share}",
        "ties": p.ties,
        "failed": p.failed,
        "exact_rows": p.exact_rows,
    }
    if output is Format.JSON:
        hist = {n: np.trim_zeros(p.histogram[i], "b").tolist() for i, n in enumerate(p.names)}
        typer.echo(json.dumps({**meta, "lists": records, "histogram": hist}, ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(title=f"Seat projection — {p.ruleset_id}, {p.runs:,} runs, seed {p.seed}")
    table.add_column("party")
    for column in ("mean seats", "90% interval", "P(threshold)", "P(seats)"):
        table.add_column(column, justify="right")
    table.add_column(f"P(>{p.majority_share} of {p.house})", justify="right")
    table.add_column(f"P(≥{p.supermajority_share} of {p.house})", justify="right")
    for r in records:
        table.add_row(
            str(r["party"]),
            f"{r['mean_seats']:.2f}",
            f"{r['p05']}–{r['p95']}",
            f"{r['p_threshold']:.1%}",
            f"{r['p_seats']:.1%}",
            f"{r['p_majority']:.1%}",
            f"{r['p_supermajority']:.1%}",
        )
    console.print(table)
    console.print(
        f"model {p.model}; ties {p.ties}, no allocation {p.failed}, exact-path runs "
        f"{p.exact_rows}; {p.runs / max(elapsed, 1e-9):,.0f} runs/s",
        markup=False,
    )


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
    output: Annotated[Format, typer.Option("--format", help="table, json or csv")] = Format.TABLE,
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
    _render_projection(result, output, time.perf_counter() - started)
