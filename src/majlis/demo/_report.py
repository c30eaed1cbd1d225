"""The demo's HTML report, built from the count, the campaign and the chamber in the store."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from majlis import elections, parliament, record
from majlis.demo._campaign import Campaign
from majlis.demo._chamber import CONVOCATION, EXPULSION_DECIDED, OPENED, Chamber
from majlis.demo._count import Count
from majlis.demo._facts import ELECTION_SLUG
from majlis.demo._forensics import Forensics, forensics_tables
from majlis.law import render_trace
from majlis.palette import PARTY_COLOURS
from majlis.percent import percent
from majlis.report import ElectionReport, ReportTable, SeatBar
from majlis.results import Level, Severity

__all__ = ["build_report"]

_COLOUR = PARTY_COLOURS


def _results(count: Count) -> tuple[ReportTable, ...]:
    nat = count.tabulation.national
    valid_party = sum(v for _, v in nat.votes)
    national = ReportTable(
        "National result (sum of the final station protocols)",
        ("list", "votes", "share of party votes", "share of ballots"),
        [(n, v, percent(v, valid_party), percent(v, nat.lines["found"])) for n, v in nat.votes]
        + [
            (
                "invalid ballots",
                nat.lines["invalid"],
                "",
                percent(nat.lines["invalid"], nat.lines["found"]),
            )
        ],
        note=f"{nat.stations:,} stations; {nat.lines['voters']:,} voters on the lists; "
        f"{nat.lines['found']:,} ballots ({percent(nat.lines['issued'], nat.lines['voters'])} "
        "turnout). The published figures match line by line: "
        + ("yes." if not count.published else f"NO — {count.published}"),
    )
    names = [n for n, _ in nat.votes]
    regions = ReportTable(
        "By region",
        ("region", "stations", "voters", "turnout", *names),
        [
            (
                t.unit,
                t.stations,
                t.lines["voters"],
                percent(t.lines["issued"], t.lines["voters"]),
                *(percent(v, sum(x for _, x in t.votes)) for _, v in t.votes),
            )
            for t in sorted(count.tabulation.tallies(Level.REGION), key=lambda t: t.unit)
        ],
    )
    return national, regions


def _turnout(count: Count, width: int = 5) -> list[tuple[str, int]]:
    """Stations per turnout bin of ``width`` percentage points (100 % in the last bin)."""
    bins = [0] * (100 // width)
    for t in count.tabulation.tallies(Level.STATION):
        if t.lines["voters"]:
            bins[min(len(bins) - 1, int(100 * t.turnout) // width)] += 1
    return [(f"{i * width}–{(i + 1) * width}", n) for i, n in enumerate(bins)]


#: Which figures of the demo are real and which are made up, shown before any figure.
PROVENANCE: tuple[tuple[str, str], ...] = (
    (
        "Real",
        "the official national totals of the Majlis election of 10 January 2021 (voters, "
        "ballots, votes per list), the parties, the boycott and the seats allocated from them.",
    ),
    (
        "Synthetic",
        "the polling stations, their protocols and observer copies (made up by majlis synth, "
        "seeded, to sum to the official totals), the candidates and members, and the fraud "
        "injected into some stations so that the checks and the forensics have something to "
        "find. Figures per station, region, candidate or member, and every forensic signal, "
        "describe this synthetic election, not the real one.",
    ),
)


def _campaign(session: Session, campaign: Campaign) -> ReportTable:
    lists = elections.party_lists(session, election=ELECTION_SLUG)
    rows: list[tuple[str | int | None, ...]] = [
        (pl.ballot_position, pl.party_name, pl.status.value, len(pl.candidates), pl.standing)
        for pl in lists
    ]
    for event in elections.election_history(session, election=ELECTION_SLUG):
        if event.kind in ("boycott", "nomination-refused"):
            rows.append((None, event.detail, event.kind, 0, 0))
    return ReportTable(
        "Lists in ballot order (drawn by lot), the boycott and the refused nomination",
        ("ballot", "party", "status", "candidates", "standing"),
        rows,
        note="; ".join(campaign.withdrawn),
    )


def _composition(session: Session, on: date) -> ReportTable:
    comp = parliament.composition(session, on=on, convocation=CONVOCATION)
    rows: list[tuple[str | int | None, ...]] = [(g, s, "") for g, s in comp.by_group.items()]
    rows += [(f"vacant — {g}", s, "") for g, s in comp.vacant_by_group.items()]
    rows += [(f"seat type: {k.value}", s, "") for k, s in comp.by_kind.items()]
    return ReportTable(
        f"Composition on {on.isoformat()}",
        ("group", "seats", ""),
        rows,
        note=f"{comp.filled} of {comp.total_posts} seats held.",
    )


def _findings(count: Count) -> tuple[ReportTable, ...]:
    counts = count.rule_counts
    summary = ReportTable(
        "Checks of the official protocols",
        ("check", "what it checks", "severity", "protocols flagged"),
        [(rule.value, rule.meaning, rule.severity.value, n) for rule, n in counts.items()],
        note=f"{int(count.check.blocked.sum())} protocols blocked by an error. The letters are "
        "the protocol's lines: V voters on the list, V+ voters added on polling day, R ballots "
        "received, I issued, C cancelled, B found in the boxes, N invalid, Vd valid, A against "
        "all.",
    )
    sample = [f for f in count.check.findings() if f.severity is Severity.WARNING][:15]
    examples = ReportTable("Examples of warnings", ("finding",), [(str(f),) for f in sample])
    entries = ReportTable(
        "Double entry: fields on which the two independent entries differ",
        ("station", "field", "entry 1", "entry 2", "resolved to"),
        [
            (d.station, f.field, f.first, f.second, d.resolved[f.field])
            for d in count.entry_differences
            for f in d.fields
        ],
        note="Each difference went to a supervisor, who checked the paper protocol; the "
        "resolution is stored with the final protocol.",
    )
    return summary, examples, entries


def _discrepancies(count: Count) -> tuple[ReportTable, ...]:
    kinds = Counter(m.kind for m in count.synth.manipulations)
    copies = ReportTable(
        "Official protocols against observer copies",
        ("station", "observer", "line", "official", "copy", "difference"),
        [
            (d.unit, d.against, line.line, line.official, line.other, line.difference)
            for d in count.observer_discrepancies
            for line in d.differences
        ],
        note=f"{len(count.observer_discrepancies)} copies disagree with the official protocol. "
        "Ground truth of the synthetic election: "
        + ", ".join(f"{n} stations with {k}" for k, n in sorted(kinds.items())),
    )
    return (copies,)


def build_report(
    session: Session,
    *,
    count: Count,
    campaign: Campaign,
    chamber: Chamber,
    stations: int,
    forensics: Forensics,
    audit_report: str,
    ground_truth: str,
) -> ElectionReport:
    """Gather the report's sections from the count, the campaign, the chamber and the audit.

    ``audit_report`` and ``ground_truth`` are the paths of the forensic audit report and of
    the synthetic election's ground truth relative to this report.
    """
    comp = parliament.composition(session, on=OPENED, convocation=CONVOCATION)
    bar = [SeatBar(g, s, _COLOUR.get(g, "#9e9e9e")) for g, s in comp.by_group.items()]
    election_seats = chamber.seats
    status = election_seats.status
    seats = ReportTable(
        f"Seats allocated under {election_seats.allocation.ruleset_id}",
        ("list", "votes", "seats"),
        [(r.name, r.votes, r.seats) for r in sorted(election_seats.rows, key=lambda r: -r.seats)],
        note=(status.sentence() + " " if status is not None else "")
        + "The lists go to the law engine in their registration order (it breaks ties).",
    )
    trace = ReportTable(
        "How the seats were allocated (the trace)",
        ("step",),
        [(line,) for line in render_trace(election_seats.allocation.trace).splitlines()],
    )
    history = ReportTable(
        "The expulsion and its replacement, as recorded",
        ("date", "event", "detail"),
        [
            (e.occurred_on.isoformat(), e.kind, e.detail)
            for e in parliament.chamber_history(session, convocation=CONVOCATION)
            if e.kind not in ("seated", "opened")
        ],
        note=chamber.skipped,
    )
    nat = count.tabulation.national
    digest = record.record_digest(session).digest
    return ElectionReport(
        title="Majlis election of 10 January 2021 — majlis demo",
        polling_day=date(2021, 1, 10),
        summary={
            "Polling stations": f"{stations:,}",
            "Voters on the lists": f"{nat.lines['voters']:,}",
            "Ballots": f"{nat.lines['found']:,}",
            "Turnout": percent(nat.lines["issued"], nat.lines["voters"]),
            "Deputies seated": f"{chamber.seated} + {chamber.appointed} appointed",
            "Observer copies that disagree": f"{len(count.observer_discrepancies)}",
            "Record digest": f"{digest[:16]}…",
            "Forensic methods signalling on the synthetic protocols": (
                f"{forensics.signals} of {len(forensics.stored.record.methods)}"
            ),
        },
        seat_bar=bar,
        results=_results(count),
        seats=(_campaign(session, campaign), seats, trace),
        composition=(
            _composition(session, OPENED),
            _composition(session, EXPULSION_DECIDED),
            history,
        ),
        findings=_findings(count),
        discrepancies=_discrepancies(count),
        forensics=forensics_tables(forensics, report_name=audit_report, truth_name=ground_truth),
        forensics_link=audit_report,
        banner=status.sentence() if status is not None and status.provisional else "",
        provenance=PROVENANCE,
        turnout=_turnout(count),
        notes=(
            "The protocols, candidates and names are synthetic (majlis synth, seeded); the "
            "national totals, the parties, the boycott and the seats are the official ones.",
            f"Record digest (every chain of the record, as `majlis verify` prints it): {digest}. "
            "Whoever holds it can check this record, or an export of it, with "
            "`majlis verify --expect DIGEST`.",
            *campaign.refusals,
        ),
    )
