"""Rendering for ``majlis whatif`` and ``majlis project``: Rich tables, JSON and CSV."""

from __future__ import annotations

import io
import json

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._output import Format, print_table
from majlis.i18n import gettext, pgettext
from majlis.law import trace_records
from majlis.percent import percent
from majlis.simulate.projection import Projection
from majlis.simulate.whatif import Baseline, WhatIf
from majlis.trace_text import trace_text

__all__ = ["render_projection", "render_whatif"]


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


def render_whatif(w: WhatIf, base: Baseline, output: Format, show_trace: bool) -> None:
    """Print a what-if result: a side-by-side table and the flips, or JSON, or CSV."""
    votes_b = {p.name: p.votes for p in base.lists}
    votes_a = {p.name: p.votes for p in w.scenario.lists}
    if output is Format.JSON:
        typer.echo(_whatif_json(w))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(["party", "votes_before", "votes_after", "seats_before", "seats_after"])
        for name, before, after, _ in w.rows():
            writer.writerow([name, votes_b.get(name, 0), votes_a.get(name, 0), before, after])
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(title=gettext("What if — %(ruleset)s") % {"ruleset": w.after.ruleset_id})
    table.add_column(gettext("party"))
    for column in (
        gettext("votes before"),
        gettext("votes after"),
        gettext("seats before"),
        gettext("seats after"),
        gettext("change"),
    ):
        table.add_column(column, justify="right")
    for name, before, after, delta in w.rows():
        style = "green" if delta > 0 else "red" if delta < 0 else None
        table.add_row(
            name,
            f"{votes_b.get(name, 0):,}",
            f"{votes_a[name]:,}" if name in votes_a else gettext("removed"),
            str(before),
            str(after),
            f"{delta:+d}" if delta else "",
            style=style,
        )
    print_table(table, output, console=console)
    if w.thresholds:
        flips = Table(title=gettext("Threshold decisions that changed"))
        for column in (
            gettext("party"),
            gettext("share before"),
            gettext("share after"),
            pgettext("threshold", "before"),
            pgettext("threshold", "after"),
        ):
            flips.add_column(column)
        for f in w.thresholds:
            flips.add_row(
                f.party,
                percent(f.share_before),
                percent(f.share_after),
                _admission(f.admitted_before),
                _admission(f.admitted_after),
            )
        print_table(flips, output, console=console)
    if w.leftovers:
        left = Table(title=gettext("Whole-quota and leftover seats that changed"))
        left.add_column(gettext("party"))
        for column in (
            gettext("whole before"),
            gettext("whole after"),
            gettext("leftover before"),
            gettext("leftover after"),
        ):
            left.add_column(column, justify="right")
        for g in w.leftovers:
            left.add_row(
                g.party,
                str(g.whole_before),
                str(g.whole_after),
                str(g.leftover_before),
                str(g.leftover_after),
            )
        print_table(left, output, console=console)
    if w.seats_changed_hands:
        hands = Table(title=gettext("Seats (by order of award) that changed hands"))
        for column in (
            pgettext("seat order", "seat"),
            pgettext("seat holder", "before"),
            pgettext("seat holder", "after"),
        ):
            hands.add_column(column)
        for s in w.seats_changed_hands:
            hands.add_row(str(s.position), s.before or "—", s.after or "—")
        print_table(hands, output, console=console)
    for message, result in (
        (gettext("undecided before: %(num)s seat(s) tied among %(contenders)s"), w.before),
        (gettext("undecided after: %(num)s seat(s) tied among %(contenders)s"), w.after),
    ):
        if result.tie is not None:
            console.print(
                message % {"num": result.tie.seats, "contenders": ", ".join(result.tie.contenders)},
                markup=False,
            )
    if show_trace:
        console.print(gettext("Trace after the change"), style="bold")
        console.print(trace_text(w.after.trace), markup=False, highlight=False)


def _admission(value: bool | None) -> str:
    """Whether a list passed the threshold, as a word."""
    if value is None:
        return pgettext("threshold", "absent")
    return pgettext("threshold", "admitted") if value else pgettext("threshold", "excluded")


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


def render_projection(p: Projection, output: Format, elapsed: float) -> None:
    """Print a projection: a table of seats and probabilities, or JSON, or CSV."""
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
        payload = {**meta, "lists": records, "histogram": hist}
        if p.constituency_seats is not None:
            payload["constituencies"] = {
                c: {n: round(float(x), 4) for n, x in zip(p.names, row, strict=True) if x}
                for c, row in zip(p.constituencies, p.constituency_seats, strict=True)
            }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    table = Table(
        title=gettext("Seat projection — %(ruleset)s, %(runs)s runs, seed %(seed)s")
        % {"ruleset": p.ruleset_id, "runs": f"{p.runs:,}", "seed": p.seed}
    )
    table.add_column(gettext("party"))
    for column in (
        gettext("mean seats"),
        gettext("90% interval"),
        gettext("P(threshold)"),
        gettext("P(seats)"),
        gettext("P(>%(share)s of %(house)s)") % {"share": p.majority_share, "house": p.house},
        gettext("P(≥%(share)s of %(house)s)") % {"share": p.supermajority_share, "house": p.house},
    ):
        table.add_column(column, justify="right")
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
    print_table(table, output, console=console)
    console.print(
        gettext(
            "model %(model)s; ties %(ties)s, no allocation %(failed)s, exact-path runs "
            "%(exact)s; %(rate)s runs/s"
        )
        % {
            "model": p.model,
            "ties": p.ties,
            "failed": p.failed,
            "exact": p.exact_rows,
            "rate": f"{p.runs / max(elapsed, 1e-9):,.0f}",
        },
        markup=False,
    )
