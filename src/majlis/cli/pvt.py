"""``majlis pvt design|status|estimate|compare``: the quick count (parse, call, render).

Reports are the observer copies at the sampled stations (``majlis results add`` /
``import`` with source ``observer``, or the API's observer-copy endpoint).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from majlis import pvt
from majlis.cli._app import app
from majlis.cli._output import Format, FormatOption, emit, print_table
from majlis.i18n import N_, fmt_int, fmt_pct, gettext, ngettext
from majlis.labels import seat_sentence
from majlis.note_text import note_text
from majlis.store import session_scope
from majlis.trace_text import term

__all__ = ["assign", "compare", "design", "estimate", "rounds", "status"]

pvt_app = typer.Typer(
    help=N_("Parallel vote tabulation (quick count): sample, status, estimate, comparison."),
    no_args_is_help=True,
)
app.add_typer(pvt_app, name="pvt")

Election = Annotated[str, typer.Option("--election", "-e", help=N_("Election slug."))]


#: Column headers of the tables a person reads (JSON and CSV keep the English keys).
_DESIGN_HEADERS = (N_("stratum"), N_("stations"), N_("voters"), N_("sample"))
_STATUS_HEADERS = (
    N_("stratum"),
    N_("sampled"),
    N_("reported"),
    N_("missing"),
    N_("conflict"),
    N_("rejected"),
)


def _json(doc: dict[str, Any]) -> None:
    typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))


def _points(share: float) -> str:
    """A margin in percentage points with two decimals, the language's way ("1.25" / "1,25")."""
    return fmt_pct(share).rstrip("%\xa0 ")


@pvt_app.command("design")
def design(
    election: Election,
    margin: Annotated[float, typer.Option(help=N_("Margin of error in points (0.5 = ½ point)."))],
    confidence: Annotated[float, typer.Option(help=N_("Confidence in percent (95, 99)."))] = 99.0,
    seed: Annotated[int | None, typer.Option(help=N_("The draw's seed."))] = None,
    seed_from: Annotated[
        str | None,
        typer.Option("--seed-from", help=N_("A public text; the seed is its SHA-256 (8 bytes).")),
    ] = None,
    stratify: Annotated[
        str, typer.Option(help=N_("Station attribute: region, territorial or none."))
    ] = "region",
    turnout: Annotated[float, typer.Option(help=N_("Expected turnout (0-1) for the size."))] = 1.0,
    stations: Annotated[
        int | None, typer.Option(help=N_("Draw this many stations instead of the formula's."))
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Show, store nothing."))] = False,
    designed_by: Annotated[str, typer.Option(help=N_("Who draws the sample."))] = "coordinator",
    fmt: FormatOption = Format.AUTO,
) -> None:
    """Size the sample (Estok, Nevitte & Cowan 2002), allocate by voters, draw, chain it."""
    with session_scope() as session:
        plan = pvt.plan_sample(
            session,
            election,
            margin=margin / 100.0,
            confidence=confidence / 100.0,
            seed=seed,
            seed_text=seed_from,
            stratify=stratify,
            turnout=turnout,
            stations=stations,
        )
        view = pvt.design_view(plan)
        if not dry_run:
            view["record_hash"] = pvt.store_sample(session, plan, designed_by=designed_by)
            session.commit()
    if fmt is Format.JSON:
        _json(view)
        return
    columns = ("stratum", "stations", "voters", "sample")
    if fmt is Format.CSV:
        emit(
            columns,
            [[row[c if c != "stratum" else "name"] for c in columns] for row in view["strata"]],
            fmt,
        )
        return
    console = Console()
    console.print(
        gettext(
            "%(election)s: ±%(margin)s points at %(confidence)s %% needs %(voters)s voters "
            "= %(stations)s stations (mean %(mean)s voters); drawing %(drawn)s; expected "
            "margin ±%(expected)s points if voters were drawn one by one (stations are "
            "clusters: the estimate's own margin is the one to quote)"
        )
        % {
            "election": election,
            "margin": f"{margin:g}",
            "confidence": f"{confidence:g}",
            "voters": fmt_int(plan.size.voters),
            "stations": fmt_int(plan.size.stations),
            "mean": fmt_int(round(plan.size.mean_station_voters)),
            "drawn": fmt_int(len(plan.stations)),
            "expected": _points(plan.expected_margin),
        },
        markup=False,
    )
    table = Table(*(gettext(c) for c in _DESIGN_HEADERS))
    for row in view["strata"]:
        table.add_row(
            row["name"], fmt_int(row["stations"]), fmt_int(row["voters"]), fmt_int(row["sample"])
        )
    print_table(table, fmt, console=console)
    seed_line = (
        gettext("seed %(seed)s = SHA-256 of '%(text)s'") % {"seed": plan.seed, "text": seed_from}
        if seed_from
        else gettext("seed %(seed)s") % {"seed": plan.seed}
    )
    console.print(seed_line, markup=False)
    if dry_run:
        console.print(gettext("dry run: nothing stored"))
    else:
        console.print(
            gettext("stored in the election's pvt_sample chain; publish this digest now:")
        )
        typer.echo(plan.sha256)


@pvt_app.command("assign")
def assign(
    election: Election,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.csv",
            help=N_(
                "CSV with columns station,observer and, optionally, phone (the observer's "
                "registered number: their text messages are matched by it)."
            ),
        ),
    ],
    designed_by: Annotated[str, typer.Option(help=N_("Who assigns."))] = "coordinator",
) -> None:
    """Assign observers (and their phones) to sampled stations, chained with the design."""
    if not file.is_file():
        raise typer.BadParameter(f"{file}: no such file", param_hint="FILE")
    assignments: dict[str, list[str]] = defaultdict(list)
    phones: dict[str, str] = {}
    with file.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"station", "observer"} <= set(reader.fieldnames):
            raise typer.BadParameter(
                f"{file}: needs the columns station,observer (and optionally phone)",
                param_hint="FILE",
            )
        for row in reader:
            assignments[row["station"].strip()].append(row["observer"])
            if (row.get("phone") or "").strip():
                phones[row["observer"].strip()] = row["phone"]
    with session_scope() as session:
        doc = pvt.assign_observers(
            session, election, assignments, designed_by=designed_by, phones=phones
        )
        session.commit()
    registered = len(doc.get("phones", {}))
    Console().print(
        gettext(
            "%(assigned)s of %(stations)s sampled stations assigned; %(phones)s registered; "
            "the design in force is now:"
        )
        % {
            "assigned": fmt_int(len(doc["assignments"])),
            "stations": fmt_int(len(doc["stations"])),
            "phones": ngettext("%(num)s phone", "%(num)s phones", registered)
            % {"num": fmt_int(registered)},
        }
    )
    typer.echo(doc["sha256"])


