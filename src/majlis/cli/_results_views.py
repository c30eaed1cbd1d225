"""Rich renderings of protocols, findings, import reports and tallies (no logic)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from majlis.results import (
    FieldDifference,
    FinalDecision,
    Finding,
    ImportReport,
    Protocol,
    Rule,
    Severity,
    StoredVersion,
    TableCheck,
)

__all__ = ["check_report", "findings", "import_report", "protocol_detail"]


def findings(console: Console, items: Sequence[Finding], *, limit: int = 50) -> None:
    """A table of findings: station, severity, rule, message."""
    if not items:
        return
    table = Table("station", "severity", "rule", "finding", title="Findings")
    for f in items[:limit]:
        colour = "red" if f.severity is Severity.ERROR else "yellow"
        table.add_row(
            f.station, f"[{colour}]{f.severity.value}[/{colour}]", f.rule.value, f.message
        )
    console.print(table)
    if len(items) > limit:
        console.print(f"… and {len(items) - limit} more")


def import_report(console: Console, report: ImportReport) -> None:
    """What an import did, the rule counts and the blocking errors."""
    console.print(
        f"{report.path}: {report.rows:,} rows, {report.stored:,} stored, {report.final:,} final, "
        f"{report.blocked:,} blocked by errors, {len({p.row for p in report.problems}):,} "
        "rejected"
    )
    if report.agreement is not None:
        a = report.agreement
        console.print(
            f"double entry: {len(a.finalised):,} station(s) final (entries agree), "
            f"{len(a.differing):,} differ and await resolution, {len(a.blocked):,} blocked"
        )
    if report.reject_path is not None:
        console.print(f"rejected rows written to {report.reject_path}")
    counts = Table("rule", "severity", "protocols", title="Checks")
    for rule, n in report.rule_counts.items():
        if n:
            counts.add_row(rule.value, rule.severity.value, f"{n:,}")
    console.print(counts)
    findings(console, report.errors)


def check_report(console: Console, result: TableCheck, *, limit: int) -> None:
    """Rule counts over every protocol, then the first findings."""
    counts = Table(
        "rule",
        "severity",
        "protocols",
        title=f"Checks of {len(result.table):,} protocols",
    )
    for rule in Rule:
        counts.add_row(rule.value, rule.severity.value, f"{result.counts()[rule]:,}")
    console.print(counts)
    console.print(f"{int(result.blocked.sum()):,} protocol(s) cannot be final (errors)")
    findings(console, result.findings(), limit=limit)


def protocol_detail(
    console: Console,
    history: Sequence[StoredVersion],
    latest: Protocol | None,
    decision: FinalDecision | None,
    diffs: Sequence[FieldDifference],
) -> None:
    """A station's versions, latest official lines, entry differences and final status."""
    versions = Table(
        "source",
        "observer",
        "version",
        "hash",
        "entered by",
        "at",
        "reason",
        title="Versions (append-only)",
    )
    for v in history:
        p = v.protocol
        versions.add_row(
            p.source.value,
            p.observer or "",
            str(p.version),
            v.content_hash[:16],
            v.entered_by,
            f"{v.entered_at:%Y-%m-%d %H:%M}",
            p.reason or "",
        )
    console.print(versions)
    if latest is not None:
        lines = Table("line", "value", title=f"Latest official protocol (v{latest.version})")
        for name, value in latest.lines.field_values().items():
            lines.add_row(name, f"{value:,}")
        console.print(lines)
    if diffs:
        table = Table("field", "entry 1", "entry 2", "difference", title="Entry differences")
        for d in diffs:
            table.add_row(d.field, f"{d.first:,}", f"{d.second:,}", f"{d.difference:+,}")
        console.print(table)
    if decision is None:
        console.print("not final")
    else:
        console.print(
            f"final: version {decision.official_version} by {decision.method}, "
            f"decided by {decision.decided_by} at {decision.decided_at:%Y-%m-%d %H:%M}"
        )
