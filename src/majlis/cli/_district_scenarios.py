"""``majlis whatif`` and ``majlis project`` on districted laws: read, run, render."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from majlis import csvsafe
from majlis.cli._constituencies_csv import read_constituencies_csv, with_valid_votes
from majlis.cli._district_render import check_districted_input
from majlis.cli._files import read_csv
from majlis.cli._output import Format, print_table
from majlis.cli._scenarios_io import parse_share, poll_from_rows, vote_amount
from majlis.cli._votes_csv import read_votes_csv
from majlis.errors import InputError, Location
from majlis.law import PartyList, Ruleset, allocate_districts
from majlis.simulate.district_whatif import DistrictWhatIf, InConstituency
from majlis.simulate.districts import DistrictBaseline
from majlis.simulate.projection import Poll
from majlis.simulate.whatif import Change, MoveShare, MoveVotes

__all__ = [
    "parse_move_in",
    "read_baseline",
    "read_constituency_polls",
    "render_district_whatif",
]


def read_baseline(
    ruleset: Ruleset, votes_csv: Path, constituencies: Path | None
) -> DistrictBaseline:
    """The long-form votes and the constituency table, checked by the law engine once."""
    table = read_votes_csv(votes_csv)
    check_districted_input(ruleset, table, votes_csv, constituencies)
    assert constituencies is not None  # checked just above
    cons_table = read_constituencies_csv(constituencies)
    votes: dict[str, list[PartyList]] = {}
    first_row: dict[str, int] = {}
    for where, row, p in zip(table.constituencies, table.rows, table.lists, strict=True):
        votes.setdefault(where, []).append(p)
        first_row.setdefault(where, row)
    cons = with_valid_votes(cons_table, votes)
    allocate_districts(  # checks both tables, naming file, row and field
        ruleset,
        cons,
        votes,
        constituencies_source=str(constituencies),
        votes_source=str(votes_csv),
        vote_rows=first_row,
    )
    return DistrictBaseline(cons, {k: tuple(v) for k, v in votes.items()})


def parse_move_in(text: str, *, option: str, share: bool) -> InConstituency:
    """``CONSTITUENCY:FROM:TO:AMOUNT`` (names may not contain ':'): a move in one place."""
    parts = text.rsplit(":", 3)
    if len(parts) != 4 or not all(p.strip() for p in parts[:3]):
        raise InputError.expected(
            what=option,
            expected="CONSTITUENCY:FROM:TO:AMOUNT, e.g. 'Madrid:PSOE:PP:20000'",
            got=text,
            location=Location(field=option),
            code="scenario.move_in",
            params={"what": option, "got": text},
        )
    where, source, target, amount = (p.strip() for p in parts)
    change: Change
    if share:
        change = MoveShare(source, target, parse_share(amount, option=option))
    else:
        change = MoveVotes(source, target, vote_amount(amount, option=option))
    return InConstituency(where, change)


def read_constituency_polls(path: Path, *, sample_size: int | None) -> dict[str, Poll]:
    """``constituency,party,share[,se]``: one poll per constituency, rows grouped by it."""
    name = str(path)
    header, rows = read_csv(path, what="constituency polls file")
    if "constituency" not in header:
        raise InputError.expected(
            what="the header",
            expected="to have a 'constituency' column",
            got=",".join(header),
            location=Location(name, None, "constituency"),
            code="csv.header_missing",
            params={"column": "constituency", "got": ",".join(header)},
        )
    grouped: dict[str, list[tuple[int, dict[str | None, Any]]]] = {}
    for number, row in enumerate(rows, start=1):
        where = (row.get("constituency") or "").strip()
        if not where:
            raise InputError.expected(
                what="the constituency",
                expected="non-empty",
                got=where,
                location=Location(name, number, "constituency"),
                code="votes.constituency_empty",
            )
        grouped.setdefault(where, []).append((number, row))
    return {
        where: poll_from_rows(name, header, numbered, sample_size)
        for where, numbered in grouped.items()
    }


def _votes(base: DistrictBaseline) -> dict[str, dict[str, int]]:
    return {c: {p.name: p.votes for p in lists} for c, lists in base.votes.items()}


def render_district_whatif(w: DistrictWhatIf, output: Format) -> None:
    """National seats before and after, and every constituency where seats changed."""
    before, after = _votes(w.baseline), _votes(w.scenario)
    if output is Format.JSON:
        payload = {
            "ruleset": w.after.ruleset_id,
            "seats": [
                {"party": p, "before": b, "after": a, "change": d} for p, b, a, d in w.rows()
            ],
            "constituencies": [
                {"constituency": c, "party": p, "before": b, "after": a, "change": d}
                for c, p, b, a, d in w.constituency_rows()
            ],
            "votes_after": after,
            "tie_before": w.before.tie is not None,
            "tie_after": w.after.tie is not None,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if output is Format.CSV:
        buffer = io.StringIO()
        writer = csvsafe.writer(buffer, lineterminator="\n")
        writer.writerow(
            ["constituency", "party", "votes_before", "votes_after", "seats_before", "seats_after"]
        )
        for c in w.baseline.constituencies:
            names = [*before[c.name], *(p for p in after[c.name] if p not in before[c.name])]
            for p in names:
                writer.writerow(
                    [
                        c.name,
                        p,
                        before[c.name].get(p, 0),
                        after[c.name].get(p, 0),
                        w.before.constituencies[c.name].get(p, 0),
                        w.after.constituencies[c.name].get(p, 0),
                    ]
                )
        typer.echo(buffer.getvalue(), nl=False)
        return
    console = Console()
    national = Table(title=f"What if — {w.after.ruleset_id}")
    for column in ("party", "seats before", "seats after", "change"):
        national.add_column(column, justify="left" if column == "party" else "right")
    for p, b, a, d in w.rows():
        style = "green" if d > 0 else "red" if d < 0 else None
        national.add_row(p, str(b), str(a), f"{d:+d}" if d else "", style=style)
    print_table(national, output, console=console)
    rows = w.constituency_rows()
    if rows:
        changed = Table(title="Seats that changed, by constituency")
        for column in ("constituency", "party", "before", "after", "change"):
            changed.add_column(
                column, justify="left" if column in ("constituency", "party") else "right"
            )
        for where, p, b, a, d in rows:
            changed.add_row(where, p, str(b), str(a), f"{d:+d}")
        print_table(changed, output, console=console)
    else:
        console.print("no seat changed in any constituency", markup=False)
    for label, result in (("before", w.before), ("after", w.after)):
        if result.tie is not None:
            console.print(
                f"undecided {label}: {result.tie.seats} seat(s) tied among "
                f"{', '.join(result.tie.contenders)}",
                markup=False,
            )