@pvt_app.command("status")
def status(election: Election, fmt: FormatOption = Format.AUTO) -> None:
    """The status board per stratum: reported, missing, in conflict, rejected."""
    with session_scope() as session:
        view = pvt.status_view(pvt.collect_reports(session, election))
    if fmt is Format.JSON:
        _json(view)
        return
    columns = ("stratum", "sampled", "reported", "missing", "conflict", "rejected")
    rows = [[row[c] for c in columns] for row in view["strata"]]
    if fmt is Format.CSV:
        emit(columns, rows, fmt)
        return
    total = [gettext("total"), *(view["total"][c] for c in columns[1:])]
    shown = [[str(r[0]), *(fmt_int(n) for n in r[1:])] for r in [*rows, total]]
    emit([gettext(c) for c in _STATUS_HEADERS], [*rows, total], fmt, shown=shown)
    console = Console()
    for line in view["problems"]:
        console.print(f"- {note_text(line)}", markup=False)


def _estimate_rows(view: dict[str, Any]) -> list[list[Any]]:
    """(list, share, margin95, margin99) per list, then the turnout (no 95 % margin)."""
    rows = [[r["name"], r["share"], r["margin95"], r["margin99"]] for r in view["lists"]]
    t = view["turnout"]
    return [*rows, [gettext("turnout"), t["share"], None, t["margin99"]]]


def _calls(console: Console, view: dict[str, Any]) -> None:
    for level, c in view["calls"].items():
        values = {
            "level": level,
            "leader": c["leader"],
            "runner_up": c["runner_up"],
            "gap": fmt_pct(c["gap"]),
            "margin": fmt_pct(c["gap_margin"]),
        }
        line = (
            gettext(
                "%(level)s %%: %(leader)s leads %(runner_up)s by %(gap)s (margin ±%(margin)s): "
                "called"
            )
            if c["callable"]
            else gettext(
                "%(level)s %%: %(leader)s leads %(runner_up)s by %(gap)s (margin ±%(margin)s): "
                "too close to call"
            )
        )
        console.print(line % values, markup=False)
        if c["too_close_to_threshold"]:
            console.print(
                gettext("  too close to the threshold: %(lists)s")
                % {"lists": ", ".join(c["too_close_to_threshold"])},
                markup=False,
            )
    if view["strata_missing"]:
        console.print(
            gettext(
                "strata without two reports (left out): %(strata)s; the estimate covers "
                "%(share)s of the register"
            )
            % {
                "strata": ", ".join(view["strata_missing"]),
                "share": fmt_pct(view["register_covered"]),
            },
            markup=False,
        )


@pvt_app.command("estimate")
def estimate(election: Election, fmt: FormatOption = Format.AUTO) -> None:
    """Each list's share and the turnout with 95 % and 99 % margins, and the calls."""
    with session_scope() as session:
        view = pvt.estimate_view(pvt.estimate_election(session, election))
    if fmt is Format.JSON:
        _json(view)
        return
    columns, rows = ("list", "share", "margin95", "margin99"), _estimate_rows(view)
    if fmt is Format.CSV:
        emit(columns, rows, fmt)
        return
    console = Console()
    console.print(
        ngettext(
            "%(election)s: %(num)s report; shares of %(base)s",
            "%(election)s: %(num)s reports; shares of %(base)s",
            view["reports"],
        )
        % {"election": election, "num": fmt_int(view["reports"]), "base": term(view["share_base"])},
        markup=False,
    )
    shown = [[r[0], *("" if v is None else fmt_pct(v) for v in r[1:])] for r in rows]
    emit((gettext("list"), gettext("share"), "±95 %", "±99 %"), rows, fmt, shown=shown)
    _calls(console, view)


@pvt_app.command("rounds")
def rounds(
    election: Election,
    count: Annotated[int, typer.Option("--rounds", help=N_("How many rounds."))] = 10,
    fmt: FormatOption = Format.AUTO,
) -> None:
    """The estimate as the reports arrived: after each tenth (or --rounds) of them."""
    with session_scope() as session:
        view = pvt.rounds_view(pvt.estimate_rounds(session, election, count))
    if fmt is Format.JSON:
        _json(view)
        return
    rows = view["rounds"]
    names = next((list(r["lists"]) for r in rows if r["lists"]), [])
    if fmt is Format.CSV:
        emit(
            ("at", "reports", *names),
            [
                [
                    r["at"],
                    r["reports"],
                    *(r["lists"][n]["share"] if r["lists"] else None for n in names),
                ]
                for r in rows
            ],
            fmt,
        )
        return
    table = Table(gettext("arrived by"), gettext("reports"), *names, gettext("strata missing"))
    for r in rows:
        cells = (
            [
                f"{fmt_pct(r['lists'][n]['share'])} ±{_points(r['lists'][n]['margin99'])}"
                for n in names
            ]
            if r["lists"]
            else ["—"] * len(names)
        )
        table.add_row(
            r["at"][:19], fmt_int(r["reports"]), *cells, ", ".join(r.get("strata_missing", []))
        )
    print_table(table, fmt)


@pvt_app.command("compare")
def compare(
    election: Election,
    draws: Annotated[int, typer.Option(help=N_("Seat draws from the estimate."))] = 4000,
    fmt: FormatOption = Format.AUTO,
) -> None:
    """The official shares and seats held against the quick count."""
    with session_scope() as session:
        view = pvt.compare_view(pvt.compare_election(session, election, draws=draws))
    if fmt is Format.JSON:
        _json(view)
        return
    keys = ("name", "estimate", "official", "z", "inside95", "inside99", "p_pass")
    rows = [[row[k] for k in keys] for row in view["lists"]]
    if fmt is Format.CSV:
        emit(("list", *keys[1:]), rows, fmt)
        return
    console = Console()
    yes, no = gettext("yes"), gettext("NO")
    shown = [
        [
            name,
            fmt_pct(est),
            fmt_pct(official),
            "—" if z is None else f"{z:+.1f}",
            yes if in95 else no,
            yes if in99 else no,
            "" if p is None else f"{p:.3f}",
        ]
        for name, est, official, z, in95, in99, p in rows
    ]
    headers = (
        gettext("list"),
        gettext("PVT"),
        gettext("official"),
        "z",
        gettext("in 95 %"),
        gettext("in 99 %"),
        "P(pass)",
    )
    emit(headers, rows, fmt, shown=shown)
    for row in view["seats"]:
        console.print(seat_sentence(row), markup=False)
    console.print(
        gettext("the official count is consistent with the quick count")
        if view["consistent"]
        else gettext("the official count is NOT consistent with the quick count at 99 %")
    )
